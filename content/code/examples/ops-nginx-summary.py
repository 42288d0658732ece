#!/usr/bin/env python3
"""汇总 nginx 访问日志：状态码分布、请求最多的路径和客户端、5xx 明细、最慢的请求。

日志格式是 nginx 自带的 combined 格式，末尾多一个 $request_time：

    log_format timed '$remote_addr - $remote_user [$time_local] '
                     '"$request" $status $body_bytes_sent '
                     '"$http_referer" "$http_user_agent" $request_time';

用法：
    python3 ops-nginx-summary.py                         # 分析脚本里内置的示例日志
    python3 ops-nginx-summary.py /var/log/nginx/access.log --top 10
    python3 ops-nginx-summary.py access.log --json | jq .status_classes
    zcat access.log.2.gz | python3 ops-nginx-summary.py -
"""
from __future__ import annotations

import argparse
import json
import logging
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Optional

log = logging.getLogger("nginx-summary")

# 一个正则对应一行日志；命名分组让后面的代码不必数第几个括号。
LINE_RE = re.compile(
    r'(?P<ip>\S+) \S+ (?P<user>\S+) \[(?P<time>[^\]]+)\] '
    r'"(?P<method>[A-Z]+) (?P<path>\S+) (?P<proto>[^"]+)" '
    r'(?P<status>\d{3}) (?P<bytes>\d+|-) '
    r'"(?P<referer>[^"]*)" "(?P<agent>[^"]*)"'
    r'(?: (?P<rt>\d+\.\d+))?$'
)

SAMPLE_LOG = """\
10.0.0.11 - - [12/Oct/2026:10:00:01 +0800] "GET / HTTP/1.1" 200 612 "-" "curl/8.5.0" 0.002
10.0.0.12 - - [12/Oct/2026:10:00:02 +0800] "GET /api/orders?page=2 HTTP/1.1" 200 1534 "-" "okhttp/4.12.0" 0.087
10.0.0.11 - - [12/Oct/2026:10:00:02 +0800] "POST /api/orders HTTP/1.1" 201 88 "-" "okhttp/4.12.0" 0.153
10.0.0.13 - - [12/Oct/2026:10:00:03 +0800] "GET /static/app.js HTTP/2.0" 304 0 "https://shop.example.com/" "Mozilla/5.0" 0.001
10.0.0.12 - - [12/Oct/2026:10:00:04 +0800] "GET /api/orders?page=3 HTTP/1.1" 502 157 "-" "okhttp/4.12.0" 3.004
10.0.0.14 - - [12/Oct/2026:10:00:05 +0800] "GET /wp-login.php HTTP/1.1" 404 153 "-" "python-requests/2.32.3" 0.000
10.0.0.12 - - [12/Oct/2026:10:00:06 +0800] "GET /api/orders HTTP/1.1" 504 160 "-" "okhttp/4.12.0" 60.001
10.0.0.11 - - [12/Oct/2026:10:00:07 +0800] "GET /healthz HTTP/1.1" 200 2 "-" "kube-probe/1.35" 0.000
this line was cut off by logrotate
10.0.0.13 - - [12/Oct/2026:10:00:08 +0800] "GET /api/users/42 HTTP/2.0" 200 731 "-" "Mozilla/5.0" 0.045
10.0.0.11 - - [12/Oct/2026:10:00:09 +0800] "GET /healthz HTTP/1.1" 200 2 "-" "kube-probe/1.35" 0.001
"""


@dataclass
class Request:
    ip: str
    method: str
    path: str
    status: int
    bytes_sent: int
    request_time: Optional[float]


def parse(lines: Iterable[str]) -> Iterator[Request]:
    """逐行解析；生成器一次只占一行的内存，几 GB 的日志也能处理。"""
    for lineno, line in enumerate(lines, start=1):
        m = LINE_RE.match(line.rstrip("\n"))
        if m is None:
            log.warning("第 %d 行无法解析，已跳过：%.60s", lineno, line.strip())
            continue
        rt = m["rt"]
        yield Request(
            ip=m["ip"],
            method=m["method"],
            path=m["path"].split("?", 1)[0],  # 去掉查询串，按路径聚合
            status=int(m["status"]),
            bytes_sent=0 if m["bytes"] == "-" else int(m["bytes"]),
            request_time=float(rt) if rt else None,
        )


def summarize(requests: Iterable[Request], top: int) -> dict:
    classes: Counter[str] = Counter()
    paths: Counter[str] = Counter()
    ips: Counter[str] = Counter()
    errors: list[Request] = []
    timed: list[Request] = []
    total_bytes = 0
    for r in requests:
        classes[f"{r.status // 100}xx"] += 1
        paths[r.path] += 1
        ips[r.ip] += 1
        total_bytes += r.bytes_sent
        if r.status >= 500:
            errors.append(r)
        if r.request_time is not None:
            timed.append(r)
    slowest = sorted(timed, key=lambda r: r.request_time, reverse=True)[:top]
    return {
        "requests": sum(classes.values()),
        "bytes_sent": total_bytes,
        "status_classes": dict(sorted(classes.items())),
        "top_paths": paths.most_common(top),
        "top_clients": ips.most_common(top),
        "server_errors": [f"{r.status} {r.method} {r.path} from {r.ip}" for r in errors],
        "slowest": [(r.request_time, f"{r.method} {r.path}") for r in slowest],
    }


def print_report(s: dict) -> None:
    print(f"requests: {s['requests']}  bytes sent: {s['bytes_sent']}")
    print("status:  " + "  ".join(f"{k}={v}" for k, v in s["status_classes"].items()))
    print("top paths:")
    for path, n in s["top_paths"]:
        print(f"  {n:>5}  {path}")
    print("top clients:")
    for ip, n in s["top_clients"]:
        print(f"  {n:>5}  {ip}")
    print(f"5xx ({len(s['server_errors'])}):")
    for line in s["server_errors"]:
        print(f"  {line}")
    print("slowest:")
    for seconds, what in s["slowest"]:
        print(f"  {seconds:>8.3f}s  {what}")


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description="汇总 nginx 访问日志")
    parser.add_argument("logfile", nargs="?", help="日志文件；- 表示标准输入；省略时用内置示例")
    parser.add_argument("--top", type=int, default=3, help="排行榜条数（默认 3）")
    parser.add_argument("--json", action="store_true", help="输出 JSON，方便交给 jq 或其他程序")
    parser.add_argument("-v", "--verbose", action="store_true", help="输出调试日志")
    args = parser.parse_args(argv)

    # 日志写到 stderr，标准输出只放结果：管道和重定向才不会被污染。
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )

    if args.logfile is None:
        lines: Iterable[str] = SAMPLE_LOG.splitlines(keepends=True)
    elif args.logfile == "-":
        lines = sys.stdin
    else:
        path = Path(args.logfile)
        if not path.is_file():
            log.error("找不到日志文件：%s", path)
            return 2
        # errors="replace"：日志里偶尔出现的非 UTF-8 字节不会让整个脚本崩溃。
        lines = path.open(encoding="utf-8", errors="replace")

    summary = summarize(parse(lines), args.top)
    if args.json:
        json.dump(summary, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print_report(summary)
    # 分析真实日志时，有 5xx 就以 1 退出，cron 或 CI 可以据此告警；内置示例只做演示，总是返回 0。
    return 1 if summary["server_errors"] and args.logfile is not None else 0


if __name__ == "__main__":
    sys.exit(main())
