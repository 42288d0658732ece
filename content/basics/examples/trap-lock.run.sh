#!/usr/bin/env bash
# trap-lock.run.sh：用 flock 保证同一时间只有一个实例在运行。
# 锁属于打开的文件描述符：持有者退出（哪怕是被 kill -9）时由内核自动释放，不会留下“死锁文件”；
# 但继承了这个描述符的子进程还活着时，锁也还在。
set -euo pipefail

work=$(mktemp -d)
trap 'rm -rf -- "$work"' EXIT
lock=$work/job.lock

# 一个需要互斥的任务：拿不到锁立刻退出（-n），拿到锁就把后台工作进程的 PID 写下来，然后干活
job() {
  local name=$1
  exec 9>"$lock"                 # 打开（必要时创建）锁文件，占用 fd 9
  if ! flock -n 9; then
    echo "   $name: lock is held by another instance, exiting"
    return 1
  fi
  echo "   $name: got the lock"
  sleep 30 &                     # 子进程会继承 fd 9
  echo "$!" > "$work/$name.worker"
  wait
}

wait_for() { for _ in {1..50}; do [[ -e $1 ]] && return 0; sleep 0.1; done; return 1; }

echo "== A 拿到锁，B 同时启动会直接退出"
( job A ) &
a=$!
wait_for "$work/A.worker"
( job B ) || echo "   B exit status: $?"

echo "== flock 命令的包装形式：-E 指定拿不到锁时的退出码"
rc=0; flock -n -E 75 "$lock" echo "not reached" || rc=$?
echo "   flock -n -E 75 ... exit status: $rc"

echo "== kill -9 杀掉 A 的 shell，但它的子进程 sleep 还握着 fd 9，锁没有释放"
kill -KILL "$a"
wait "$a" 2>/dev/null || true
( job C ) || echo "   C exit status: $?"

echo "== 子进程也退出后，锁自动释放"
worker=$(<"$work/A.worker")
kill "$worker"
while kill -0 "$worker" 2>/dev/null && [[ $(ps -o stat= -p "$worker") != Z* ]]; do sleep 0.1; done
( job D ) &
d=$!
wait_for "$work/D.worker"
kill "$(<"$work/D.worker")"      # 演示结束，收掉 D 的工作进程
wait "$d"
echo "== 结论：锁跟着文件描述符走。启动常驻子进程时用 9>&- 关掉它，或者用 kill -- -PGID 结束整组进程"
