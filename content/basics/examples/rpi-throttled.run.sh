#!/usr/bin/env bash
# 解码 `vcgencmd get_throttled` 的位掩码：低 16 位是“现在”，高 16 位是“自开机以来发生过”。
# 在树莓派上用法：decode "$(vcgencmd get_throttled)"；这里用几组样例值自测。
set -euo pipefail

decode() {
  local raw=${1#throttled=}          # 接受 "throttled=0x50005" 或 "0x50005"
  local v=$((raw)) out=()
  local -A bits=(
    [0]="under-voltage now"       [16]="under-voltage occurred"
    [1]="arm freq capped now"     [17]="arm freq capping occurred"
    [2]="throttled now"           [18]="throttling occurred"
    [3]="soft temp limit now"     [19]="soft temp limit occurred"
  )
  for b in 0 1 2 3 16 17 18 19; do
    if (( v & (1 << b) )); then out+=("${bits[$b]}"); fi
  done
  if (( ${#out[@]} == 0 )); then out=("ok"); fi
  local IFS=','
  printf '%-8s %s\n' "$raw" "${out[*]}"
}

for sample in throttled=0x0 throttled=0x50000 throttled=0x50005 throttled=0x80008 throttled=0xa0002; do
  decode "$sample"
done

# 自检：0x50005 必须同时包含“正在欠压”和“发生过降频”
[[ $(decode 0x50005) == *"under-voltage now"*"throttling occurred"* ]]
