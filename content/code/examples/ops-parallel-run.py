#!/usr/bin/env python3
"""并发执行一组命令，每条命令有超时，结果写成 JSON 报告。

演示运维脚本最常用的几块标准库：subprocess（调用外部命令）、
concurrent.futures（线程池并发）、pathlib（路径与文件）、json、logging。
这里的“命令”都用当前解释器执行一小段 Python，保证在任何机器上结果相同；
实际使用时换成 ["ssh", host, "uptime"]、["systemctl", "is-active", "nginx"] 之类即可。
"""
from __future__ import annotations

import json
import logging
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

log = logging.getLogger("parallel-run")

PY = sys.executable  # 当前解释器的绝对路径，比写死 "python3" 可靠

CHECKS: dict[str, list[str]] = {
    "disk": [PY, "-c", "print('/ 42% used')"],
    "service": [PY, "-c", "import sys; print('nginx: failed', file=sys.stderr); sys.exit(3)"],
    "slow-host": [PY, "-c", "import time; time.sleep(10)"],
    "dns": [PY, "-c", "print('resolver ok')"],
}


def run_check(name: str, cmd: list[str], timeout: float) -> dict:
    """执行一条命令。不抛异常，把成功、失败、超时都变成一条结果记录。"""
    started = time.monotonic()
    try:
        # 参数用列表传，不经过 shell：不用操心引号和注入。
        # capture_output 收集 stdout/stderr；text=True 得到 str 而不是 bytes。
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        # 超时后 subprocess.run 会杀掉子进程再抛出这个异常。
        return {"name": name, "status": "timeout", "rc": None, "output": ""}
    except FileNotFoundError as e:
        return {"name": name, "status": "error", "rc": None, "output": str(e)}
    log.debug("%s finished in %.2fs", name, time.monotonic() - started)
    output = (proc.stdout or proc.stderr).strip()
    status = "ok" if proc.returncode == 0 else "failed"
    return {"name": name, "status": status, "rc": proc.returncode, "output": output}


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    results = []
    # I/O 密集（等子进程、等网络）用线程池；max_workers 就是同时在跑的命令数。
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = {pool.submit(run_check, name, cmd, 2.0): name for name, cmd in CHECKS.items()}
        for fut in as_completed(futures):  # 谁先完成先处理谁
            results.append(fut.result())
    results.sort(key=lambda r: r["name"])  # 完成顺序不固定，输出前排序

    for r in results:
        rc = "-" if r["rc"] is None else r["rc"]
        print(f"{r['name']:<10} {r['status']:<8} rc={rc:<3} {r['output']}".rstrip())

    report = Path("reports") / "checks.json"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    loaded = json.loads(report.read_text(encoding="utf-8"))
    bad = [r["name"] for r in loaded if r["status"] != "ok"]
    print(f"report: {report} ({len(loaded)} checks, not ok: {', '.join(bad)})")
    # 演示脚本总是返回 0；真实脚本里可以 return 1 if bad else 0，交给监控判断。
    return 0


if __name__ == "__main__":
    sys.exit(main())
