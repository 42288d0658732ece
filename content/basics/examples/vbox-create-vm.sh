#!/usr/bin/env bash
# 用 VBoxManage 从零创建一台无界面运行的 Linux 实验虚拟机：
# 2 vCPU / 4 GiB / 40 GiB 动态磁盘，网卡 1 为 NAT（带 SSH 端口转发），网卡 2 为 host-only。
# 用法：vbox-create-vm.sh NAME /path/to/installer.iso [SSH_PORT]
set -euo pipefail

name=${1:?vm name}
iso=${2:?installer iso}
ssh_port=${3:-2222}
base="$HOME/VMs"
disk="$base/$name/$name.vdi"

command -v VBoxManage >/dev/null || { echo "VBoxManage not found" >&2; exit 1; }
if VBoxManage showvminfo "$name" >/dev/null 2>&1; then
  echo "VM $name already exists" >&2; exit 1
fi

VBoxManage createvm --name "$name" --ostype Ubuntu_64 --basefolder "$base" --register
VBoxManage modifyvm "$name" --memory 4096 --cpus 2 --firmware efi \
  --graphicscontroller vmsvga --vram 16 --audio-enabled off --boot1 disk --boot2 dvd
VBoxManage createmedium disk --filename "$disk" --size 40960 --format VDI
VBoxManage storagectl "$name" --name SATA --add sata --controller IntelAhci --portcount 2
VBoxManage storageattach "$name" --storagectl SATA --port 0 --device 0 --type hdd --medium "$disk"
VBoxManage storageattach "$name" --storagectl SATA --port 1 --device 0 --type dvddrive --medium "$iso"

# 网卡 1：NAT，宿主机 127.0.0.1:$ssh_port -> 虚拟机 22
VBoxManage modifyvm "$name" --nic1 nat --natpf1 "ssh,tcp,127.0.0.1,${ssh_port},,22"
# 网卡 2：host-only，宿主机与虚拟机互通（vboxnet0 不存在时先 hostonlyif create）
if VBoxManage list hostonlyifs | grep -q '^Name: *vboxnet0$'; then
  VBoxManage modifyvm "$name" --nic2 hostonly --host-only-adapter2 vboxnet0
fi

VBoxManage startvm "$name" --type headless
echo "started $name; after install: ssh -p $ssh_port user@127.0.0.1"
