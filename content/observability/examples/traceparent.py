"""解析、校验并向下游传递 W3C traceparent 头（Trace Context 规范，version 00）。"""
import re

TRACEPARENT = re.compile(
    r"^(?P<version>[0-9a-f]{2})-(?P<trace_id>[0-9a-f]{32})-"
    r"(?P<parent_id>[0-9a-f]{16})-(?P<flags>[0-9a-f]{2})$"
)


def parse(header):
    """返回 dict；不合法时返回 None（接收方应当丢弃它、开始一条新链路）。"""
    m = TRACEPARENT.match(header.strip())
    if not m:
        return None
    tp = m.groupdict()
    if tp["version"] == "ff":                 # ff 是保留的非法版本
        return None
    if set(tp["trace_id"]) == {"0"} or set(tp["parent_id"]) == {"0"}:
        return None                           # 全 0 的 ID 无效
    tp["sampled"] = bool(int(tp["flags"], 16) & 0x01)
    return tp


def child(tp, new_span_id):
    """本服务创建的 span 成为下游的父节点：trace-id 不变，parent-id 换成自己的 span-id。"""
    return f"00-{tp['trace_id']}-{new_span_id}-{tp['flags']}"


incoming = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
tp = parse(incoming)
print("trace_id :", tp["trace_id"])
print("parent_id:", tp["parent_id"])
print("sampled  :", tp["sampled"])
print("outgoing :", child(tp, "b7ad6b7169203331"))

for bad in (
    "00-00000000000000000000000000000000-00f067aa0ba902b7-01",  # trace-id 全 0
    "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",  # 必须是小写十六进制
    "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",  # 非法版本
    "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",     # 少了 flags
):
    assert parse(bad) is None, bad
print("invalid  : 4 个不合法的头全部被拒绝")

assert parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00")["sampled"] is False
