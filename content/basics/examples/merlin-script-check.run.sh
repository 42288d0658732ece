#!/usr/bin/env bash
# 上传到 /jffs/scripts 之前，在电脑上检查脚本的三个常见问题：
# 没有可执行权限、第一行不是 #!/bin/sh、Windows 换行（CRLF）；再用 sh -n 查语法。
# 路由器上的 shell 是 BusyBox ash，这里用本机的 sh 做语法检查，能挡住绝大多数错误。
set -euo pipefail

check_scripts() {
    local dir=$1 rc=0 f name
    for f in "$dir"/*; do
        [ -f "$f" ] || continue
        name=$(basename "$f")
        if [ "$(head -n 1 "$f" | tr -d '\r')" != "#!/bin/sh" ]; then
            echo "$name: 第一行必须是 #!/bin/sh"; rc=1
        fi
        if grep -q $'\r' "$f"; then
            echo "$name: 含有 CRLF 换行，用 dos2unix 或 sed -i 's/\r\$//' 转换"; rc=1
        fi
        if [ ! -x "$f" ]; then
            echo "$name: 没有可执行权限，chmod a+rx $name"; rc=1
        fi
        if ! sh -n "$f" 2>/dev/null; then
            echo "$name: 语法错误（sh -n）"; rc=1
        fi
    done
    return $rc
}

# 自测：一个合格的脚本，三个各有问题的脚本
mkdir -p scripts
printf '#!/bin/sh\nlogger -t services-start ok\n' > scripts/services-start
printf '#!/bin/sh\r\niptables -I FORWARD -s 192.168.50.60 -j DROP\r\n' > scripts/firewall-start
printf '#!/bin/bash\necho hi\n' > scripts/nat-start
printf '#!/bin/sh\nif true; then echo missing-fi\n' > scripts/post-mount
chmod a+rx scripts/services-start scripts/nat-start scripts/post-mount   # firewall-start 故意不加 x

if check_scripts scripts; then
    echo "unexpected: problems not detected" >&2; exit 1
fi

# 修好之后再查一遍，应当全部通过
sed -i 's/\r$//' scripts/firewall-start
sed -i '1s|.*|#!/bin/sh|' scripts/nat-start
printf 'fi\n' >> scripts/post-mount
chmod a+rx scripts/*
check_scripts scripts && echo "all scripts OK"
