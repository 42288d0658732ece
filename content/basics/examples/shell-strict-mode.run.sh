#!/usr/bin/env bash
# shell-strict-mode.run.sh：set -euo pipefail 的几个“意外”，每段都在独立的 bash 里运行并打印退出码。
# 代码片段是故意用单引号传给子 bash 的，不希望在这里展开：
# shellcheck disable=SC2016
set -euo pipefail

# 在一个新的 bash 进程里开启严格模式运行一段代码，打印退出码（错误信息照常走 stderr）
try() {
  local title=$1 code=$2 rc=0
  echo "== $title"
  bash -c "set -euo pipefail; $code" || rc=$?
  echo "   exit=$rc"
}

try '1. 失败的命令让脚本立刻退出' '
  echo "   before"
  false
  echo "   after (不会打印)"'

try '2. if 条件、&& || 左侧里的失败不触发 set -e' '
  if false; then :; fi
  false && echo "   不会打印"
  echo "   still running"'

try '3. local 赋值会吞掉命令替换的退出码' '
  f() { local v=$(false); echo "   local 吞掉了失败，v=[$v]"; }
  f
  g() { local v; v=$(false); echo "   不会打印"; }
  g'

try '4. ((i++)) 在 i 为 0 时返回 1，脚本就此退出' '
  i=0
  ((i++))
  echo "   不会打印"'

try '5. 改用 i=$((i + 1)) 就没事' '
  i=0
  i=$((i + 1))
  echo "   i=$i"'

try '6. pipefail：管道中任何一段失败，整个管道失败' '
  grep nomatch /dev/null | sort
  echo "   不会打印"'

try '7. pipefail 的副作用：上游被 SIGPIPE 杀掉（141）也算失败' '
  yes | head -n 1 > /dev/null
  echo "   不会打印"'

try '8. 函数被放在 || 左侧时，函数体里的 set -e 全部失效' '
  deploy() { false; echo "   false 之后仍在执行"; }
  deploy || echo "   不会打印"'

try '9. set -u：未定义变量报错，${var:-默认值} 可以安全地取值' '
  echo "   name=${NAME:-anonymous}"
  echo "   $UNDEFINED_VAR"'

try '10. 命令替换默认不继承 set -e，bash 4.4+ 用 shopt -s inherit_errexit 打开' '
  v=$(false; echo "忽略了 false")
  echo "   v=$v"
  shopt -s inherit_errexit
  v=$(false; echo "不会执行到这里")
  echo "   不会打印"'
