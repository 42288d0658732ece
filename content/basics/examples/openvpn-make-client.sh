#!/usr/bin/env bash
# 签发一张客户端证书，并生成把 CA、证书、私钥和 tls-crypt 密钥都内联进去的 .ovpn 文件。
# 在 CA 机器的 easy-rsa 目录里运行：./openvpn-make-client.sh alice
# 生成的文件含有客户端私钥，要经安全渠道交给用户，用完从 CA 机器上删掉。
set -euo pipefail

name=${1:?"用法：$0 客户端名"}
pki=${EASYRSA_PKI:-./pki}
tc_key=${TC_KEY:-./tc.key}              # 与服务端 tls-crypt 用的是同一个文件
remote=${VPN_REMOTE:-vpn.example.com}
port=${VPN_PORT:-1194}
out="$name.ovpn"

if [ ! -f "$pki/issued/$name.crt" ]; then
    ./easyrsa --batch build-client-full "$name" nopass
fi

umask 077
{
    cat <<CONF
client
dev tun
proto udp
remote $remote $port
resolv-retry infinite
nobind
remote-cert-tls server
data-ciphers AES-256-GCM:CHACHA20-POLY1305
verb 3
CONF
    echo '<ca>'
    cat "$pki/ca.crt"
    echo '</ca>'
    echo '<cert>'
    openssl x509 -in "$pki/issued/$name.crt"    # 只要 PEM 部分，去掉可读的文本说明
    echo '</cert>'
    echo '<key>'
    cat "$pki/private/$name.key"
    echo '</key>'
    echo '<tls-crypt>'
    cat "$tc_key"
    echo '</tls-crypt>'
} >"$out"

echo "已生成 $out"
