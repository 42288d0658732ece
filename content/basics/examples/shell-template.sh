#!/usr/bin/env bash
# shell-template.sh：运维脚本骨架，演示参数解析、日志、dry-run、依赖检查、加锁和退出清理。
# 功能：删除目录下 14 天前轮转出来的压缩日志。
# 用法：shell-template.sh [-n] [-v] [-d DAYS] -t DIR
set -euo pipefail
shopt -s inherit_errexit

readonly PROG=${0##*/}
readonly LOCK_FILE=${LOCK_FILE:-/run/lock/${PROG%.sh}.lock}

DRY_RUN=0
VERBOSE=0
DAYS=14
TARGET=""
tmpdir=""

# 日志一律写 stderr：stdout 留给真正的数据输出，脚本才能被管道和 $( ) 组合使用
log()   { printf '%s %s[%d] %-5s %s\n' "$(date '+%F %T')" "$PROG" "$$" "$1" "${*:2}" >&2; }
info()  { log INFO "$@"; }
warn()  { log WARN "$@"; }
die()   { log ERROR "$@"; exit 1; }
debug() { if (( VERBOSE )); then log DEBUG "$@"; fi; }

usage() {
  cat <<EOF
Usage: $PROG [-n] [-v] [-d DAYS] -t DIR
  -t DIR   directory that holds rotated logs (required)
  -d DAYS  delete *.gz older than DAYS days (default: $DAYS)
  -n       dry run, only print what would be deleted
  -v       verbose
  -h       show this help
EOF
}

# 执行一条命令；dry-run 时只打印。参数按数组传递，带空格的文件名也不会被拆开
run() {
  if (( DRY_RUN )); then
    info "dry-run: $(printf '%q ' "$@")"
  else
    debug "exec: $(printf '%q ' "$@")"
    "$@"
  fi
}

require() {
  local cmd
  for cmd in "$@"; do
    command -v "$cmd" >/dev/null 2>&1 || die "missing command: $cmd"
  done
}

cleanup() {
  local rc=$?
  if [[ -n $tmpdir ]]; then rm -rf -- "$tmpdir"; fi
  if (( rc != 0 )); then warn "exit status $rc"; fi
}

parse_args() {
  local opt
  while getopts ':t:d:nvh' opt; do
    case $opt in
      t) TARGET=$OPTARG ;;
      d) DAYS=$OPTARG ;;
      n) DRY_RUN=1 ;;
      v) VERBOSE=1 ;;
      h) usage; exit 0 ;;
      :) die "option -$OPTARG requires an argument" ;;
      \?) usage >&2; exit 2 ;;
    esac
  done
  shift $((OPTIND - 1))
  (( $# == 0 )) || die "unexpected arguments: $*"
  [[ -n $TARGET ]] || { usage >&2; exit 2; }
  [[ -d $TARGET ]] || die "not a directory: $TARGET"
  [[ $DAYS =~ ^[0-9]+$ ]] || die "-d needs a number, got: $DAYS"
}

main() {
  parse_args "$@"
  require find flock mktemp

  # 同一时间只允许一个实例：拿不到锁就退出，不排队
  exec 9>"$LOCK_FILE"
  flock -n 9 || die "another $PROG is running (lock: $LOCK_FILE)"

  trap cleanup EXIT
  tmpdir=$(mktemp -d)

  find "$TARGET" -xdev -type f -name '*.gz' -mtime "+$DAYS" -print0 > "$tmpdir/list"

  local f n=0
  while IFS= read -r -d '' f; do
    run rm -f -- "$f"
    n=$((n + 1))
  done < "$tmpdir/list"
  info "$n file(s) older than $DAYS days under $TARGET$( (( DRY_RUN )) && echo ' (dry run)')"
}

main "$@"
