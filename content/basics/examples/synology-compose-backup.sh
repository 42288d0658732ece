#!/bin/bash
# 群晖“任务计划”里的备份脚本：逐个停止 Container Manager 的项目，把项目目录（compose 文件和挂载的数据）
# 打包到备份目录，再启动；每个项目保留最近 KEEP 份。
# 控制面板 → 任务计划 → 新增 → 计划的任务 → 用户定义的脚本；用户选 root，
# 勾选“仅在脚本异常终止时发送运行详情”，脚本失败（退出码非 0）时就会收到邮件。
set -uo pipefail

SRC_ROOT=${SRC_ROOT:-/volume1/docker}          # 每个子目录是一个项目
DEST=${DEST:-/volume1/backup/docker}
KEEP=${KEEP:-14}
DOCKER=${DOCKER:-docker}
STAMP=${STAMP:-$(date +%Y%m%d-%H%M%S)}

mkdir -p "$DEST"
failed=0

for dir in "$SRC_ROOT"/*/; do
    project=$(basename "$dir")
    if [ ! -f "$dir/compose.yaml" ] && [ ! -f "$dir/docker-compose.yml" ]; then
        continue
    fi
    echo "== $project"

    # 停容器再打包，数据库等文件才是一致的；打包失败也一定要把容器启动回来
    (cd "$dir" && "$DOCKER" compose stop) || { echo "stop failed: $project"; failed=1; continue; }
    if ! tar -czf "$DEST/$project-$STAMP.tar.gz" -C "$SRC_ROOT" "$project"; then
        echo "tar failed: $project"; failed=1
        rm -f "$DEST/$project-$STAMP.tar.gz"
    fi
    (cd "$dir" && "$DOCKER" compose start) || { echo "start failed: $project"; failed=1; }

    # 轮换：文件名里的时间戳按字典序就是时间顺序，删掉最新 KEEP 份以外的
    printf '%s\n' "$DEST/$project-"*.tar.gz | sort -r | tail -n +$((KEEP + 1)) |
        while IFS= read -r old; do
            rm -f -- "$old"
        done
done

exit $failed
