# list / tuple / dict / set 与推导式
from collections import Counter, defaultdict

# list：有序、可变
ports = [443, 80, 8080]
ports.append(22)
ports.sort()
print(ports, ports[0], ports[-1], ports[1:3], len(ports))

# tuple：有序、不可变，常用来返回多个值；解包
addr = ("10.0.0.5", 6379)
ip, port = addr
first, *rest = [1, 2, 3, 4]
print(ip, port, first, rest)

# dict：键值对，保持插入顺序（3.7+）
svc = {"name": "redis", "port": 6379}
svc["replicas"] = 3
print(svc["name"], svc.get("tls", False), "port" in svc)
for key, value in svc.items():
    print(f"  {key} = {value}")
merged = svc | {"port": 6380}          # 合并，右边覆盖左边（3.9+）
print(merged)

# set：无序、去重，适合做集合运算
old = {"web1", "web2", "web3"}
new = {"web2", "web3", "web4"}
print(sorted(old - new), sorted(new - old), sorted(old & new))

# 推导式：从一个可迭代对象构造新容器
nums = range(10)
print([n * n for n in nums if n % 2 == 0])
print({h: len(h) for h in ["web1", "db01"]})
print(sorted({p % 100 for p in [8080, 9080, 443]}))  # 集合无序，打印前排序
lines = ["ERROR a", "INFO b", "ERROR c"]
print(sum(1 for l in lines if l.startswith("ERROR")))  # 生成器表达式

# 排序：key 函数决定按什么排
hosts = [{"name": "web2", "load": 0.9}, {"name": "web1", "load": 0.3}]
print([h["name"] for h in sorted(hosts, key=lambda h: h["load"])])
print(sorted(["b10", "b9", "a1"], key=lambda s: (s[0], int(s[1:]))))

# Counter 计数、defaultdict 分组
codes = [200, 200, 404, 500, 200]
print(Counter(codes).most_common(2))
by_zone = defaultdict(list)
for host, zone in [("web1", "a"), ("web2", "b"), ("web3", "a")]:
    by_zone[zone].append(host)
print(dict(by_zone))

# zip 和 enumerate
for i, (h, z) in enumerate(zip(["web1", "web2"], ["a", "b"]), start=1):
    print(i, h, z)
