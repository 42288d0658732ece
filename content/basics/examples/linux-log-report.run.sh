#!/usr/bin/env bash
# linux-log-report.run.sh：用 awk、sed、sort、uniq 从访问日志和 passwd 文件里拿出排障常用的几组数字。
# 样例数据写在临时目录里；输出是确定的（固定 LC_ALL=C 排序），可以和 .out 逐字比较。
set -euo pipefail
export LC_ALL=C

work=$(mktemp -d)
trap 'rm -rf -- "$work"' EXIT

# Nginx 的 combined 格式，最后多记一列 $request_time（秒）
cat >"$work/access.log" <<'LOG'
10.0.0.11 - - [20/Nov/2026:09:58:01 +0800] "GET /api/orders HTTP/1.1" 200 512 "-" "curl/8.14.1" 0.031
10.0.0.12 - - [20/Nov/2026:09:59:13 +0800] "GET /api/orders HTTP/1.1" 200 498 "-" "okhttp/4.12.0" 0.045
10.0.0.11 - - [20/Nov/2026:10:00:02 +0800] "POST /api/pay HTTP/1.1" 502 157 "-" "okhttp/4.12.0" 3.002
10.0.0.13 - - [20/Nov/2026:10:00:05 +0800] "GET /healthz HTTP/1.1" 200 2 "-" "kube-probe/1.35" 0.001
10.0.0.11 - - [20/Nov/2026:10:01:40 +0800] "POST /api/pay HTTP/1.1" 504 160 "-" "okhttp/4.12.0" 60.001
10.0.0.12 - - [20/Nov/2026:10:02:11 +0800] "GET /api/orders?page=2 HTTP/1.1" 200 733 "-" "okhttp/4.12.0" 0.052
10.0.0.14 - - [20/Nov/2026:10:03:59 +0800] "GET /static/app.js HTTP/1.1" 304 0 "-" "Mozilla/5.0" 0.002
10.0.0.11 - - [20/Nov/2026:10:04:30 +0800] "POST /api/pay HTTP/1.1" 200 88 "-" "okhttp/4.12.0" 0.210
10.0.0.13 - - [20/Nov/2026:10:05:05 +0800] "GET /healthz HTTP/1.1" 200 2 "-" "kube-probe/1.35" 0.001
10.0.0.15 - - [20/Nov/2026:10:05:48 +0800] "GET /admin HTTP/1.1" 403 153 "-" "python-requests/2.32.3" 0.003
LOG

echo "== 请求最多的客户端 IP（前 3）"
awk '{print $1}' "$work/access.log" | sort | uniq -c | sort -k1,1nr -k2,2 | head -3

echo "== 状态码分布"
awk '{print $9}' "$work/access.log" | sort | uniq -c

echo "== 5xx 出在哪些路径（去掉查询串）"
awk '$9 ~ /^5/ {sub(/\?.*/, "", $7); print $9, $7}' "$work/access.log" | sort | uniq -c

echo "== 每个路径的次数、平均和最大耗时（秒）"
awk '{
  path = $7; sub(/\?.*/, "", path)
  n[path]++; sum[path] += $NF
  if ($NF > max[path]) max[path] = $NF
} END {
  for (p in n) printf "%-16s %3d %8.3f %8.3f\n", p, n[p], sum[p] / n[p], max[p]
}' "$work/access.log" | sort -k4,4nr

echo "== 每小时的请求数（sed 取出小时）"
sed -E 's/^[^[]*\[[^:]+:([0-9]{2}):.*/\1/' "$work/access.log" | sort | uniq -c

echo "== 耗时超过 1 秒的请求（时间、方法、路径、耗时）"
awk '$NF > 1 {gsub(/[\["]/, "", $4); gsub(/"/, "", $6); print $4, $6, $7, $NF}' "$work/access.log"

# passwd 格式：用户名:口令占位:UID:GID:注释:家目录:shell
cat >"$work/passwd" <<'PW'
root:x:0:0:root:/root:/bin/bash
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
nginx:x:998:996:nginx user:/nonexistent:/usr/sbin/nologin
alice:x:1000:1000:Alice:/home/alice:/bin/bash
deploy:x:1001:1001:CI deploy:/home/deploy:/bin/bash
backup:x:34:34:backup:/var/backups:/usr/sbin/nologin
bob:x:1002:1002:Bob:/home/bob:/bin/false
PW

echo "== 能登录的账号（shell 不是 nologin/false）"
awk -F: '$7 !~ /(nologin|false)$/ {print $1, $3, $7}' "$work/passwd"

echo "== UID 0 的账号（应该只有 root）"
awk -F: '$3 == 0 {print $1}' "$work/passwd"

# 自检：各状态码的计数加起来等于总行数
total=$(wc -l <"$work/access.log")
summed=$(awk '{c[$9]++} END {for (s in c) t += c[s]; print t}' "$work/access.log")
[ "$total" -eq "$summed" ] || { echo "count mismatch: $total vs $summed" >&2; exit 1; }
echo "== 共 $total 行，计数核对一致"
