#!/usr/bin/env bash
# 从 Apache 归档站安装指定版本的 Maven 到 /opt，校验 SHA-512 后再解压。
# 用法：sudo bash maven-install.sh 3.9.16
# 内网可把 MAVEN_DIST_BASE 指向 Nexus 的 raw/proxy 仓库，目录结构保持一致即可。
set -euo pipefail

version="${1:?usage: $0 <maven-version>, e.g. 3.9.16}"
major="${version%%.*}"
base="${MAVEN_DIST_BASE:-https://archive.apache.org/dist/maven/maven-${major}}"
file="apache-maven-${version}-bin.tar.gz"
url="${base}/${version}/binaries/${file}"
prefix=/opt

command -v java >/dev/null || { echo "java not found: install a JDK first" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

curl -fsSL -o "$tmp/$file" "$url"
# Apache 的 .sha512 文件里有的只有哈希，有的带文件名：只取第一列
expected=$(curl -fsSL "$url.sha512" | awk '{print $1}')
echo "${expected}  $tmp/$file" | sha512sum -c --status -
echo "checksum OK: $file"

tar -xzf "$tmp/$file" -C "$prefix"
ln -sfn "$prefix/apache-maven-${version}" "$prefix/maven"

cat > /etc/profile.d/maven.sh <<'EOF'
export MAVEN_HOME=/opt/maven
export PATH="$MAVEN_HOME/bin:$PATH"
EOF

"$prefix/maven/bin/mvn" -v
