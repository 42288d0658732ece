#!/usr/bin/env bash
# 在一个独立的网络命名空间里临时启动 nginx，加载 nginx-routing.nginx.conf，
# 对每个 URI 发一次请求，打印“请求 -> 命中的 location 或后端收到的 URI”。
# 不占用宿主机端口，也不碰 /etc/nginx；需要 nginx、curl、unshare 和 ip。
set -euo pipefail

conf="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/nginx-routing.nginx.conf"

# 第一次运行时把自己放进新的网络命名空间（非 root 时借助用户命名空间）
if [ -z "${NGINX_DEMO_NETNS:-}" ]; then
    export NGINX_DEMO_NETNS=1
    if [ "$(id -u)" -eq 0 ]; then
        exec unshare -n bash "${BASH_SOURCE[0]}"
    else
        exec unshare -rn bash "${BASH_SOURCE[0]}"
    fi
fi
ip link set lo up

work="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

# 最外层的 nginx.conf：pid、日志和临时目录都放进临时目录；单进程、前台运行
cat >"$work/nginx.conf" <<EOF
master_process off;
daemon off;
pid $work/nginx.pid;
error_log $work/error.log;
events {}
http {
    access_log off;
    client_body_temp_path $work/body;
    proxy_temp_path $work/proxy;
    fastcgi_temp_path $work/fastcgi;
    uwsgi_temp_path $work/uwsgi;
    scgi_temp_path $work/scgi;
    include $conf;
}
EOF

nginx -t -q -p "$work" -e "$work/error.log" -c "$work/nginx.conf"
nginx -p "$work" -e "$work/error.log" -c "$work/nginx.conf" &
pid=$!

# 等 nginx 开始监听（最多约 5 秒）
for _ in $(seq 50); do
    curl -s -o /dev/null http://127.0.0.1:8080/ && break
    sleep 0.1
done

for uri in / /index.html /static/readme.txt /static/app.css /STATIC/LOGO.PNG \
    /static/vendor/lib.js /api/users?id=7 /api/app.js /v2/users /legacy/report; do
    printf '%-22s -> %s\n' "$uri" "$(curl -sS "http://127.0.0.1:8080$uri")"
done
