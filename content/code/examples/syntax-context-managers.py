# 上下文管理器：with 语句保证“进入”之后一定“退出”，即使中途抛异常
import os
import shutil
import tempfile
import time
from contextlib import contextmanager, suppress
from pathlib import Path

workdir = Path(tempfile.mkdtemp())
conf = workdir / "app.conf"

# 文件：离开 with 块时自动关闭，不必自己 close()
with open(conf, "w", encoding="utf-8") as f:
    f.write("port = 8080\nworkers = 4\n")
print(f.closed)

with conf.open(encoding="utf-8") as f:
    for line in f:                      # 文件对象可以逐行迭代
        key, _, value = line.partition("=")
        print(key.strip(), "->", value.strip())


# 自己写一个：@contextmanager 把生成器变成上下文管理器
@contextmanager
def timer(label):
    start = time.perf_counter()
    try:
        yield                           # with 块的代码在这里执行
    finally:
        elapsed = time.perf_counter() - start
        print(f"{label}: {'fast' if elapsed < 1 else 'slow'}")


with timer("reload"):
    sum(range(1000))


@contextmanager
def chdir(path):
    """临时切换工作目录，退出时切回（3.11 起标准库有 contextlib.chdir）。"""
    old = os.getcwd()
    os.chdir(path)
    try:
        yield path
    finally:
        os.chdir(old)


with chdir(workdir):
    print(sorted(os.listdir(".")))
print(Path.cwd() != workdir)


# 原子写配置：先写临时文件，成功后 rename 覆盖；失败时旧文件不受影响
@contextmanager
def atomic_write(path):
    tmp = path.with_suffix(path.suffix + ".tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            yield f
        os.replace(tmp, path)           # 同一文件系统内是原子操作
    except BaseException:
        tmp.unlink(missing_ok=True)     # 失败时删掉写了一半的临时文件
        raise


with atomic_write(conf) as f:
    f.write("port = 9090\n")
print(conf.read_text(encoding="utf-8").strip())

try:
    with atomic_write(conf) as f:
        f.write("port = ")
        raise RuntimeError("template failed")
except RuntimeError as e:
    print("error:", e, "| still:", conf.read_text(encoding="utf-8").strip())

# suppress：明确地忽略某种异常
with suppress(FileNotFoundError):
    os.remove(workdir / "no-such-file")

# 一个 with 可以管理多个对象
with open(conf, encoding="utf-8") as src, open(workdir / "copy.conf", "w", encoding="utf-8") as dst:
    dst.write(src.read())
print(sorted(p.name for p in workdir.iterdir()))

shutil.rmtree(workdir)                  # 清理演示用的临时目录
