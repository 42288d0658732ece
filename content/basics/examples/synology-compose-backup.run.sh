#!/usr/bin/env bash
# 在临时目录里跑一遍 synology-compose-backup.sh：用一个假的 docker 命令记录调用，检查停启顺序和轮换结果。
set -euo pipefail
script="$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/synology-compose-backup.sh"

mkdir -p bin src/gitea/data src/vaultwarden/data src/notes backup
cat > bin/docker <<'FAKE'
#!/usr/bin/env bash
echo "$(basename "$PWD"): docker $*" >> "$DOCKER_LOG"
FAKE
chmod +x bin/docker
echo 'services: {}' > src/gitea/compose.yaml
echo 'services: {}' > src/vaultwarden/docker-compose.yml
echo 'not a project' > src/notes/readme.txt          # 没有 compose 文件，应当跳过
for d in 20260101-030000 20260102-030000 20260103-030000; do
    touch "backup/gitea-$d.tar.gz"                     # 三份旧备份，KEEP=2 时应只剩最新的一份旧的
done

export DOCKER_LOG=$PWD/docker.log
SRC_ROOT=$PWD/src DEST=$PWD/backup KEEP=2 DOCKER=$PWD/bin/docker STAMP=20260104-030000 \
    bash "$script"

cat docker.log
ls backup
tar -tzf backup/vaultwarden-20260104-030000.tar.gz | sort
