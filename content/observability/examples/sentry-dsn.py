"""拆开一个 Sentry DSN，算出上报地址和鉴权头，并拼一个最小的测试 envelope。

排查“SDK 说发了、Sentry 里没有”时，用这些值直接 curl，就能把问题切成两半：
是网络/反向代理/Relay 的问题，还是 SDK 配置的问题。
"""
import json
from urllib.parse import urlsplit

DSN = "https://3f6a9c2e8b7d4e1fa0c5b9d2e4f81a37@sentry.example.com/7"


def parse_dsn(dsn):
    u = urlsplit(dsn)
    path, _, project_id = u.path.rpartition("/")
    if not (u.scheme in ("http", "https") and u.username and project_id.isdigit()):
        raise ValueError(f"不是合法的 DSN：{dsn}")
    base = f"{u.scheme}://{u.hostname}" + (f":{u.port}" if u.port else "") + path
    return {"public_key": u.username, "base": base, "project_id": project_id}


d = parse_dsn(DSN)
endpoint = f"{d['base']}/api/{d['project_id']}/envelope/"
auth = f"Sentry sentry_version=7, sentry_key={d['public_key']}, sentry_client=curl/manual"

event = {"message": "sentry smoke test from ops", "level": "error", "platform": "other"}
payload = json.dumps(event, ensure_ascii=False, separators=(",", ":"))
envelope = "\n".join([
    json.dumps({"event_id": "9ec79c33ec9942ab8353589fcb2e04dc", "sent_at": "2026-11-20T10:31:07Z"},
               separators=(",", ":")),
    json.dumps({"type": "event", "length": len(payload.encode())}, separators=(",", ":")),
    payload,
]) + "\n"

print("public_key :", d["public_key"])
print("project_id :", d["project_id"])
print("endpoint   :", endpoint)
print("X-Sentry-Auth:", auth)
print("--- envelope ---")
print(envelope, end="")

# 自检：item 头里的 length 必须等于 payload 的字节数
header, item_header, body = envelope.rstrip("\n").split("\n")
assert json.loads(item_header)["length"] == len(body.encode())
for bad in ("https://sentry.example.com/7", "https://key@sentry.example.com/project"):
    try:
        parse_dsn(bad)
    except ValueError:
        pass
    else:
        raise AssertionError(bad)
