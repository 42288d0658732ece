#!/usr/bin/env bash
# trap-order.run.sh：trap 的执行顺序和几条容易忽略的规则，每段都在子 shell 或子进程里给自己发信号，
# 所以输出是确定的。
set -euo pipefail

echo "== 1. 信号 trap 先执行，exit 之后再执行 EXIT trap"
rc=0
(
  trap 'echo "   EXIT trap"' EXIT
  trap 'echo "   TERM trap"; exit 143' TERM
  echo "   sending TERM to myself"
  kill -TERM "$BASHPID"          # $$ 在子 shell 里仍是父脚本的 PID，自己的 PID 是 $BASHPID
  echo "   not reached"
) || rc=$?
echo "   status=$rc"

echo "== 2. 没有 TERM trap 时，bash 被 TERM 杀死前仍会执行 EXIT trap，退出码 128+15"
rc=0
bash -c 'trap "echo \"   EXIT trap\"" EXIT; kill -TERM $$; echo "   not reached"' || rc=$?
echo "   status=$rc ($(kill -l "$rc"))"

echo "== 3. trap 里不 exit，脚本会从被打断的地方继续执行"
(
  trap 'echo "   TERM trap (no exit)"' TERM
  kill -TERM "$BASHPID"
  echo "   still running after TERM"
)

echo "== 4. ERR trap 默认不进入函数，set -E 之后才会"
(
  set +e                         # 只看 ERR trap，不让 set -e 提前退出
  f() { false; echo "   f: after false"; }
  trap 'echo "   ERR: \"$BASH_COMMAND\" returned $?"' ERR
  f
  echo "   -- set -E --"
  set -E
  f
)

echo "== 5. wait 会被有 trap 的信号立即打断，前台命令则要等它结束"
(
  trap 'echo "   TERM trap"' TERM
  me=$BASHPID
  sleep 3 & pid=$!
  ( sleep 0.2; kill -TERM "$me" ) &
  rc=0; wait "$pid" || rc=$?
  echo "   wait returned $rc, sleep is still running: $(kill -0 "$pid" 2>/dev/null && echo yes || echo no)"
  kill "$pid"; wait "$pid" 2>/dev/null || true
)
(
  trap 'echo "   TERM trap"' TERM
  me=$BASHPID
  ( sleep 0.2; kill -TERM "$me" ) &
  sleep 2                        # 前台命令：TERM 早已到达，但 trap 要等 sleep 结束才执行
  echo "   foreground sleep finished"
)

echo "== 6. 子 shell 会把 trap 重置为默认动作"
rc=0
(
  trap 'echo "   USR1 trap in parent"' USR1
  ( kill -USR1 "$BASHPID"; echo "   not reached" ) || rc=$?
  echo "   inner subshell status=$rc ($(kill -l "$rc"))"
  kill -USR1 "$BASHPID"
)

echo "== 7. 被忽略的信号会继承下去，子进程无法再捕获"
(
  trap '' INT                    # 忽略 INT（nohup 对 HUP 做的也是这件事）
  bash -c 'trap "echo \"   child INT trap\"" INT; kill -INT $$; echo "   child ignored INT and kept running"'
)

echo "== 8. kill -- -PGID 一次结束整个进程组"
# 进程组 $1 里还活着的进程数（不算已退出、等待回收的僵尸进程）
alive_in_group() { ps -eo pgid=,stat= | awk -v g="$1" '$1 == g && $2 !~ /^Z/' | wc -l; }
(
  set -m                         # 打开作业控制：后台作业自成一个进程组，PGID 等于它的 PID
  ( sleep 30 & sleep 30 & wait ) &
  pg=$!
  set +m
  for _ in {1..50}; do (( $(alive_in_group "$pg") == 3 )) && break; sleep 0.1; done
  echo "   processes in group: $(alive_in_group "$pg")"
  kill -TERM -- "-$pg"           # 负数 PID 表示进程组；-- 防止 -PGID 被当成选项
  rc=0; wait "$pg" || rc=$?
  for _ in {1..50}; do (( $(alive_in_group "$pg") == 0 )) && break; sleep 0.1; done
  echo "   group leader status=$rc, processes left: $(alive_in_group "$pg")"
)
