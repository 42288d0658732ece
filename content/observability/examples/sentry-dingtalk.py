"""把 Sentry 告警 webhook（WebHooks 集成的 JSON）转换成钉钉自定义机器人的 markdown 消息，并按加签规则生成请求地址。

这是转发服务的核心逻辑：HTTP 服务收到 Sentry 的 POST 后调用 to_dingtalk()，
再把结果 POST 到 signed_url() 返回的地址。时间戳和密钥在这里写死，便于核对输出。
"""
import base64
import hashlib
import hmac
import json
from urllib.parse import quote_plus

# Sentry 发来的 payload（字段取自 WebHooks 集成的格式，只保留用到的部分）
sentry_payload = {
    "id": "4821",
    "project": "order-api",
    "project_name": "order-api",
    "level": "error",
    "culprit": "app.services.payment in charge",
    "message": "",
    "url": "https://sentry.example.com/organizations/acme/issues/4821/",
    "triggering_rules": ["生产环境新问题"],
    "event": {
        "title": "TimeoutError: payment gateway did not respond in 5s",
        "environment": "production",
        "release": "order-api@1.8.2",
    },
}


def to_dingtalk(p):
    e = p.get("event", {})
    title = e.get("title") or p.get("message") or "Sentry alert"
    lines = [
        f"### [{p['level'].upper()}] {p['project_name']}",
        f"**{title}**",
        f"- 位置：{p.get('culprit', '')}",
        f"- 环境：{e.get('environment', '-')}　版本：{e.get('release', '-')}",
        f"- 规则：{', '.join(p.get('triggering_rules', []))}",
        f"[在 Sentry 中查看]({p['url']})",
    ]
    return {"msgtype": "markdown", "markdown": {"title": f"{p['project_name']}: {title}"[:64], "text": "\n\n".join(lines)}}


def signed_url(access_token, secret, timestamp_ms):
    string_to_sign = f"{timestamp_ms}\n{secret}"
    digest = hmac.new(secret.encode(), string_to_sign.encode(), hashlib.sha256).digest()
    sign = quote_plus(base64.b64encode(digest))
    return f"https://oapi.dingtalk.com/robot/send?access_token={access_token}&timestamp={timestamp_ms}&sign={sign}"


msg = to_dingtalk(sentry_payload)
print(json.dumps(msg, ensure_ascii=False, indent=2))
print(signed_url("ACCESS_TOKEN", "SEC0123456789abcdef", 1790140800000))

assert msg["markdown"]["text"].startswith("### [ERROR] order-api")
assert "sentry.example.com/organizations/acme/issues/4821" in msg["markdown"]["text"]
