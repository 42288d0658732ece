#!/usr/bin/env bash
# idrac-inventory.run.sh：批量巡检一组 iDRAC——型号、服务编号、电源、整机健康和最近一条严重级 SEL 事件。
# 真实环境下 redfish() 用 curl 访问 iDRAC；设置 REDFISH_MOCK 时改读本地 JSON 文件，
# 这里就用它演示（下面生成的 JSON 只保留了 Redfish 响应里用到的字段）。
set -euo pipefail

IDRAC_USER=${IDRAC_USER:-root}

redfish() {                      # 用法：redfish <iDRAC 地址> <Redfish 路径>
  local host=$1 path=$2
  if [[ -n ${REDFISH_MOCK:-} ]]; then
    local f="$REDFISH_MOCK/$host${path//\//_}.json"
    [[ -f $f ]] || { echo "connection failed" >&2; return 7; }
    cat "$f"
    return
  fi
  # -k：iDRAC 多为自签名证书；生产环境应导入受信任的证书后去掉 -k
  curl -sS --fail --max-time 20 -k -u "$IDRAC_USER:${IDRAC_PASS:?set IDRAC_PASS}" \
    -H 'Accept: application/json' "https://$host$path"
}

SYS=/redfish/v1/Systems/System.Embedded.1
SEL=/redfish/v1/Managers/iDRAC.Embedded.1/LogServices/Sel/Entries

# ---- 演示数据：三台服务器，其中一台有故障，另一台的 iDRAC 不通 ----
export REDFISH_MOCK=$PWD/mock
mkdir -p "$REDFISH_MOCK"
mock() { cat > "$REDFISH_MOCK/$1${2//\//_}.json"; }
mock 10.10.0.21 "$SYS" <<'JSON'
{"Model": "PowerEdge R760", "SKU": "7XK9Q54", "PowerState": "On",
 "Status": {"Health": "OK", "HealthRollup": "OK", "State": "Enabled"},
 "MemorySummary": {"TotalSystemMemoryGiB": 512}, "ProcessorSummary": {"Count": 2}}
JSON
mock 10.10.0.21 "$SEL" <<'JSON'
{"Members": [{"Created": "2026-10-02T08:11:05-05:00", "Severity": "OK", "Message": "Log cleared."}]}
JSON
mock 10.10.0.22 "$SYS" <<'JSON'
{"Model": "PowerEdge R660", "SKU": "4HBW2M3", "PowerState": "On",
 "Status": {"Health": "Critical", "HealthRollup": "Critical", "State": "Enabled"},
 "MemorySummary": {"TotalSystemMemoryGiB": 256}, "ProcessorSummary": {"Count": 2}}
JSON
mock 10.10.0.22 "$SEL" <<'JSON'
{"Members": [
  {"Created": "2026-10-14T02:40:17-05:00", "Severity": "Critical", "Message": "Multi-bit memory errors detected on a memory device at location(s) DIMM_B3."},
  {"Created": "2026-10-01T09:00:00-05:00", "Severity": "OK", "Message": "Log cleared."}]}
JSON

# ---- 巡检 ----
hosts=(10.10.0.21 10.10.0.22 10.10.0.23)
bad=0
printf '%-11s %-15s %-8s %-6s %-9s %s\n' IDRAC MODEL TAG POWER HEALTH LAST_CRITICAL
for h in "${hosts[@]}"; do
  if ! sys=$(redfish "$h" "$SYS" 2>/dev/null); then
    printf '%-11s %s\n' "$h" "UNREACHABLE"
    bad=$((bad + 1))
    continue
  fi
  read -r model tag power health < <(jq -r '[(.Model | gsub(" "; "_")), .SKU, .PowerState, .Status.HealthRollup] | @tsv' <<<"$sys")
  # 最近的一条 Critical 事件（按时间排序后取最后一条，不依赖返回顺序）
  last=$(redfish "$h" "$SEL" | jq -r '[.Members[] | select(.Severity == "Critical")] | sort_by(.Created) | last // empty | "\(.Created[0:10]) \(.Message)"')
  printf '%-11s %-15s %-8s %-6s %-9s %s\n' "$h" "$model" "$tag" "$power" "$health" "${last:--}"
  [[ $health == OK ]] || bad=$((bad + 1))
done
echo "需要处理：$bad 台"

# 自检
[[ $bad -eq 2 ]]
