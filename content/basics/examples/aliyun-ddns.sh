#!/usr/bin/env bash
# 用阿里云 CLI 做 DDNS：把 home.example.com 的 A 记录更新为本机当前的公网出口 IP。
# 放进 cron 或 systemd timer 每 5 分钟跑一次。依赖：aliyun（已配置 profile）、jq、curl。
# 只需要一个最小权限的 RAM 身份：alidns:DescribeSubDomainRecords、AddDomainRecord、UpdateDomainRecord。
set -euo pipefail

PROFILE=${PROFILE:-ddns}          # aliyun configure --profile ddns ...
DOMAIN=${DOMAIN:-example.com}
RR=${RR:-home}                    # 主机记录，home.example.com
TTL=${TTL:-600}

ip=$(curl -fsS --max-time 10 https://api.ipify.org)
[[ $ip =~ ^([0-9]{1,3}\.){3}[0-9]{1,3}$ ]] || { echo "取到的 IP 不合法: $ip" >&2; exit 1; }

records=$(aliyun alidns DescribeSubDomainRecords --profile "$PROFILE" \
  --SubDomain "$RR.$DOMAIN" --Type A)
count=$(jq -r '.TotalCount' <<<"$records")

if [[ $count == 0 ]]; then
  aliyun alidns AddDomainRecord --profile "$PROFILE" \
    --DomainName "$DOMAIN" --RR "$RR" --Type A --Value "$ip" --TTL "$TTL" >/dev/null
  echo "已新增 $RR.$DOMAIN -> $ip"
  exit 0
fi

record_id=$(jq -r '.DomainRecords.Record[0].RecordId' <<<"$records")
current=$(jq -r '.DomainRecords.Record[0].Value' <<<"$records")

# 值没变时不要调用 UpdateDomainRecord，否则会返回 DomainRecordDuplicate 错误
if [[ $current == "$ip" ]]; then
  exit 0
fi

aliyun alidns UpdateDomainRecord --profile "$PROFILE" \
  --RecordId "$record_id" --RR "$RR" --Type A --Value "$ip" --TTL "$TTL" >/dev/null
echo "已更新 $RR.$DOMAIN: $current -> $ip"
