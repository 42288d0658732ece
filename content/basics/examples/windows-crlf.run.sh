#!/usr/bin/env bash
# windows-crlf.run.sh：在 Windows 上编辑、拷到 Linux 的脚本和配置为什么会坏，怎样查出来、修好、以后不再发生。
set -euo pipefail
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME=ops GIT_AUTHOR_EMAIL=ops@example.com GIT_COMMITTER_NAME=ops GIT_COMMITTER_EMAIL=ops@example.com

# 模拟在记事本里保存的两个文件：每行以 \r\n（CRLF）结尾
printf '#!/bin/bash\r\necho "deploying"\r\n' > deploy.sh
printf 'env=prod\r\nreplicas=3\r\n' > app.env
chmod +x deploy.sh

echo "== 1. 症状"
# 内核去找名为 "/bin/bash\r" 的解释器，找不到：退出码 127
set +e; ./deploy.sh 2>/dev/null; echo "./deploy.sh exit=$?"; set -e
# 读配置时值的末尾多了一个 \r，字符串比较永远不相等
while IFS='=' read -r key value; do
  if [[ $key == env ]]; then
    [[ $value == prod ]] && echo "env is prod" || echo "env is not prod: $(printf '%s' "$value" | od -An -c | tr -s ' ' | sed 's/^ //')"
  fi
done < app.env

echo "== 2. 查出带 CRLF 的文件"
grep -l $'\r' deploy.sh app.env

echo "== 3. 修复（等价于 dos2unix）"
sed -i 's/\r$//' deploy.sh app.env
./deploy.sh
grep -c $'\r' deploy.sh app.env || true

echo "== 4. 用 .gitattributes 让仓库里永远是 LF"
git init -q repo && cd repo
git config core.autocrlf false
printf '*.sh text eol=lf\n*.ps1 text eol=crlf\n' > .gitattributes
printf '#!/bin/bash\r\necho "deploying"\r\n' > deploy.sh     # 又一次从 Windows 拷进来
printf 'Write-Output "hello"\n' > hello.ps1
git add . 2>/dev/null                                        # 提交时按规则把 CRLF 规范成 LF
git commit -q -m init
rm deploy.sh hello.ps1 && git checkout -- .                  # 重新检出：.sh 用 LF，.ps1 用 CRLF
git ls-files --eol | awk '{print $1, $2, $NF}'

# 自检：仓库里的 .sh 是 LF，工作区的 .ps1 是 CRLF
[[ $(git ls-files --eol deploy.sh) == *i/lf*w/lf* ]]
[[ $(git ls-files --eol hello.ps1) == *w/crlf* ]]
