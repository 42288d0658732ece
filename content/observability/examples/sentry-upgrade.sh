#!/usr/bin/env bash
# 自建 Sentry（getsentry/self-hosted）逐级升级：先备份，再按官方 hard stop 顺序一级一级执行 install.sh。
# 用法：sudo ./sentry-upgrade.sh 26.8.0     （在 self-hosted 仓库的 git 工作副本里运行）
set -euo pipefail

TARGET="${1:?用法: $0 <目标版本，例如 26.8.0>}"
SENTRY_DIR="${SENTRY_DIR:-/opt/sentry/self-hosted}"
HARD_STOPS=(9.1.2 21.5.0 21.6.3 23.6.2)   # 官方文档列出的必经版本

cd "$SENTRY_DIR"

# $1 < $2 ？（按版本号比较，CalVer 和旧的语义化版本都适用）
version_lt() {
  [ "$1" != "$2" ] && [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | head -n1)" = "$1" ]
}

current="$(git describe --tags --abbrev=0)"
echo "当前版本 ${current}，目标版本 ${TARGET}"
if ! version_lt "$current" "$TARGET"; then
  echo "已经是 ${current}，无需升级"
  exit 0
fi

# 1. 先做一次低体积数据（用户、组织、项目、告警规则）的 JSON 备份；完整备份请另行备份 sentry-* 数据卷
./scripts/backup.sh

git fetch --tags
for step in "${HARD_STOPS[@]}" "$TARGET"; do
  if version_lt "$current" "$step" && ! version_lt "$TARGET" "$step"; then
    echo "==> 升级到 ${step}"
    git checkout "$step"
    ./install.sh
    current="$step"
  fi
done

# 2. 按 install.sh 结束时的提示启动；默认的 feature-complete 配置是：
docker compose up --wait
docker compose ps
