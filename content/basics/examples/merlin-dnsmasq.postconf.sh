#!/bin/sh
# /jffs/scripts/dnsmasq.postconf —— dnsmasq 的配置生成之后、启动之前调用，$1 是生成的配置文件路径。
# 固定不变的几行直接写进 /jffs/configs/dnsmasq.conf.add 更简单；需要判断条件时才用 postconf。
CONFIG="$1"
. /usr/sbin/helper.sh          # 提供 pc_append、pc_replace、pc_delete 等函数

# 内网主机名
pc_append "address=/nas.home.arpa/192.168.50.10" "$CONFIG"

# 公司域名只在 WireGuard 客户端 1 已启用时才转发给公司的 DNS
if [ "$(nvram get wgc1_enable)" = "1" ]; then
    pc_append "server=/corp.example.com/10.8.0.1" "$CONFIG"
fi
