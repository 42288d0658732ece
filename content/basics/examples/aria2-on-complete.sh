#!/usr/bin/env bash
# aria2 的下载完成钩子：aria2.conf 里写 on-download-complete=/etc/aria2/on-complete.sh
# aria2 调用时传 3 个参数：GID、文件个数、（第一个）文件的路径。
# 这里把 incoming/ 下载完的文件（或 BT 任务的整个顶层目录）移到 done/，并记一行日志。
set -euo pipefail

gid=$1
count=$2
path=$3

incoming=/srv/downloads/incoming
done_dir=/srv/downloads/done
log=/var/log/aria2/complete.log

# 没有文件（例如只下载了 .torrent 元数据）时什么也不做
[ "$count" -eq 0 ] && exit 0
case "$path" in
    "$incoming"/*) ;;
    *) exit 0 ;;          # 不是放在 incoming 下的任务，不动
esac

# 多文件 BT 任务：移动 incoming 下的顶层目录；单文件：移动文件本身
rel=${path#"$incoming"/}
top=${rel%%/*}
src="$incoming/$top"

mkdir -p "$done_dir"
mv -n -- "$src" "$done_dir/"
# .aria2 控制文件在下载完成后已被删除；万一还在，一并清掉
rm -f -- "$src.aria2"

printf '%s gid=%s files=%s moved=%s\n' "$(date '+%F %T')" "$gid" "$count" "$top" >> "$log"
