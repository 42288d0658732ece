# match 语句（3.10+）：按“形状”匹配数据，而不只是比较值
from dataclasses import dataclass


def describe(event):
    match event:
        case {"type": "alert", "severity": "critical" | "high" as sev, "host": host}:
            return f"page on-call: {sev} on {host}"
        case {"type": "alert", "host": host}:                 # 映射模式：只要求有这些键
            return f"ticket for {host}"
        case {"type": "deploy", "version": str(v)} if v.startswith("v"):   # 带守卫
            return f"deployed {v}"
        case {"type": str(t)}:
            return f"ignored event type {t!r}"
        case _:                                               # 通配，相当于 else
            return "not an event"


print(describe({"type": "alert", "severity": "critical", "host": "db1"}))
print(describe({"type": "alert", "severity": "low", "host": "web3"}))
print(describe({"type": "deploy", "version": "v2.4.0"}))
print(describe({"type": "deploy", "version": "2.4.0"}))
print(describe(["not", "a", "dict"]))


# 序列模式：解析命令行风格的输入
def command(argv):
    match argv:
        case ["restart", service]:
            return f"restarting {service}"
        case ["scale", service, count] if count.isdigit():
            return f"scaling {service} to {int(count)}"
        case ["logs", service, *flags]:                       # *rest 收集剩余元素
            return f"logs of {service} with {flags}"
        case [] | ["help"]:
            return "usage: restart|scale|logs"
        case [unknown, *_]:
            return f"unknown command {unknown!r}"


for line in ["restart nginx", "scale web 3", "scale web many", "logs api -f --tail=50", "", "reboot now"]:
    print(f"{line!r:>25} -> {command(line.split())}")


# 类模式：匹配对象的类型和属性
@dataclass
class Response:
    status: int
    body: str = ""


def classify(resp):
    match resp:
        case Response(status=200 | 204):
            return "ok"
        case Response(status=status) if 500 <= status < 600:
            return f"server error {status}, retry"
        case Response(status=404):
            return "not found"
        case Response():
            return "other"


print([classify(Response(s)) for s in (200, 204, 503, 404, 302)])

# 注意：case 里裸写的名字是“捕获”而不是比较。要和常量比较，用带点的名字。
class Status:
    OK = 200


match 404:
    case Status.OK:
        print("matched Status.OK")
    case code:
        print(f"captured code={code}")
