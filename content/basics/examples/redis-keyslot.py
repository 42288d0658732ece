"""Redis Cluster 的键槽计算：CRC16(XMODEM) 对 16384 取模，支持 {hash tag}。

用途：设计键名时先算一算，确认要一起用于 MGET、事务或 Lua 脚本的键
落在同一个槽里；结果与 CLUSTER KEYSLOT 命令一致。
"""

SLOTS = 16384


def crc16(data: bytes) -> int:
    """CRC16-CCITT（XMODEM）：多项式 0x1021，初值 0，不反转。"""
    crc = 0
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return crc


def hash_part(key: bytes) -> bytes:
    """只有第一个 { 与其后第一个 } 之间非空时，才只对花括号里的部分求哈希。"""
    start = key.find(b"{")
    if start != -1:
        end = key.find(b"}", start + 1)
        if end > start + 1:
            return key[start + 1:end]
    return key


def keyslot(key: str) -> int:
    return crc16(hash_part(key.encode())) % SLOTS


if __name__ == "__main__":
    # 校验：CRC16/XMODEM 的标准校验值，以及 Redis 文档里 CLUSTER KEYSLOT 的示例
    assert crc16(b"123456789") == 0x31C3
    assert keyslot("somekey") == 11058
    assert keyslot("foo{hash_tag}") == keyslot("bar{hash_tag}") == 2515

    keys = [
        "user:1000:profile",
        "user:1000:cart",
        "{user:1000}:profile",
        "{user:1000}:cart",
        "order{}:42",       # 空花括号：不算 hash tag，对整个键求哈希
        "{}order:42",
        "a{b}{c}",          # 只认第一对花括号，等同于对 "b" 求哈希
        "b",
    ]
    for k in keys:
        print(f"{keyslot(k):>5}  {k}")
