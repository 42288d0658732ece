#!/bin/sh
# /jffs/scripts/firewall-start —— 路由器每次重建防火墙规则后调用，$1 是 WAN 接口名（如 eth0、ppp0）。
# 防火墙会因为 WAN 重连、VPN 变化、改设置等原因反复重建，所以规则必须“先删后加”，重复执行也不会叠加。
WAN_IF="$1"
CAMERA=192.168.50.60

# 1. 禁止摄像头访问互联网（局域网内照常访问）
iptables -D FORWARD -s "$CAMERA" -o "$WAN_IF" -j DROP 2>/dev/null
iptables -I FORWARD -s "$CAMERA" -o "$WAN_IF" -j DROP

# 2. 只允许公司出口 203.0.113.0/24 从外网访问路由器上的 8443 端口（例如自建的某个管理服务）
iptables -D INPUT -i "$WAN_IF" -s 203.0.113.0/24 -p tcp --dport 8443 -j ACCEPT 2>/dev/null
iptables -I INPUT -i "$WAN_IF" -s 203.0.113.0/24 -p tcp --dport 8443 -j ACCEPT

logger -t firewall-start "custom rules applied on $WAN_IF"
