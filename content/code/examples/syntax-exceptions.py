# 异常：try/except/else/finally、raise from、自定义异常、3.11 的异常组
import json


def parse_port(text):
    try:
        port = int(text)
    except ValueError:
        print(f"  {text!r} is not a number")
        return None
    else:                      # try 块没有异常时执行
        print(f"  parsed {port}")
        return port
    finally:                   # 无论如何都执行：释放资源、打印收尾日志
        print(f"  done with {text!r}")


parse_port("8080")
parse_port("http")


# 自定义异常：继承 Exception，按层次组织，调用方可以只捕获基类
class OpsError(Exception):
    """本工具所有异常的基类。"""


class ConfigError(OpsError):
    pass


def load_config(text):
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        # raise ... from e：保留原始异常作为 __cause__，回溯里两个都能看到
        raise ConfigError(f"bad config at line {e.lineno}") from e


try:
    load_config('{"port": 80,}')
except OpsError as e:
    print(type(e).__name__, e, "| caused by:", type(e.__cause__).__name__)

# 一次捕获多种异常；只捕获你能处理的，不要写光秃秃的 except:
for raw in ["{}", "[1, 2]", "null"]:
    try:
        cfg = json.loads(raw)
        print(cfg["port"])
    except (KeyError, TypeError) as e:
        print(f"{raw!r}: {type(e).__name__}")

# 异常也是对象：args、str()、以及 3.11 的 add_note()
try:
    {}["replicas"]
except KeyError as e:
    e.add_note("hint: set replicas in values.yaml")
    print(repr(e), e.__notes__)

# 3.11：ExceptionGroup 与 except*，并发任务同时失败时一起上报
errors = ExceptionGroup("health checks", [TimeoutError("web1"), ConnectionError("web2"), TimeoutError("db1")])
try:
    raise errors
except* TimeoutError as group:
    print("timeouts:", [str(e) for e in group.exceptions])
except* ConnectionError as group:
    print("refused:", [str(e) for e in group.exceptions])
