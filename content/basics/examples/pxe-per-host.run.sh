#!/usr/bin/env bash
# pxe-per-host.run.sh：按一份清单（MAC、主机名、IP）给每台机器生成专属的启动配置和 kickstart。
# pxelinux 依次找：以客户端 UUID 命名的文件 → 01-<MAC，小写、用横线> → 十六进制 IP 及其逐位截短 → default；
# 给每台机器一个按 MAC 命名的文件，就能让它装自己的主机名和地址，其他机器仍走 default。
set -euo pipefail

root=$PWD/srv                       # 演示用目录；真实环境是 TFTP 根目录和 HTTP 根目录
tftp=$root/tftp
www=$root/www
mkdir -p "$tftp/pxelinux.cfg" "$www/ks"

http=http://10.20.0.5               # 安装源和 kickstart 所在的 HTTP 服务器

# 清单：MAC 主机名 IP/前缀 网关（真实环境可以从 CMDB 或 iDRAC 导出）
cat > "$root/hosts.txt" <<'LIST'
B0:7B:25:1A:2C:01 node01 10.20.0.21/24 10.20.0.1
b0:7b:25:1a:2c:02 node02 10.20.0.22/24 10.20.0.1
LIST

# 10.20.0.21 → 0A140015：pxelinux 用大写十六进制的 IP 作为第二候选文件名
hexip() {
  local IFS=.
  # shellcheck disable=SC2086
  printf '%02X%02X%02X%02X\n' $1
}

# 前缀长度 → 点分掩码，kickstart 的 network --netmask 要点分写法
mask() {
  local bits=$1 m=() i
  for i in 1 2 3 4; do
    if (( bits >= 8 )); then m+=(255); bits=$((bits - 8))
    else m+=($(( 256 - (1 << (8 - bits)) ))); bits=0; fi
  done
  (IFS=.; echo "${m[*]}")
}

while read -r mac host cidr gw; do
  [[ -z $mac || $mac == \#* ]] && continue
  mac=${mac,,}                                  # 一律小写
  file="01-${mac//:/-}"                         # b0:7b:… → 01-b0-7b-…
  ip=${cidr%/*}
  prefix=${cidr#*/}

  # 安装阶段用 DHCP 拿临时地址，只把 kickstart 指向这台机器自己的文件
  cat > "$tftp/pxelinux.cfg/$file" <<CFG
default install
prompt 0
timeout 30
label install
  kernel images/rhel10/vmlinuz
  append initrd=images/rhel10/initrd.img ip=dhcp inst.repo=$http/rhel10/ inst.ks=$http/ks/$host.cfg
CFG

  # 装好的系统用静态地址：每台机器的 kickstart 只写不同的那一行，其余 %include 公共部分
  cat > "$www/ks/$host.cfg" <<KS
network --bootproto=static --device=link --ip=$ip --netmask=$(mask "$prefix") --gateway=$gw --nameserver=$gw --hostname=$host.lab.internal --activate
%include $http/ks/common.cfg
KS
  echo "$host  $file  hex-ip=$(hexip "$ip")"
done < "$root/hosts.txt"

# 自检：文件名、内容和十六进制换算都要对
test -f "$tftp/pxelinux.cfg/01-b0-7b-25-1a-2c-01"
grep -q 'inst.ks=http://10.20.0.5/ks/node02.cfg' "$tftp/pxelinux.cfg/01-b0-7b-25-1a-2c-02"
grep -q -- '--ip=10.20.0.21 --netmask=255.255.255.0' "$www/ks/node01.cfg"
grep -q -- '--hostname=node01.lab.internal' "$www/ks/node01.cfg"
[[ $(hexip 192.168.1.254) == C0A801FE ]]
[[ $(mask 22) == 255.255.252.0 ]]

echo "--- pxelinux.cfg/01-b0-7b-25-1a-2c-02"
cat "$tftp/pxelinux.cfg/01-b0-7b-25-1a-2c-02"
echo "--- ks/node02.cfg"
cat "$www/ks/node02.cfg"
