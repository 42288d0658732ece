# 字符串与 f-string
host, port, load = "db01", 5432, 0.87654

print(f"{host}:{port}")                  # 插值
print(f"{load:.2f} {load:.1%} {port:>8} {port:08d} {255:#x}")  # 格式说明符
print(f"[{host:<8}] [{host:^8}] [{host:>8}]")  # 左/中/右对齐
print(f"{host=} {port=}")                # = 调试写法（3.8+）：打印表达式和值
print(f"{'up' if load < 0.9 else 'busy'}")   # 表达式
print(f"{{literal braces}}")             # 花括号本身要写两次

# 常用方法：都返回新字符串，原字符串不变
line = "  GET /api/orders HTTP/1.1  \n"
print(repr(line.strip()))
method, path, proto = line.split()
print(method, path, proto)
print(",".join(["a", "b", "c"]), "a,b,,c".split(","))
print("access.log.1".endswith((".1", ".2")), "ERROR" in "ERROR: disk full")
print("db01.prod".removesuffix(".prod"), "v1.2.3".removeprefix("v"))  # 3.9+
print("Hello".upper(), "x".center(5, "-"), "a-b-c".replace("-", "_"), "42".zfill(5))

# 切片：[开始:结束:步长]，结束不包含
s = "2026-10-12T10:00:01"
print(s[:10], s[11:], s[-8:-3], s[::2])

# 原始字符串：反斜杠不转义，写正则和 Windows 路径用
print(r"C:\new\table", len("\n"), len(r"\n"))

# str 与 bytes：网络和子进程给的是 bytes，要 decode
raw = "状态正常".encode("utf-8")
print(raw, len(raw), raw.decode("utf-8"))

# 多行字符串与拼接
msg = ("first part, "
       "second part")              # 相邻字面量自动拼接
print(msg)
print("""line 1
line 2""".splitlines())
