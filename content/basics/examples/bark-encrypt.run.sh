#!/usr/bin/env bash
# Bark 加密推送：把推送参数的 JSON 用 AES-128-CBC 加密，作为 ciphertext 发送。
# App 里“推送加密”设置为 AES128 / CBC，KEY 与这里一致。前半段用官方文档的示例
# 参数验证算法（结果必须与文档给出的密文相同），后半段生成一条带随机 IV 的真实推送。
set -euo pipefail

to_hex() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n'; }   # openssl 要十六进制的 KEY/IV

encrypt() {   # encrypt <明文> <16 位 KEY> <16 位 IV>
  printf '%s' "$1" | openssl enc -aes-128-cbc -K "$(to_hex "$2")" -iv "$(to_hex "$3")" | openssl base64 -A
}
decrypt() {
  printf '%s' "$1" | openssl base64 -d -A | openssl enc -d -aes-128-cbc -K "$(to_hex "$2")" -iv "$(to_hex "$3")"
}

# 1. 官方文档示例：KEY 和 IV 都是 1234567890123456
doc=$(encrypt '{"body": "test", "sound": "birdsong"}' 1234567890123456 1234567890123456)
[[ "$doc" == '+aPt5cwN9GbTLLSFri60l3h1X00u/9j1FENfWiTxhNHVLGU+XoJ15JJG5W/d/yf0' ]] \
  || { echo "与文档示例不一致: $doc" >&2; exit 1; }
echo "文档示例密文一致: $doc"

# 2. 实际推送：KEY 固定（与 App 中设置的相同），IV 每次随机并随请求发送
KEY='k3y-for-bark-16b'
IV=$(openssl rand -hex 8)            # 16 个字符
payload='{"title":"备份失败","body":"db01 全量备份退出码 2","group":"backup","level":"timeSensitive"}'
ct=$(encrypt "$payload" "$KEY" "$IV")
[[ "$(decrypt "$ct" "$KEY" "$IV")" == "$payload" ]] || { echo "解密校验失败" >&2; exit 1; }
echo "随机 IV 加密并解密校验通过"

# 真正发送时把服务器地址和设备 key 换成自己的，密文里有 + / = 必须 URL 编码：
echo '发送：curl -fsS --data-urlencode "ciphertext=$ct" --data-urlencode "iv=$IV" https://bark.example.com/DEVICE_KEY'
