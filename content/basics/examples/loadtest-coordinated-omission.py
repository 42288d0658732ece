"""协调遗漏（coordinated omission）的最小复现：同一台服务、同一次卡顿，
“等上一个请求返回才发下一个”的压测端与“按计划时刻发请求”的压测端
报告出完全不同的延迟分布。

模型（全部用整数毫秒，结果可重复）：
- 计划速率 100 次/秒，即每 10 ms 一个请求，共 60 秒；
- 服务平时 1 ms 返回；在第 10～12 秒之间完全卡住 2 秒（例如一次 Full GC）。
"""

INTERVAL, DURATION = 10, 60_000      # ms
STALL_START, STALL_END = 10_000, 12_000
SERVICE = 1                          # ms


def finish_time(start: int) -> int:
    """请求在 start 时刻到达服务端，返回完成时刻。"""
    if STALL_START <= start < STALL_END:
        start = STALL_END            # 卡顿期间到达的请求都要等到卡顿结束
    return start + SERVICE


def closed_loop() -> list[int]:
    """常见的压测端：按节拍发请求，但上一个没返回就不发下一个，
    返回后直接跳到下一个节拍，卡顿期间“本该发出”的请求被悄悄略过。"""
    latencies, t = [], 0
    while t < DURATION:
        done = finish_time(t)
        latencies.append(done - t)
        t += INTERVAL
        while t < done:              # 错过的节拍既没发出，也没被记录
            t += INTERVAL
    return latencies


def open_loop() -> list[int]:
    """按计划时刻计时（wrk2 -R、k6 arrival-rate、vegeta 的做法）：
    延迟从“本该发出”的时刻算起，排队等待的时间也算进去。"""
    return [finish_time(t) - t for t in range(0, DURATION, INTERVAL)]


def percentile(values: list[int], p: float) -> int:
    """最近秩法：排序后取第 ceil(p% × n) 个。"""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(rank) - 1]


def summary(name: str, values: list[int]) -> dict:
    row = {
        "name": name,
        "n": len(values),
        "mean": sum(values) / len(values),
        "p50": percentile(values, 50),
        "p99": percentile(values, 99),
        "p99.9": percentile(values, 99.9),
        "max": max(values),
    }
    print(f"{name:<6}{row['n']:>7}{row['mean']:>9.1f}{row['p50']:>6}{row['p99']:>7}{row['p99.9']:>8}{row['max']:>7}")
    return row


if __name__ == "__main__":
    # 表头按显示宽度对齐（一个汉字占两列）
    print("模型  " + " 请求数" + "   平均ms" + f"{'p50':>6}{'p99':>7}{'p99.9':>8}{'max':>7}")
    closed = summary("closed", closed_loop())
    opened = summary("open", open_loop())

    # 两边看到的最大值一样，但 p99 相差上千倍：closed 只记下了一个慢请求
    assert closed["max"] == opened["max"] == 2001
    assert closed["p99"] == 1 and opened["p99"] > 1000
    slow = sum(1 for v in open_loop() if v > 100)
    print(f"\n实际受卡顿影响（>100 ms）的请求：{slow} 个，占 {slow / opened['n']:.1%}")
