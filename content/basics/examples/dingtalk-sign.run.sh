#!/usr/bin/env bash
# 在 Shell 里给钉钉机器人加签并发送（只用 openssl、base64、curl）。
# 这里用与 dingtalk-sign.py 相同的固定时间戳和密钥，两种实现必须得到同一个 sign；
# 实际使用时把 TIMESTAMP 换成 $(( $(date +%s) * 1000 ))，并去掉 DRY_RUN。
set -euo pipefail

WEBHOOK='https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef'
SECRET='SEC4f3a9c2e7b1d8a6f5e0c9b8a7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7'
TIMESTAMP=1767225600000
DRY_RUN=1

# printf 保证换行符是真正的 \n，且末尾不多出换行
b64=$(printf '%s\n%s' "$TIMESTAMP" "$SECRET" \
  | openssl dgst -sha256 -hmac "$SECRET" -binary | base64)
# Base64 里只可能出现 + / = 三个需要编码的字符
sign=$(printf '%s' "$b64" | sed -e 's/+/%2B/g' -e 's#/#%2F#g' -e 's/=/%3D/g')

expected='EwvE%2Bl2tK4%2FjzSGcZw9LfinKCxFK9WpKS93vem%2Fe7gE%3D'   # dingtalk-sign.py 的输出
[[ "$sign" == "$expected" ]] || { echo "签名不一致: $sign" >&2; exit 1; }
echo "sign: $sign"

body=$(cat <<'JSON'
{"msgtype":"text","text":{"content":"【告警】备份任务失败 @13800000000"},
 "at":{"atMobiles":["13800000000"],"isAtAll":false}}
JSON
)

if [[ -n "${DRY_RUN:-}" ]]; then
  echo "DRY_RUN: 不发送，请求地址 ${WEBHOOK}&timestamp=${TIMESTAMP}&sign=${sign}"
else
  # 钉钉的业务错误通常仍返回 HTTP 200，要检查响应里的 errcode
  resp=$(curl -fsS --max-time 10 -H 'Content-Type: application/json' \
    -d "$body" "${WEBHOOK}&timestamp=${TIMESTAMP}&sign=${sign}")
  [[ "$resp" == *'"errcode":0'* ]] || { echo "发送失败: $resp" >&2; exit 1; }
fi
