# 生成器：按需产生值，一次只在内存里放一个，适合大文件和流式处理
import itertools


def countdown(n):
    while n > 0:
        yield n                 # 暂停在这里，下次 next() 从这里继续
        n -= 1


gen = countdown(3)
print(next(gen), next(gen), list(gen))   # 用完就空了
print(list(gen))


# 流水线：每一步都是生成器，数据一行一行流过，不会整体读入内存
def read_lines(text):
    for line in text.splitlines():
        yield line


def only_errors(lines):
    return (l for l in lines if " ERROR " in l)   # 生成器表达式


def fields(lines):
    for l in lines:
        ts, level, msg = l.split(" ", 2)
        yield ts, msg


LOG = """10:00:01 INFO started
10:00:02 ERROR db timeout
10:00:03 INFO retry
10:00:04 ERROR db timeout
10:00:05 ERROR disk full"""

pipeline = fields(only_errors(read_lines(LOG)))
for ts, msg in pipeline:
    print(ts, msg)

# 只取前几个：islice 不会消费后面的数据
squares = (n * n for n in itertools.count(1))    # 无限序列
print(list(itertools.islice(squares, 5)))


# yield from：把另一个可迭代对象的值原样交出
def all_hosts():
    yield from ["web1", "web2"]
    yield from (f"db{i}" for i in range(1, 3))


print(list(all_hosts()))

# 分批：每 3 个一组（3.12 起有 itertools.batched）
def chunks(iterable, size):
    it = iter(iterable)
    while batch := list(itertools.islice(it, size)):   # := 赋值表达式（3.8+）
        yield batch


print(list(chunks(range(8), 3)))

# groupby：对已排序的数据分组
events = sorted([("db", 2), ("web", 1), ("db", 5)])
for key, group in itertools.groupby(events, key=lambda e: e[0]):
    print(key, [v for _, v in group])

# any/all/sum/max 都接受生成器，遇到结果就停
print(any(l.endswith("full") for l in LOG.splitlines()),
      max(len(l) for l in LOG.splitlines()))
