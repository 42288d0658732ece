#!/usr/bin/env bash
# tools-jq.run.sh：运维里最常用的一组 jq 写法，作用在一份 kubectl 风格的 JSON 和一份 JSON Lines 日志上。
# 只用 jq 1.6 起就有的功能，在 1.6、1.7、1.8 上输出相同。
set -euo pipefail

work=$(mktemp -d)
trap 'rm -rf -- "$work"' EXIT

cat >"$work/pods.json" <<'JSON'
{
  "apiVersion": "v1",
  "kind": "List",
  "items": [
    {
      "metadata": {"name": "web-7d4b9c-abcde", "namespace": "shop", "labels": {"app": "web", "tier": "frontend"}},
      "spec": {"nodeName": "node-1", "containers": [{"name": "web", "image": "nginx:1.28"}]},
      "status": {"phase": "Running", "containerStatuses": [{"name": "web", "ready": true, "restartCount": 0}]}
    },
    {
      "metadata": {"name": "api-5f6c8d-xk2lp", "namespace": "shop", "labels": {"app": "api"}},
      "spec": {"nodeName": "node-2", "containers": [{"name": "api", "image": "registry.example.internal/shop/api:2.4.1"}, {"name": "envoy", "image": "envoyproxy/envoy:v1.34.1"}]},
      "status": {"phase": "Running", "containerStatuses": [{"name": "api", "ready": false, "restartCount": 7}, {"name": "envoy", "ready": true, "restartCount": 0}]}
    },
    {
      "metadata": {"name": "migrate-28x9q", "namespace": "shop", "labels": {"job-name": "migrate"}},
      "spec": {"nodeName": "node-1", "containers": [{"name": "migrate", "image": "registry.example.internal/shop/api:2.4.1"}]},
      "status": {"phase": "Failed", "containerStatuses": [{"name": "migrate", "ready": false, "restartCount": 0}]}
    },
    {
      "metadata": {"name": "worker-0", "namespace": "batch"},
      "spec": {"containers": [{"name": "worker", "image": "python:3.13-slim"}]},
      "status": {"phase": "Pending"}
    }
  ]
}
JSON

cat >"$work/app.log" <<'LOG'
{"ts":"2026-11-20T10:00:01Z","level":"info","path":"/api/orders","status":200,"ms":31}
{"ts":"2026-11-20T10:00:02Z","level":"error","path":"/api/pay","status":502,"ms":3002,"err":"upstream reset"}
{"ts":"2026-11-20T10:00:04Z","level":"info","path":"/api/orders","status":200,"ms":45}
{"ts":"2026-11-20T10:00:07Z","level":"warn","path":"/api/pay","status":200,"ms":950}
{"ts":"2026-11-20T10:00:09Z","level":"error","path":"/api/pay","status":504,"ms":60001,"err":"timeout"}
LOG

cd "$work"

echo "== 1. 没在 Running 的 Pod（-r 输出原始字符串，不带引号）"
jq -r '.items[] | select(.status.phase != "Running") | .metadata.name' pods.json

echo "== 2. 表格：名字、节点、阶段、镜像（@tsv；缺字段用 // 给默认值）"
jq -r '.items[] | [.metadata.name, (.spec.nodeName // "-"), .status.phase, ([.spec.containers[].image] | join(","))] | @tsv' pods.json

echo "== 3. 按阶段计数"
jq -c '[.items[].status.phase] | group_by(.) | map({phase: .[0], count: length})' pods.json

echo "== 4. 重启次数合计、未就绪的容器（? 跳过没有 containerStatuses 的 Pod）"
jq '[.items[].status.containerStatuses[]?.restartCount] | add' pods.json
jq -r '.items[] | .metadata.name as $pod | .status.containerStatuses[]? | select(.ready | not) | "\($pod)/\(.name) restarts=\(.restartCount)"' pods.json

echo "== 5. 用到的镜像去重（unique 会排序）"
jq -r '[.items[].spec.containers[].image] | unique[]' pods.json

echo "== 6. 标签转成 key=value，没有标签的 Pod 跳过"
jq -r '.items[] | select(.metadata.labels) | .metadata.name + ": " + ([.metadata.labels | to_entries[] | "\(.key)=\(.value)"] | join(","))' pods.json

echo "== 7. 从 shell 传参（--arg 是字符串，--argjson 是 JSON 值），改写后输出紧凑 JSON"
jq -c --arg ns shop --argjson min 1 \
  '[.items[] | select(.metadata.namespace == $ns and ([.status.containerStatuses[]?.restartCount] | add // 0) >= $min) | .metadata.name]' pods.json
jq -c --arg img 'registry.example.internal/shop/api:2.4.2' \
  '.items[1] | .spec.containers |= map(if .name == "api" then .image = $img else . end) | .spec.containers' pods.json

echo "== 8. 删掉噪声字段再比较（del）"
jq -c '.items[0] | del(.status, .spec.nodeName)' pods.json

echo "== 9. 把嵌套 JSON 展平成 路径=值"
jq -r '.items[0].metadata | paths(scalars) as $p | "\($p | map(tostring) | join("."))=\(getpath($p))"' pods.json

echo "== 10. JSON Lines 日志：筛出错误、按路径统计（-s 把多行读成一个数组）"
jq -c 'select(.level == "error") | {ts, path, err}' app.log
jq -s -c 'group_by(.path) | map({path: .[0].path, n: length, max_ms: (map(.ms) | max), avg_ms: ((map(.ms) | add) / length | floor)})' app.log

echo "== 11. 时间：ISO 8601 转 Unix 秒，再算两条日志的间隔"
jq -s '(.[-1].ts | fromdate) - (.[0].ts | fromdate)' app.log

echo "== 12. 合并两个 JSON 对象（* 深度合并，右边优先）"
echo '{"log":{"level":"info","format":"json"},"port":8080}' >base.json
echo '{"log":{"level":"debug"}}' >override.json
jq -s -c '.[0] * .[1]' base.json override.json

echo "== 13. 在脚本里做判断：-e 让退出码跟随结果（false/null 时非 0）"
if jq -e '.items | all(.status.phase == "Running")' pods.json >/dev/null; then
  echo "all running"
else
  echo "not all running (exit $?)"
fi
