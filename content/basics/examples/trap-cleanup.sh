#!/usr/bin/env bash
# trap-cleanup.sh：临时文件 + 信号清理的最小骨架。
# 启动后打印 tmp=<路径>，然后等待；收到 TERM/INT 时删除临时文件、打印 cleaned up，
# 以 128+信号编号退出（TERM=15 → 143，INT=2 → 130）；正常结束时由 EXIT trap 删除临时文件。
set -euo pipefail

tmp=$(mktemp)   # 在 $TMPDIR（默认 /tmp）下创建 tmp.XXXXXXXXXX
child=""        # 后台子进程的 PID，信号处理函数要用

cleanup() {
  rm -f -- "$tmp"
}

on_signal() {
  local num=$1
  trap - EXIT                      # 这里已经清理，不让 EXIT trap 再执行一遍
  if [[ -n $child ]]; then
    kill -- "$child" 2>/dev/null || true   # 后台的 sleep 不会替我们结束，要亲手收掉
  fi
  cleanup
  echo "cleaned up"
  exit $((128 + num))
}

trap cleanup EXIT
trap 'on_signal 15' TERM
trap 'on_signal 2' INT

echo "tmp=$tmp"

# 真正的工作放在后台，用 wait 等它：bash 在 wait 期间收到有 trap 的信号会立刻返回并执行 trap；
# 如果直接在前台 sleep 30，trap 要等 sleep 结束后才执行。
sleep 30 &
child=$!
wait "$child"
