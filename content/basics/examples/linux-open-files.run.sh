#!/usr/bin/env bash
# linux-open-files.run.sh：两个常见的“文件句柄”现场，在临时目录里重现并自检。
#   1. 文件被删除了，但进程还开着它：空间不释放（df 满、du 加不出来）。
#   2. 打开文件数碰到软限制：Too many open files。
set -euo pipefail

work=$(mktemp -d)
trap 'rm -rf -- "$work"' EXIT

echo "== 1. 删除仍被打开的文件"
dd if=/dev/zero of="$work/app.log" bs=1M count=8 status=none
exec 3>>"$work/app.log"          # 本 shell 充当“还在写日志的进程”，fd 3 指向该文件
rm -- "$work/app.log"
ls "$work" | wc -l | sed 's/^/目录里剩余文件数：/'
link=$(readlink "/proc/$$/fd/3")
echo "fd 3 -> ${link##*/}"
echo "仍占用：$(( $(stat -L -c %s "/proc/$$/fd/3") / 1024 / 1024 )) MiB"
echo "指向已删除的 app.log 的 fd 数：$(find "/proc/$$/fd" -lname '*/app.log (deleted)' | wc -l)"

# 不重启进程也能释放空间：通过 /proc 把这个文件截断为 0
: >"/proc/$$/fd/3"
size=$(stat -L -c %s "/proc/$$/fd/3")
echo "截断后大小：$size 字节"
[ "$size" -eq 0 ]
exec 3>&-                        # 进程关闭 fd 后，inode 才真正被回收

echo "== 2. 软限制与硬限制"
hard=$(ulimit -Hn)
# 软限制不能超过硬限制，root 也不行
if (ulimit -Sn "$((hard + 1))") 2>/dev/null; then
  echo "unexpected: soft limit above hard limit was accepted" >&2
  exit 1
fi
echo "软限制设到硬限制以上：被拒绝"
# 把软限制压到 16，再不停地打开文件，直到失败
err=$(
  (
    ulimit -Sn 16
    for _ in $(seq 1 32); do exec {fd}</dev/null; done
    echo "never hit the limit"
  ) 2>&1
) || true
case $err in
  *"Too many open files"*) echo "软限制 16 时继续 open：Too many open files" ;;
  *) echo "unexpected: $err" >&2; exit 1 ;;
esac
