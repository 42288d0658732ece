#!/usr/bin/env bash
# 自建私有 CA：根 CA → 中间 CA → 带 SAN 的服务器证书，最后自己检查结果。
# 需要 OpenSSL 3.x。所有文件都在一个临时目录里；KEEP=1 时保留目录并在 stderr 打印路径。
set -euo pipefail

workdir=$(mktemp -d)
if [[ "${KEEP:-0}" == 1 ]]; then
  echo "files kept in $workdir" >&2
else
  trap 'rm -rf "$workdir"' EXIT
fi
cd "$workdir"

# 1. 根 CA：ECDSA P-384，自签名，10 年。私钥在真实环境里应离线保存。
openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-384 -noenc \
  -keyout root.key -out root.crt -days 3650 -subj "/O=Example Ops/CN=Example Root CA" \
  -addext "basicConstraints=critical,CA:TRUE" \
  -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null

# 2. 中间 CA：CSR 由根 CA 签发，pathlen:0 表示它下面不能再有 CA。
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -noenc \
  -keyout intermediate.key -out intermediate.csr \
  -subj "/O=Example Ops/CN=Example Intermediate CA" 2>/dev/null
cat > intermediate.ext <<'EOF'
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
EOF
openssl x509 -req -in intermediate.csr -CA root.crt -CAkey root.key -CAcreateserial \
  -days 1825 -extfile intermediate.ext -out intermediate.crt 2>/dev/null

# 3. 服务器证书：名字只写在 SAN 里才算数（浏览器忽略 CN）。
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -noenc \
  -keyout server.key -out server.csr -subj "/CN=web.example.internal" \
  -addext "subjectAltName=DNS:web.example.internal,DNS:*.web.example.internal,IP:10.0.0.10" 2>/dev/null
# 签发时由 CA 决定扩展（不盲目照抄 CSR 里的），SAN 在这里重新写一遍。
cat > server.ext <<'EOF'
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:web.example.internal, DNS:*.web.example.internal, IP:10.0.0.10
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
EOF
openssl x509 -req -in server.csr -CA intermediate.crt -CAkey intermediate.key -CAcreateserial \
  -days 365 -extfile server.ext -out server.crt 2>/dev/null

# Nginx 的 ssl_certificate 用完整链：服务器证书在前，中间证书在后，根证书不放。
cat server.crt intermediate.crt > fullchain.pem

# 4. 检查：证书链、主机名与 IP、SAN、私钥与证书是否配对。
echo "== chain"
openssl verify -CAfile root.crt -untrusted intermediate.crt server.crt
openssl verify -CAfile root.crt -untrusted intermediate.crt \
  -verify_hostname api.web.example.internal server.crt
openssl verify -CAfile root.crt -untrusted intermediate.crt -verify_ip 10.0.0.10 server.crt
if openssl verify -CAfile root.crt -untrusted intermediate.crt \
  -verify_hostname www.example.com server.crt >/dev/null 2>&1; then
  echo "unexpected: www.example.com accepted" >&2
  exit 1
fi
echo "www.example.com: rejected (not in SAN)"
# 没有中间证书时验证必须失败：这正是“服务器只发了叶子证书”时客户端看到的情况。
if openssl verify -CAfile root.crt server.crt >/dev/null 2>&1; then
  echo "unexpected: chain verified without the intermediate" >&2
  exit 1
fi
echo "without intermediate: rejected"

echo "== names"
openssl x509 -in server.crt -noout -subject -issuer
openssl x509 -in server.crt -noout -ext subjectAltName,extendedKeyUsage | sed 's/[[:space:]]*$//'

echo "== key pair"
if [[ "$(openssl pkey -in server.key -pubout)" == "$(openssl x509 -in server.crt -noout -pubkey)" ]]; then
  echo "server.key matches server.crt"
else
  echo "server.key does NOT match server.crt" >&2
  exit 1
fi

echo "== formats"
# PEM → DER → PEM 往返，内容不变
openssl x509 -in server.crt -outform DER -out server.der
openssl x509 -in server.der -inform DER -out server-roundtrip.pem
cmp -s server.crt server-roundtrip.pem && echo "PEM -> DER -> PEM: identical"
# 打成 PKCS#12（Java、Windows、部分设备要这种格式），再取出证书看一眼
openssl pkcs12 -export -inkey server.key -in server.crt -certfile intermediate.crt \
  -name web -out server.p12 -passout pass:changeit
openssl pkcs12 -in server.p12 -passin pass:changeit -nokeys 2>/dev/null |
  openssl x509 -noout -subject
echo "certificates in server.p12: $(openssl pkcs12 -in server.p12 -passin pass:changeit -nokeys 2>/dev/null | grep -c 'BEGIN CERTIFICATE')"
