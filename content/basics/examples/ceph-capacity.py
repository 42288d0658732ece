"""估算 Ceph 集群“真正能写多少数据”：副本与纠删码的效率、nearfull 告警线，
以及按主机为故障域时，坏掉一台主机后还要能把数据恢复到完整冗余。

与 ceph df 的 MAX AVAIL 一样，这只是规划用的估算：实际还受 OSD 之间
数据不均衡程度（ceph osd df 的 %USE 方差）的影响，留足余量。
"""

import unicodedata

NEARFULL = 0.85  # mon_osd_nearfull_ratio 的默认值；backfillfull 0.90，full 0.95

# 五台主机，每台 8 块 8 TB 盘（单位 TB，按十进制）
hosts = {f"ceph-0{i}": [8.0] * 8 for i in range(1, 6)}

layouts = [
    ("3 副本", "replicated", 3, 0),
    ("2 副本", "replicated", 2, 0),
    ("EC 3+2", "erasure", 3, 2),
    ("EC 4+2", "erasure", 4, 2),
]


def pad(text, width, right=False):
    """按终端显示宽度补空格（汉字占两列）。"""
    cols = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    fill = " " * max(width - cols, 0)
    return fill + text if right else text + fill


def plan(hosts, kind, a, b):
    """返回 (宽度, 效率, 可写入 TB 或 None, 说明)。"""
    width = a if kind == "replicated" else a + b
    eff = 1 / a if kind == "replicated" else a / (a + b)
    host_sizes = sorted(sum(d) for d in hosts.values())
    raw = sum(host_sizes)
    if len(host_sizes) < width:
        return width, eff, None, f"主机数不足：需要至少 {width} 台"
    if len(host_sizes) == width:
        # 没有多余的主机可以接收坏主机上的数据，只能降级运行等待修复
        return width, eff, raw * NEARFULL * eff, "坏一台主机后只能降级运行"
    usable = (raw - host_sizes[-1]) * NEARFULL * eff
    note = "坏一台主机后可自动恢复"
    if kind == "replicated" and a < 3:
        note += "；恢复期间只剩一份数据"
    return width, eff, usable, note


if __name__ == "__main__":
    raw = sum(sum(d) for d in hosts.values())
    biggest = max(sum(d) for d in hosts.values())
    osds = sum(len(d) for d in hosts.values())
    print(f"裸容量 {raw:.1f} TB：{len(hosts)} 台主机、{osds} 个 OSD，最大一台 {biggest:.1f} TB")
    print(f"按 nearfull {NEARFULL:.0%} 并预留一台主机的恢复空间估算：\n")
    cols = [("方案", 8, False), ("宽度", 6, True), ("效率", 8, True), ("理论值 TB", 12, True), ("可写入 TB", 12, True)]
    print("".join(pad(t, w, r) for t, w, r in cols) + "  说明")
    results = {}
    for name, kind, a, b in layouts:
        width, eff, usable, note = plan(hosts, kind, a, b)
        results[name] = usable
        shown = f"{usable:.1f}" if usable is not None else "-"
        cells = [name, str(width), f"{eff:.1%}", f"{raw * eff:.1f}", shown]
        print("".join(pad(t, w, r) for t, (_, w, r) in zip(cells, cols)) + "  " + note)

    # 自检：3 副本 = (320 - 64) × 0.85 / 3
    assert abs(results["3 副本"] - 72.53) < 0.01
    assert results["EC 4+2"] is None
