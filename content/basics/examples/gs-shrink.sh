#!/usr/bin/env bash
# 用 Ghostscript 压缩 PDF：输出比原文件小才替换，否则保留原文件。
# 用法：gs-shrink.sh [-s screen|ebook|printer|prepress] file.pdf...
set -euo pipefail

setting=ebook
if [[ ${1:-} == -s ]]; then setting=$2; shift 2; fi
case $setting in screen|ebook|printer|prepress|default) ;; *) echo "bad setting: $setting" >&2; exit 2 ;; esac
command -v gs >/dev/null || { echo "gs not found" >&2; exit 1; }

for in in "$@"; do
  [[ -f $in ]] || { echo "skip: $in" >&2; continue; }
  tmp=$(mktemp --suffix=.pdf)
  # SAFER 是默认值，这里显式写出；超时防止畸形文件让 gs 卡住
  if ! timeout 300 gs -q -dSAFER -dBATCH -dNOPAUSE -sDEVICE=pdfwrite \
       -dCompatibilityLevel=1.7 -dPDFSETTINGS="/$setting" \
       -sOutputFile="$tmp" "$in"; then
    echo "fail: $in" >&2; rm -f "$tmp"; continue
  fi
  before=$(stat -c %s "$in"); after=$(stat -c %s "$tmp")
  if (( after < before )); then
    mv "$tmp" "$in"
    printf '%s: %d -> %d bytes (%d%%)\n' "$in" "$before" "$after" $(( after * 100 / before ))
  else
    rm -f "$tmp"
    printf '%s: kept original (%d bytes, gs produced %d)\n' "$in" "$before" "$after"
  fi
done
