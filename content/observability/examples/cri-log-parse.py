"""Read container log lines in the CRI format that kubelet/containerd write under /var/log/pods,
join partial (P) lines into one record, and decode the JSON the application printed.

Format of one line:  <RFC3339Nano time> <stdout|stderr> <P|F> <content>
P = partial (containerd split a long line, default max_container_log_line_size 16384 bytes),
F = full (this piece ends the record).
"""
import json
import re
from collections import Counter

CRI_LINE = re.compile(r"^(\S+) (stdout|stderr) ([PF]) (.*)$")

# What /var/log/pods/shop_api-7d9c8b6f4-x2k8p_<uid>/api/0.log might contain.
SAMPLE = """\
2026-09-01T02:00:00.101234567Z stdout F {"ts":"2026-09-01T10:00:00.101+08:00","level":"info","msg":"request done","path":"/api/orders","status":200}
2026-09-01T02:00:00.205000000Z stderr F {"ts":"2026-09-01T10:00:00.205+08:00","level":"error","msg":"db timeout","path":"/api/orders","status":500}
2026-09-01T02:00:01.000000001Z stdout P {"ts":"2026-09-01T10:00:01.000+08:00","level":"warn","msg":"slow que
2026-09-01T02:00:01.000000002Z stdout F ry","path":"/api/search","status":200}
2026-09-01T02:00:02.300000000Z stdout F plain text line from an old library
2026-09-01T02:00:03.400000000Z stderr F {"ts":"2026-09-01T10:00:03.400+08:00","level":"error","msg":"upstream 502","path":"/api/pay","status":502}
"""


def records(lines):
    """Yield (time, stream, content) for every complete record; partial pieces are joined per stream."""
    pending = {}
    for line in lines:
        m = CRI_LINE.match(line)
        if not m:
            raise ValueError(f"not a CRI log line: {line!r}")
        time, stream, tag, content = m.groups()
        first_time, buf = pending.pop(stream, (time, ""))
        buf += content
        if tag == "P":
            pending[stream] = (first_time, buf)
        else:
            yield first_time, stream, buf


levels = Counter()
errors_by_path = Counter()
for time, stream, content in records(SAMPLE.splitlines()):
    try:
        event = json.loads(content)
    except json.JSONDecodeError:
        event = {"level": "unknown", "msg": content}
    levels[event["level"]] += 1
    if event["level"] == "error":
        errors_by_path[event["path"]] += 1
    print(f"{time} {stream:6} {event['level']:7} {event['msg']}")

print("levels:", dict(sorted(levels.items())))
print("errors by path:", dict(sorted(errors_by_path.items())))
assert sum(levels.values()) == 5, "six lines, one record split in two"
