# 模块与 if __name__ == "__main__"
# 每个 .py 文件都是一个模块。被 import 时 __name__ 是模块名；
# 被直接运行（python3 file.py）时 __name__ 是 "__main__"。
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

print("this file runs as:", __name__)

# 在临时目录里写一个小模块，演示 import 和直接运行的区别
libdir = Path(tempfile.mkdtemp())
(libdir / "healthlib.py").write_text('''\
"""healthlib：既能被 import，也能当脚本运行。"""
import sys

print(f"healthlib loaded, __name__={__name__}")

THRESHOLD = 0.9


def is_busy(load: float) -> bool:
    return load > THRESHOLD


def main(argv: list[str]) -> int:
    loads = [float(a) for a in argv] or [0.5]
    busy = [l for l in loads if is_busy(l)]
    print(f"checked {len(loads)} values, busy: {busy}")
    return 1 if busy else 0


if __name__ == "__main__":
    # 只有直接运行时才执行；被 import 时不会跑，也不会调用 sys.exit
    sys.exit(main(sys.argv[1:]))
''', encoding="utf-8")

# 1. 作为模块导入：顶层代码执行一次，main() 不会被调用
sys.path.insert(0, str(libdir))        # import 按 sys.path 的顺序查找模块
import healthlib                       # noqa: E402
import healthlib as again              # 第二次 import 不会重新执行，直接取缓存
print(healthlib.is_busy(0.95), healthlib.THRESHOLD, again is healthlib)
print("cached in sys.modules:", "healthlib" in sys.modules)

# 2. 作为脚本运行：__name__ 变成 "__main__"，main() 被调用，返回值成为退出码
proc = subprocess.run([sys.executable, str(libdir / "healthlib.py"), "0.3", "0.97"],
                      capture_output=True, text=True)
print(proc.stdout, end="")
print("exit code:", proc.returncode)

# 3. python -m 按模块名运行（同样以 __main__ 身份），常用于包里的命令
proc = subprocess.run([sys.executable, "-m", "healthlib"], cwd=libdir,
                      capture_output=True, text=True)
print(proc.stdout, end="")
print("exit code:", proc.returncode)

# 4. 可选依赖：标准库新模块不存在时退回到 PyPI 上的同类包
try:
    import tomllib                     # 3.11+ 标准库
except ModuleNotFoundError:            # 3.10 及以前：pip install tomli
    import tomli as tomllib
print(tomllib.loads('name = "web"\nports = [80, 443]'))

shutil.rmtree(libdir)                  # 清理演示用的临时目录
