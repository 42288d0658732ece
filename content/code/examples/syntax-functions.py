# 函数：默认参数、可变默认值陷阱、*args/**kwargs、仅限关键字参数


def connect(host, port=22, timeout=5.0):
    """默认参数放在后面；调用时可以按位置也可以按名字传。"""
    return f"{host}:{port} (timeout={timeout})"


print(connect("web1"))
print(connect("web1", 2222))
print(connect("web1", timeout=1.5))


# 陷阱：默认值只在 def 执行时求值一次，可变对象会在多次调用间共享
def add_tag_buggy(tag, tags=[]):
    tags.append(tag)
    return tags


first = add_tag_buggy("a")
second = add_tag_buggy("b")
print(first, second, first is second)   # 两次调用拿到的是同一个列表


def add_tag(tag, tags=None):
    """正确写法：用 None 作哨兵，在函数体里创建新列表。"""
    if tags is None:
        tags = []
    tags.append(tag)
    return tags


print(add_tag("a"), add_tag("b"))


# *args 收集多余的位置参数（tuple），**kwargs 收集多余的关键字参数（dict）
def run(cmd, *args, **env):
    return f"cmd={cmd} args={args} env={env}"


print(run("ls", "-l", "/tmp", LANG="C", TZ="UTC"))
argv = ["-a", "-h"]
opts = {"LANG": "C.UTF-8"}
print(run("df", *argv, **opts))       # 调用时用 * 和 ** 展开


# * 之后的参数只能按名字传：防止把 True/False 传错位置
def delete(path, *, recursive=False, dry_run=True):
    return f"delete {path} recursive={recursive} dry_run={dry_run}"


print(delete("/tmp/x", recursive=True))
try:
    delete("/tmp/x", True)
except TypeError as e:
    print("TypeError:", e)


# / 之前的参数只能按位置传（3.8+）
def clamp(value, /, low=0, high=100):
    return max(low, min(high, value))


print(clamp(150), clamp(-5, low=-10))


# 函数是对象：可以传递、返回；闭包记住外层变量
def make_threshold(limit):
    def check(value):
        return value > limit
    return check


too_hot = make_threshold(80)
print(too_hot(85), too_hot(70), list(filter(too_hot, [50, 90, 81])))

# 多个返回值其实是返回一个 tuple
def min_max(values):
    return min(values), max(values)


low, high = min_max([3, 9, 1])
print(low, high)
