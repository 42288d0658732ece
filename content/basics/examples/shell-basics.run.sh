#!/usr/bin/env bash
# shell-basics.run.sh：参数展开、数组、安全地遍历文件、getopts、here-doc。
# 所有文件都建在临时目录里，结束时删除；输出是确定的，可以和 .out 逐字比较。
set -euo pipefail

work=$(mktemp -d)
trap 'rm -rf -- "$work"' EXIT

echo "== 参数展开"
path=/var/log/nginx/access.log.2.gz
echo "basename:  ${path##*/}"           # 删掉最长的 */ 前缀
echo "dirname:   ${path%/*}"            # 删掉最短的 /* 后缀
echo "no .gz:    ${path%.gz}"
echo "ext only:  ${path##*.}"
echo "replace:   ${path/nginx/apache}"  # 只替换第一处
echo "length:    ${#path}"
env_name=${DEPLOY_ENV:-staging}          # 未设置或为空时用默认值
echo "default:   $env_name"
ver="v1.28.3"
echo "strip v:   ${ver#v}"
echo "upper:     ${env_name^^}"

echo "== 数组"
hosts=(web-1 web-2 "db 1")
echo "count:     ${#hosts[@]}"
for h in "${hosts[@]}"; do printf '  [%s]\n' "$h"; done
hosts+=(cache-1)
echo "last:      ${hosts[-1]}"
echo "slice:     ${hosts[*]:1:2}"
# 把命令参数放进数组，而不是拼成字符串：带空格的参数也能原样传递
rsync_opts=(-a --delete --exclude "*.tmp" --exclude "cache dir/")
printf 'rsync arg: %s\n' "${rsync_opts[@]}"

declare -A port=([http]=80 [https]=443 [ssh]=22)
# 关联数组的遍历顺序不确定，要稳定输出就先排序
while IFS= read -r name; do
  echo "port[$name]=${port[$name]}"
done < <(printf '%s\n' "${!port[@]}" | LC_ALL=C sort)

echo "== 安全地遍历文件（文件名里有空格和换行）"
mkdir -p "$work/logs/sub dir"
touch "$work/logs/app.log" "$work/logs/sub dir/error log.log" "$work/logs/skip.txt"
touch "$work/logs/$(printf 'line\nbreak.log')"
count=0
while IFS= read -r -d '' f; do
  count=$((count + 1))
  printf '  %q\n' "${f#"$work"/}"
done < <(find "$work/logs" -type f -name '*.log' -print0 | LC_ALL=C sort -z)
echo "found $count .log files"    # 用进程替换而不是管道，count 才留在当前 shell 里

shopt -s nullglob                  # 没有匹配时展开为空，而不是字面的 *.bak
baks=("$work"/logs/*.bak)
echo "bak files: ${#baks[@]}"

echo "== [[ ]] 与正则"
line="2026-09-14 03:12:45 ERROR [order-svc] timeout after 30s"
if [[ $line =~ ^([0-9-]+)\ ([0-9:]+)\ ([A-Z]+)\ \[([a-z-]+)\] ]]; then
  echo "date=${BASH_REMATCH[1]} level=${BASH_REMATCH[3]} service=${BASH_REMATCH[4]}"
fi
[[ $env_name == stag* ]] && echo "glob match: $env_name"
(( ${#hosts[@]} > 3 )) && echo "more than 3 hosts"

echo "== getopts"
parse() {
  local OPTIND opt verbose=0 timeout=30 name=""
  while getopts ':n:t:v' opt; do
    case $opt in
      n) name=$OPTARG ;;
      t) timeout=$OPTARG ;;
      v) verbose=$((verbose + 1)) ;;
      :) echo "option -$OPTARG needs a value" >&2; return 2 ;;
      \?) echo "unknown option -$OPTARG" >&2; return 2 ;;
    esac
  done
  shift $((OPTIND - 1))
  echo "name=$name timeout=$timeout verbose=$verbose rest=[$*]"
}
parse -n api -vv -t 5 extra1 "extra 2"
parse -x 2>/dev/null || echo "parse -x -> exit $?"

echo "== here-doc"
user=deploy
cat > "$work/motd" <<EOF
managed by ops, user: $user
home: \$HOME stays literal here
EOF
cat "$work/motd"
cat <<'EOF'
quoted delimiter: $user and $(date) are not expanded
EOF
