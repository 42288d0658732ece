"""把一条告警拼成 Telegram MarkdownV2 消息，并打印 sendMessage 的请求体（不发送）。

MarkdownV2 的转义规则（Bot API 文档 Formatting options）：
- 普通文本里 _ * [ ] ( ) ~ ` > # + - = | { } . ! 都要在前面加反斜杠，反斜杠本身也要转义；
- `code` 和 ```pre``` 里只转义 ` 和 \\；
- 链接 [文字](URL) 的括号里只转义 ) 和 \\。
只用标准库。把打印出的 JSON 存成 payload.json 后，就可以用 curl 发出去。
"""
import json
import re

SPECIAL = "_*[]()~`>#+-=|{}.!\\"


def esc(text: str) -> str:
    """普通文本：每个特殊字符前加反斜杠。"""
    return "".join("\\" + ch if ch in SPECIAL else ch for ch in text)


def esc_code(text: str) -> str:
    """code/pre 实体内部：只转义反斜杠和反引号。"""
    return text.replace("\\", "\\\\").replace("`", "\\`")


def esc_url(url: str) -> str:
    """内联链接的 URL 部分：只转义反斜杠和右括号。"""
    return url.replace("\\", "\\\\").replace(")", "\\)")


def bold(text: str) -> str:
    return f"*{esc(text)}*"


def code(text: str) -> str:
    return f"`{esc_code(text)}`"


def pre(text: str, lang: str = "") -> str:
    return f"```{lang}\n{esc_code(text)}\n```"


def link(label: str, url: str) -> str:
    return f"[{esc(label)}]({esc_url(url)})"


alert = {
    "status": "firing",
    "alertname": "DiskAlmostFull",
    "severity": "critical",
    "instance": "node-01.prod:9100",
    "summary": "磁盘 /data 使用率 93.5% (> 90%)，预计 2 小时内写满!",
    "command": "df -h /data | grep -v 'Use%'",
    "log": 'EXT4-fs warning (device sda1): ext4_dx_add_entry: dir "C:\\backup" full',
    "runbook": "https://wiki.example.com/runbook/disk_(full)",
}

lines = [
    f"🔥 {bold('[' + alert['severity'].upper() + '] ' + alert['alertname'])}",
    f"实例：{code(alert['instance'])}",
    esc(alert["summary"]),
    "",
    f"排查：{code(alert['command'])}",
    pre(alert["log"], "text"),
    link("Runbook: disk_(full)", alert["runbook"]),
]
text = "\n".join(lines)

# 自检一：普通文本转义后再“反转义”，必须还原成原文。
for plain in (alert["summary"], alert["alertname"], "a\\b_c*d"):
    assert re.sub(r"\\(.)", r"\1", esc(plain)) == plain, plain
# 自检二：普通文本转义结果里不能有“裸”的特殊字符。
body = esc(alert["summary"])
for i, ch in enumerate(body):
    if ch in SPECIAL and ch != "\\":
        assert body[i - 1] == "\\", f"第 {i} 个字符 {ch!r} 没有转义"
# sendMessage 的 text 在解析实体后最多 4096 个字符。
assert len(text) <= 4096

payload = {
    "chat_id": -1001234567890,
    "text": text,
    "parse_mode": "MarkdownV2",
    "link_preview_options": {"is_disabled": True},
}

print("== MarkdownV2 文本 ==")
print(text)
print()
print("== sendMessage 请求体（未发送）==")
print(json.dumps(payload, ensure_ascii=False, indent=2))
