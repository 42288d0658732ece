#!/usr/bin/env bash
# vsphere-cloudinit.run.sh：从模板批量克隆 Linux 虚拟机，用 cloud-init 的 VMware 数据源（guestinfo）
# 注入主机名、静态 IP 和 SSH 公钥。默认只打印将要执行的 govc 命令（DRY_RUN=1）；
# 设 DRY_RUN=0 并配好 GOVC_URL 等环境变量后真正执行。
set -euo pipefail

DRY_RUN=${DRY_RUN:-1}
TEMPLATE=${TEMPLATE:-tpl-rocky10}          # 已装好 open-vm-tools 和 cloud-init 的模板
FOLDER=${FOLDER:-/dc1/vm/web}
POOL=${POOL:-/dc1/host/cluster1/Resources/web}
NET=${NET:-pg-vlan120}
GATEWAY=10.12.0.1
DNS=10.0.0.53
SSH_KEY='ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIF088DsidSdMahpk5FolASUad1/jIPcmWHFYcNt6V9A+ ops@bastion'

run() {                                     # 演示模式只打印命令；长参数截断显示
  if [[ $DRY_RUN == 1 ]]; then
    local out=() a
    for a in "$@"; do
      if [[ $a == guestinfo.*data=* && ${#a} -gt 48 ]]; then a="${a:0:40}…(${#a} 字节)"; fi
      out+=("$a")
    done
    echo "+ ${out[*]}"
  else
    "$@"
  fi
}

enc() { base64 -w0; }                       # cloud-init 支持 base64 和 gzip+base64 两种编码

while read -r name ip; do
  metadata=$(cat <<YAML
instance-id: $name
local-hostname: $name
network:
  version: 2
  ethernets:
    nics:
      match:
        name: "e*"
      addresses: [$ip/24]
      routes:
        - to: 0.0.0.0/0
          via: $GATEWAY
      nameservers:
        addresses: [$DNS]
YAML
)
  userdata=$(cat <<YAML
#cloud-config
users:
  - name: ops
    groups: [wheel]
    sudo: "ALL=(ALL) NOPASSWD:ALL"
    lock_passwd: true
    ssh_authorized_keys:
      - $SSH_KEY
timezone: Asia/Shanghai
YAML
)
  md64=$(printf '%s\n' "$metadata" | enc)
  ud64=$(printf '%s\n' "$userdata" | enc)

  # 自检：编码后能原样解回来（注入的内容就是上面写的内容）
  [[ $(base64 -d <<<"$md64") == "$metadata" ]]
  [[ $(base64 -d <<<"$ud64") == "$userdata" ]]

  echo "## $name ($ip)"
  run govc vm.clone -vm "$TEMPLATE" -folder "$FOLDER" -pool "$POOL" -net "$NET" -on=false "$name"
  run govc vm.change -vm "$name" \
    -e "guestinfo.metadata=$md64" -e guestinfo.metadata.encoding=base64 \
    -e "guestinfo.userdata=$ud64" -e guestinfo.userdata.encoding=base64
  run govc vm.power -on "$name"
done <<'LIST'
web01 10.12.0.21
web02 10.12.0.22
LIST
