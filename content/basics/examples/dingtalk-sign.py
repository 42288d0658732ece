"""钉钉自定义机器人“加签”：用固定的时间戳和密钥算出 sign，打印每一步的中间结果。

算法（钉钉开放平台文档“自定义机器人安全设置”）：
1. 待签名字符串 = 毫秒时间戳 + "\\n" + 密钥（SEC 开头的那串）；
2. 以密钥为 key，对待签名字符串做 HmacSHA256；
3. 结果做 Base64；
4. 再做 URL 编码，得到 sign；
5. 请求地址 = Webhook 地址 + &timestamp=...&sign=...
时间戳与钉钉服务器时间相差超过 1 小时会被拒绝，实际使用时取当前时间：
    timestamp = str(round(time.time() * 1000))
只用标准库。
"""
import base64
import hashlib
import hmac
import urllib.parse

WEBHOOK = "https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef"  # 示例
SECRET = "SEC4f3a9c2e7b1d8a6f5e0c9b8a7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7"  # 示例
TIMESTAMP = "1767225600000"  # 2026-01-01 00:00:00 UTC，固定值便于复现


def sign(timestamp: str, secret: str) -> tuple[str, str, str]:
    string_to_sign = f"{timestamp}\n{secret}"
    digest = hmac.new(secret.encode("utf-8"), string_to_sign.encode("utf-8"), hashlib.sha256).digest()
    b64 = base64.b64encode(digest).decode("ascii")
    return string_to_sign, b64, urllib.parse.quote_plus(b64)


string_to_sign, b64, encoded = sign(TIMESTAMP, SECRET)

# 自检：HmacSHA256 的结果是 32 字节；URL 解码后必须还原成 Base64。
assert len(base64.b64decode(b64)) == 32
assert urllib.parse.unquote_plus(encoded) == b64

url = f"{WEBHOOK}&timestamp={TIMESTAMP}&sign={encoded}"
print("待签名字符串:", repr(string_to_sign))
print("Base64     :", b64)
print("sign       :", encoded)
print("请求地址    :", url)
