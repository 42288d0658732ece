"""为自建邮件域生成 DNS 记录（BIND zone 文件格式），并检查最常见的几类错误。

把 DOMAIN、HOST、IPV4、SELECTOR、DKIM_P 换成自己的值：DKIM 的选择器和公钥
在 Poste.io 管理界面的虚拟域名（Virtual domains）页面里生成和查看。
"""
import base64
import ipaddress

DOMAIN = "example.com"
HOST = "mail.example.com"
IPV4 = "203.0.113.25"
SELECTOR = "s2026"
DKIM_P = (
    "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAt7Fwy4SIjWZ6pBnxY7riQjDQgeUjHfJnHCRD7L77g5K+vBuX"
    "WcT4YAlVNQX0d5MbQufOR5NdeqiysYNCcbY0uxIQXaOEFYNfohyCisK/SznekovTlM87B64wIVjxph935NXMZMgKeu6B"
    "delAPUiHeYxBJkXW7ShZO/pDOSF61WZDQyvV5pwlB7vpKeAxBeKU5Oh1El29locW4alz6+CXwPtR//wJMG8LcRU3NhdT"
    "La2arboMGyIQEvoTxigfCzDYwFcK26s/LMPESsJUNFxote+XpmgvMDeIW9GtuA53WLIUxPMxDfukudTa/2VH9UE7sH8l"
    "5jNHKk1n1ftvt+mmPwIDAQAB"
)

SPF = "v=spf1 mx -all"
DKIM = f"v=DKIM1; k=rsa; p={DKIM_P}"
DMARC = f"v=DMARC1; p=quarantine; rua=mailto:dmarc-reports@{DOMAIN}"


def chunks(value: str) -> list:
    """一个 TXT 字符串最长 255 字节，更长的值要拆成多段（解析方会原样拼接回去）。"""
    return [value[i : i + 255] for i in range(0, len(value), 255)]


def txt(value: str) -> str:
    return " ".join(f'"{p}"' for p in chunks(value))


def tags(record: str) -> dict:
    return {k.strip(): v.strip() for k, v in (t.split("=", 1) for t in record.split(";") if t.strip())}


def spf_lookups(record: str) -> int:
    """本条 SPF 记录里直接引起 DNS 查询的机制数；include 进来的记录也要算进总数 10 以内。"""
    terms = [t.lstrip("+-~?") for t in record.split()[1:]]
    return sum(1 for t in terms if t.split(":")[0].split("/")[0] in {"a", "mx", "ptr", "include", "exists"} or t.startswith("redirect="))


def der_len(buf: bytes, i: int):
    n = buf[i]
    if n < 0x80:
        return n, i + 1
    k = n & 0x7F
    return int.from_bytes(buf[i + 1 : i + 1 + k], "big"), i + 1 + k


def rsa_bits(spki_b64: str) -> int:
    """从 SubjectPublicKeyInfo（DKIM 的 p= 值）里取出 RSA 模数的位数。"""
    der = base64.b64decode(spki_b64, validate=True)
    _, i = der_len(der, 1)                      # SEQUENCE
    alg_len, j = der_len(der, i + 1)            # SEQUENCE（算法标识）
    i = j + alg_len
    _, i = der_len(der, i + 1)                  # BIT STRING
    i += 1                                      # 未用位数
    _, i = der_len(der, i + 1)                  # SEQUENCE（RSAPublicKey）
    n_len, i = der_len(der, i + 1)              # INTEGER n
    n = int.from_bytes(der[i : i + n_len], "big")
    return n.bit_length()


# 1. 生成记录
print(f"{DOMAIN}.\t\t\t3600 IN MX  10 {HOST}.")
print(f"{HOST}.\t\t3600 IN A   {IPV4}")
print(f"{DOMAIN}.\t\t\t3600 IN TXT {txt(SPF)}")
print(f"{SELECTOR}._domainkey.{DOMAIN}.\t3600 IN TXT {txt(DKIM)}")
print(f"_dmarc.{DOMAIN}.\t\t3600 IN TXT {txt(DMARC)}")
print(f"; PTR 由 IP 的所有者（云厂商/机房）设置：{ipaddress.ip_address(IPV4).reverse_pointer}. PTR {HOST}.")

# 2. 检查
assert SPF.startswith("v=spf1 ") and SPF.split()[-1] in ("-all", "~all")
assert spf_lookups(SPF) <= 10
d = tags(DMARC)
assert list(d)[0] == "v" and d["v"] == "DMARC1" and d["p"] in ("none", "quarantine", "reject")
bits = rsa_bits(tags(DKIM)["p"])
assert bits >= 2048, bits
print(f"; 检查通过：SPF 直接查询 {spf_lookups(SPF)} 次，DMARC p={d['p']}，"
      f"DKIM RSA {bits} 位，DKIM TXT 拆成 {len(chunks(DKIM))} 段")
