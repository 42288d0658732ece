# 基本类型：一切皆对象，变量只是名字（标签），类型属于值而不属于变量。
from decimal import Decimal

port = 8080                # int，任意精度，不会溢出
ratio = 0.1 + 0.2          # float，IEEE 754 双精度
name = "nginx"             # str，不可变的 Unicode 字符串
enabled = True             # bool，是 int 的子类：True == 1
nothing = None             # None，唯一的“空值”

for value in (port, ratio, name, enabled, nothing):
    print(f"{value!r:<22} {type(value).__name__}")

# 浮点误差：比较金额、阈值时小心
print(ratio == 0.3, round(ratio, 2) == 0.3, Decimal("0.1") + Decimal("0.2"))

# 整数除法与取整
print(7 / 2, 7 // 2, -7 // 2, 7 % 3, 2 ** 64)

# 类型转换要显式：字符串和数字不会自动相加
print(int("42") + 1, str(42) + "1", float("1.5e3"), int("ff", 16))

# 真值：空容器、0、""、None 都为假
for v in ([], {}, "", 0, 0.0, None, [0], "0"):
    print(f"{v!r:>6} -> {bool(v)}")

# == 比较值，is 比较是不是同一个对象；判断 None 永远用 is
a = [1, 2]
b = [1, 2]
print(a == b, a is b, nothing is None)

# 可变与不可变：list 可原地修改，str/tuple 不行
hosts = ["web1"]
alias = hosts              # 不是复制，两个名字指向同一个列表
alias.append("web2")
print(hosts)
copy = hosts.copy()        # 浅复制
copy.append("web3")
print(hosts, copy)
