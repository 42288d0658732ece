#!/usr/bin/env bash
# misc-facts.run.sh：零散知识里能在本机验证的部分——日期运算、进制与编码、单位换算、
# 重定向顺序、退出码、CRLF/BOM/GBK。固定 TZ=UTC、LC_ALL=C，输出是确定的。
set -euo pipefail
export TZ=UTC LC_ALL=C

work=$(mktemp -d)
trap 'rm -rf -- "$work"' EXIT

echo "== 日期运算（GNU date）"
echo "3 月 1 日的前一天:      $(date -d '2026-03-01 -1 day' +%F)"
echo "1 月 31 日加一个月:     $(date -d '2026-01-31 +1 month' +%F)   # 2 月 31 日不存在，顺延到 3 月"
echo "闰日加一年:             $(date -d '2024-02-29 +1 year' +%F)"
echo "Unix 时间 1767225600:   $(date -d @1767225600 '+%F %T %Z')"
echo "带偏移的时间转成 UTC:   $(date -u -d '2026-11-20T10:00:02+08:00' '+%FT%TZ')"
echo "相差天数:               $(( ($(date -d 2027-03-15 +%s) - $(date -d 2026-11-20 +%s)) / 86400 ))"
echo "2027-01-01 的周数:      %Y-W%V=$(date -d 2027-01-01 +%Y-W%V)  %G-W%V=$(date -d 2027-01-01 +%G-W%V)"
# Nginx 日志的时间格式 date 不认，先把 / 和第一个 : 换成空格
ts='20/Nov/2026:10:00:02 +0800'
ts=${ts/:/ }
echo "Nginx 日志时间转 UTC:   $(date -u -d "${ts//\// }" '+%FT%TZ')"

echo "== 进制"
printf '255 -> hex %x, 8 -> oct %o, 0x1f -> %d, 010 -> %d（前导 0 按八进制）\n' 255 8 0x1f 010
echo "bash 算术: 16#ff=$((16#ff)) 2#1010=$((2#1010)) 8#17=$((8#17))"
m=08
echo "月份 08 加 1: $((10#$m + 1))（写成 \$((08 + 1)) 会报 value too great for base）"
if (: $((08 + 1))) 2>/dev/null; then echo "unexpected: 08 parsed" >&2; exit 1; fi
printf 'ops' | od -An -tx1
printf '\x6f\x70\x73\n'
echo "printf 补零与对齐: [$(printf '%05d' 42)] [$(printf '%-8s' web)] [$(printf '%8s' 10.0.0.1)]"

echo "== base64"
echo "echo -n 编码: $(echo -n 'admin:s3cr3t' | base64)"
echo "echo   编码: $(echo 'admin:s3cr3t' | base64)   # 多编进了一个换行"
echo "解码: $(printf 'YWRtaW46czNjcjN0' | base64 -d)"
echo "100 字节默认折行成 $(head -c 100 /dev/zero | base64 | wc -l) 行；-w0 不折行，共 $(head -c 100 /dev/zero | base64 -w0 | wc -c) 个字符"
hdr=$(printf '{"alg":"HS256","typ":"JWT"}' | base64 -w0 | tr '+/' '-_' | tr -d '=')
echo "base64url（JWT 头）: $hdr"
# 反过来解 base64url：换回 +/，补齐 = 到 4 的倍数
b64=$(printf '%s' "$hdr" | tr -- '-_' '+/')
while (( ${#b64} % 4 )); do b64+='='; done
echo "解回: $(printf '%s' "$b64" | base64 -d)"
echo "sha256('hello')   前 16 位: $(printf 'hello' | sha256sum | cut -c1-16)"
echo "sha256('hello\\n') 前 16 位: $(echo 'hello' | sha256sum | cut -c1-16)"

echo "== 单位"
echo "1 TB（10^12 字节）用 1024 进制显示: $(numfmt --to=iec 1000000000000)"
echo "1 GiB: $(numfmt --to=iec-i 1073741824)   512Mi=$(numfmt --from=iec-i 512Mi)   512M=$(numfmt --from=si 512M)"
echo "1 Gbps 理论上每秒字节数: $(numfmt --to=si $((1000 * 1000 * 1000 / 8)))B"

echo "== 重定向顺序"
f() { echo out; echo err >&2; }
f >"$work/a.txt" 2>&1
echo ">file 2>&1：文件里有 $(wc -l <"$work/a.txt") 行（$(tr '\n' ' ' <"$work/a.txt")）"
screen=$(f 2>&1 >"$work/b.txt")
echo "2>&1 >file：屏幕上是 '$screen'，文件里是 '$(cat "$work/b.txt")'"

echo "== 退出码"
rc=0; bash -c 'exit 300' || rc=$?; echo "exit 300 -> $rc（取低 8 位）"
rc=0; no_such_command_here 2>/dev/null || rc=$?; echo "命令不存在 -> $rc"
printf 'echo hi\n' >"$work/noexec"
rc=0; "$work/noexec" 2>/dev/null || rc=$?; echo "没有执行权限 -> $rc"
# 让子 shell 给自己发信号，由外层 sh 报告退出码（bash 自己报告时会在 stderr 多打一行 Terminated）
rc=$(sh -c 'sh -c "kill -TERM \$\$"; echo $?' 2>/dev/null); echo "被 SIGTERM 杀死 -> $rc（128+15）"
rc=$(sh -c 'sh -c "kill -KILL \$\$"; echo $?' 2>/dev/null); echo "被 SIGKILL 杀死 -> $rc（128+9，OOM 也是它）"
rc=0; grep -q nothing /dev/null || rc=$?; echo "grep 没匹配 -> $rc"
set +o pipefail
false | true; echo "不开 pipefail: false | true -> $?"
set -o pipefail
rc=0; false | true || rc=$?; echo "开了 pipefail: false | true -> $rc"

echo "== CRLF、BOM 与 GBK"
printf 'cd /tmp\r\necho done\r\n' >"$work/crlf.sh"
echo "含 CR 的行数: $(grep -c $'\r' "$work/crlf.sh")"
od -c "$work/crlf.sh" | head -1
sed -i 's/\r$//' "$work/crlf.sh"                   # 等同于 dos2unix
echo "转换后含 CR 的行数: $(grep -c $'\r' "$work/crlf.sh" || true)"
printf '\xef\xbb\xbf#!/bin/sh\necho hi\n' >"$work/bom.sh"
echo "开头 3 字节: $(head -c 3 "$work/bom.sh" | od -An -tx1)"
sed -i '1s/^\xEF\xBB\xBF//' "$work/bom.sh"         # 去掉 UTF-8 BOM
echo "去掉后开头: $(head -c 2 "$work/bom.sh")"
printf '\xc4\xe3\xba\xc3' >"$work/gbk.txt"           # GBK 编码的“你好”
echo "GBK $(wc -c <"$work/gbk.txt") 字节 -> UTF-8: $(iconv -f GBK -t UTF-8 "$work/gbk.txt")（$(iconv -f GBK -t UTF-8 "$work/gbk.txt" | wc -c) 字节）"
