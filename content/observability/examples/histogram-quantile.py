"""按 Prometheus 经典直方图的规则，手算 histogram_quantile()。

输入是 rate(http_request_duration_seconds_bucket[5m]) 在某一时刻的结果：
每个 le 桶是“耗时 <= le 的请求每秒有多少个”，是累计值。
"""
import math

# le 上界（秒） -> 累计的每秒请求数
buckets = [
    (0.05, 120.0),
    (0.1, 300.0),
    (0.25, 520.0),
    (0.5, 560.0),
    (1.0, 590.0),
    (math.inf, 600.0),
]


def histogram_quantile(q, buckets):
    total = buckets[-1][1]          # +Inf 桶就是总数
    rank = q * total                 # 第几个请求落在 q 分位上
    prev_le, prev_count = 0.0, 0.0   # 第一个桶的下界按 0 处理
    for le, count in buckets:
        if count >= rank:
            if math.isinf(le):
                # 落进 +Inf 桶：无法插值，只能返回最大的有限上界
                return prev_le
            # 假设桶内均匀分布，线性插值
            return prev_le + (le - prev_le) * (rank - prev_count) / (count - prev_count)
        prev_le, prev_count = le, count
    return math.nan


for q in (0.5, 0.9, 0.95, 0.99):
    print(f"p{round(q * 100)} = {histogram_quantile(q, buckets):.3f}s")

# 自检：p50 恰好落在 0.1 桶的上沿；p99 被“封顶”在最大的有限桶 1s
assert abs(histogram_quantile(0.5, buckets) - 0.1) < 1e-9
assert histogram_quantile(0.99, buckets) == 1.0
