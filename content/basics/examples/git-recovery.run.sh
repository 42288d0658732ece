#!/usr/bin/env bash
# git-recovery.run.sh：在临时目录里建一个仓库，演示 reset 的三种模式、用 reflog 找回“丢失”的提交和分支、
# revert、stash，以及用 git bisect run 自动定位引入缺陷的提交。
# 作者、时间都是固定的，所以每次运行得到的提交哈希都一样。
# 单引号里的 $ 是写给子 shell 和生成的脚本的，不希望在这里展开：
# shellcheck disable=SC2016
set -euo pipefail

work=$(mktemp -d)
trap 'rm -rf -- "$work"' EXIT
cd "$work"

# 不读系统和用户的 git 配置（签名、别名、钩子路径都可能影响结果），身份用环境变量给出
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME="Ops Bot" GIT_AUTHOR_EMAIL="ops@example.com"
export GIT_COMMITTER_NAME="Ops Bot" GIT_COMMITTER_EMAIL="ops@example.com"
tick=0
next_time() {   # 每个会生成提交的命令之前调用：时间往后拨一分钟
  tick=$((tick + 1))
  GIT_AUTHOR_DATE=$(printf '2026-03-01T10:%02d:00+08:00' "$tick")
  export GIT_AUTHOR_DATE GIT_COMMITTER_DATE=$GIT_AUTHOR_DATE
}
commit() { next_time; git commit -q -m "$1"; }
show() { echo "\$ $*"; "$@"; }

git init -q -b main repo
cd repo

echo "== 三个提交"
echo "version=1" > app.conf && git add app.conf && commit "app: v1"
echo "version=2" > app.conf && git add app.conf && commit "app: v2"
echo "version=3" > app.conf && git add app.conf && commit "app: v3"
show git log --oneline
good=$(git rev-parse HEAD)

echo "== 事故：reset --hard 回退了两个提交"
git reset -q --hard HEAD~2
show git log --oneline
show git reflog -n 3

echo "== 用 reflog 找回：HEAD@{1} 是 reset 之前 HEAD 的位置"
git reset -q --hard 'HEAD@{1}'
show git log --oneline
[[ $(git rev-parse HEAD) == "$good" ]] && echo "recovered: HEAD is back at ${good:0:7}"

echo "== reset 的三种模式（都回退一个提交，区别在于改动留在哪里）"
git reset -q --soft HEAD~1
show git status --short            # M 在第一列：改动还在暂存区
git reset -q --mixed HEAD          # 默认模式：清空暂存区，改动留在工作区
show git status --short            # M 在第二列：只在工作区
git reset -q --hard HEAD           # 连工作区一起丢弃
show git status --short
show cat app.conf
git reset -q --hard "$good"

echo "== revert：用一个新提交撤销已推送的提交，不改写历史"
next_time
git revert --no-edit HEAD > /dev/null
show git log --oneline -n 2
show cat app.conf

echo "== 找回被 branch -D 删掉的分支"
git switch -q -c feature/cache
echo "cache=on" > cache.conf && git add cache.conf && commit "feat: enable cache"
git switch -q main
git branch -q -D feature/cache
lost=$(git log -g --format='%H %gs' HEAD | awk '$2 == "commit:" && /enable cache/ {print $1; exit}')
git branch feature/cache "$lost"
show git log --oneline -n 1 feature/cache

echo "== stash：临时收起未提交的改动"
echo "debug=true" >> app.conf
next_time
git stash push -q -m "wip: debug flag"
show git stash list
show git status --short
git stash pop -q
show git status --short
git checkout -q -- app.conf

echo "== bisect run：自动找出第一个坏提交"
for i in 1 2 3 4 5 6 7 8; do
  if (( i < 6 )); then op='+'; else op='-'; fi     # 第 6 个提交把加法写成了减法
  printf '# revision %s\necho $((2 %s 2))\n' "$i" "$op" > calc.sh
  git add calc.sh && commit "calc: change $i"
done
# HEAD 是坏的，HEAD~8（本段之前的最后一个提交）是好的；测试命令返回 0 表示好，1–127（125 除外）表示坏
git bisect start HEAD HEAD~8 > /dev/null
git bisect run sh -c '[ "$(sh calc.sh)" = 4 ]' > /dev/null
echo "first bad commit: $(git log -1 --format='%h %s' refs/bisect/bad)"
git bisect reset > /dev/null 2>&1
