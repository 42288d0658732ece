"""生成和解析 RustDesk 客户端的“服务器配置字符串”。

客户端“网络 → 导出服务器配置”得到的字符串，就是把
{"host","relay","api","key"} 这个 JSON 做 base64url 编码后再整体倒序。
把它粘贴到“导入服务器配置”，或者在已安装的客户端上执行
`rustdesk --config <字符串>`（需要管理员权限），即可一次填好 ID 服务器和 Key。
"""
import base64
import json


def encode(host: str, key: str, relay: str = "", api: str = "") -> str:
    cfg = {"host": host, "relay": relay, "api": api, "key": key}
    raw = json.dumps(cfg, separators=(",", ":")).encode()
    # 去掉末尾的 "=" 填充：客户端解码时会自行补齐
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")[::-1]


def decode(text: str) -> dict:
    b64 = text.strip()[::-1].lstrip("=")
    b64 += "=" * (-len(b64) % 4)
    return json.loads(base64.urlsafe_b64decode(b64))


def check_key(key: str) -> None:
    # id_ed25519.pub 的内容：32 字节 Ed25519 公钥的标准 base64，共 44 个字符
    raw = base64.b64decode(key, validate=True)
    assert len(raw) == 32, f"公钥应为 32 字节，实际 {len(raw)} 字节"


# 1. 为自建服务器生成配置字符串（key 取自服务器上的 data/id_ed25519.pub）
host = "rd.example.com"
key = "PiyF0we8xWMqurpzb9049cbgnnqcTjGrla7+V1DhiSY="
check_key(key)
s = encode(host, key)
print(s)
assert decode(s) == {"host": host, "relay": "", "api": "", "key": key}

# 2. 解析 RustDesk 源码测试用例里的一个字符串，确认编码规则与上游一致
upstream = "0nI900VsFHZVBVdIlncwpHS4V0bOZ0dtVldrpVO4JHdCp0YV5WdzUGZzdnYRVjI6ISeltmIsISMuEjLx4SMiojI0N3boJye"
print(json.dumps(decode(upstream), ensure_ascii=False))
