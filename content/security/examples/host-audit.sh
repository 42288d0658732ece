#!/usr/bin/env bash
# host-audit.sh：只读的主机安全基线巡检，适用于 Debian 12/13、Ubuntu 24.04、RHEL 9/10。
# 用法：sudo bash host-audit.sh          有 WARN 时退出码为 1，可接入定时任务或 CI。
# 它只检查、不修改任何配置；基线清单写在 /var/lib/host-audit/。

# 下面大量使用 A && ok || warn 的写法：ok 总是返回 0，所以它等价于 if/else。
# shellcheck disable=SC2015
set -uo pipefail

warn_count=0
ok()   { printf '[OK]   %s\n' "$*"; }
warn() { printf '[WARN] %s\n' "$*"; warn_count=$((warn_count + 1)); }
info() { printf '[INFO] %s\n' "$*"; }
have() { command -v "$1" >/dev/null 2>&1; }

if [[ $EUID -ne 0 ]]; then
  echo "需要 root 权限（读取 /etc/shadow、sshd -T）：sudo bash $0" >&2
  exit 2
fi

# shellcheck source=/dev/null
. /etc/os-release
info "系统：${PRETTY_NAME}，内核 $(uname -r)"

# 1. 账号：除 root 外不应有 UID 0；不应有空密码
extra_root=$(awk -F: '$3 == 0 && $1 != "root" {print $1}' /etc/passwd)
[[ -z $extra_root ]] && ok "只有 root 的 UID 为 0" || warn "UID 为 0 的其他账号：$extra_root"
empty_pw=$(awk -F: '$2 == "" {print $1}' /etc/shadow)
[[ -z $empty_pw ]] && ok "没有空密码账号" || warn "空密码账号：$empty_pw"

# 2. SSH：看 sshd -T 输出的最终生效值，而不是配置文件
if have sshd; then
  # Ubuntu 的 ssh.socket 按需启动，开机后还没人登录过时 /run/sshd 可能不存在
  [[ -d /run/sshd ]] || install -d -m 0755 /run/sshd
  sshd_eff=$(sshd -T 2>/dev/null) || warn "sshd -T 执行失败，先运行 sshd -t 看配置错误"
  check_sshd() {  # 参数：关键字（小写） 期望值
    local actual
    actual=$(awk -v k="$1" '$1 == k {print $2; exit}' <<<"$sshd_eff")
    [[ $actual == "$2" ]] && ok "sshd $1 = $actual" || warn "sshd $1 = ${actual:-未知}，期望 $2"
  }
  check_sshd permitrootlogin no
  check_sshd passwordauthentication no
  check_sshd kbdinteractiveauthentication no
  check_sshd x11forwarding no
  grep -qE '^(allowgroups|allowusers) ' <<<"$sshd_eff" \
    && ok "sshd 设置了 AllowGroups/AllowUsers" || warn "sshd 没有限制可登录的组或用户"
fi

# 3. 内核参数
check_sysctl() {  # 参数：键 期望值
  local actual
  actual=$(sysctl -n "$1" 2>/dev/null) || { info "sysctl $1 不存在"; return; }
  [[ $actual == "$2" ]] && ok "sysctl $1 = $actual" || warn "sysctl $1 = $actual，期望 $2"
}
check_sysctl kernel.kptr_restrict 2
check_sysctl kernel.dmesg_restrict 1
check_sysctl kernel.yama.ptrace_scope 1
check_sysctl fs.protected_symlinks 1
check_sysctl fs.protected_hardlinks 1
check_sysctl fs.suid_dumpable 0
check_sysctl net.ipv4.conf.all.accept_redirects 0
check_sysctl net.ipv4.conf.all.send_redirects 0
check_sysctl net.ipv4.tcp_syncookies 1

# 4. 文件权限：SUID/SGID、全局可写、无主文件。-xdev 只查根文件系统；
#    GNU find 的逗号操作符让四项检查共用一次目录遍历，-fprint 各写一个文件。
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
find / -xdev \
  \( -type f \( -perm -4000 -o -perm -2000 \) -fprint "$tmp/suid" \) , \
  \( -type f -perm -0002 -fprint "$tmp/ww" \) , \
  \( -type d -perm -0002 ! -perm -1000 -fprint "$tmp/nosticky" \) , \
  \( \( -nouser -o -nogroup \) -fprint "$tmp/orphans" \) 2>/dev/null
list() { head -n 20 "$1" | tr '\n' ' '; }   # 最多列 20 个

# 第一次运行时把 SUID/SGID 清单存为基线，以后只报告基线里没有的新文件；
# 确认新文件合法后，删除基线文件，下次运行会重新生成。
state=/var/lib/host-audit
install -d -m 0700 "$state"
sort -o "$tmp/suid" "$tmp/suid"
if [[ -f $state/suid-sgid.txt ]]; then
  added=$(comm -13 "$state/suid-sgid.txt" "$tmp/suid")
  [[ -z $added ]] && ok "SUID/SGID 文件与基线一致（$(wc -l < "$tmp/suid") 个）" \
    || warn "基线之外的 SUID/SGID 文件：$(tr '\n' ' ' <<<"$added")"
else
  cp "$tmp/suid" "$state/suid-sgid.txt"
  info "已记录 SUID/SGID 基线：$state/suid-sgid.txt（$(wc -l < "$tmp/suid") 个）"
fi
[[ -s $tmp/ww ]] && warn "全局可写文件：$(list "$tmp/ww")" || ok "没有全局可写的普通文件"
[[ -s $tmp/nosticky ]] && warn "没有粘滞位的全局可写目录：$(list "$tmp/nosticky")" || ok "全局可写目录都有粘滞位"
[[ -s $tmp/orphans ]] && warn "无主文件：$(list "$tmp/orphans")" || ok "没有无主文件"

# 5. 强制访问控制
if have getenforce; then
  mode=$(getenforce)
  [[ $mode == Enforcing ]] && ok "SELinux $mode" || warn "SELinux $mode"
elif [[ -d /sys/kernel/security/apparmor ]]; then
  profiles=$(grep -c '(enforce)' /sys/kernel/security/apparmor/profiles 2>/dev/null)
  ok "AppArmor 已启用，enforce 模式的配置 ${profiles:-0} 个"
else
  warn "SELinux 和 AppArmor 都没有启用"
fi

# 6. 防火墙：只确认“有一个在工作”
if have firewall-cmd && firewall-cmd --state >/dev/null 2>&1; then
  ok "firewalld 运行中，默认区域 $(firewall-cmd --get-default-zone)"
elif have ufw && ufw status 2>/dev/null | grep -q '^Status: active'; then
  ok "ufw 已启用"
elif have nft && nft list chains 2>/dev/null | grep -q 'hook input'; then
  ok "nftables 有 input 钩子上的链"
else
  warn "没有发现生效的主机防火墙"
fi

# 7. 时间同步与审计
[[ $(timedatectl show -p NTPSynchronized --value 2>/dev/null) == yes ]] \
  && ok "时间已同步" || warn "时间未同步（timedatectl）"
systemctl is-active --quiet auditd 2>/dev/null && ok "auditd 运行中" || warn "auditd 未运行"

# 8. 补丁：是否有待重启的更新
if [[ -f /var/run/reboot-required ]]; then
  warn "有更新需要重启：$(tr '\n' ' ' < /var/run/reboot-required.pkgs 2>/dev/null)"
elif have needs-restarting; then
  needs-restarting -r >/dev/null 2>&1 && ok "无需重启" || warn "有更新需要重启（needs-restarting -r）"
fi

# 9. 对外监听的端口，需要人工确认每一个都是必要的
info "监听中的端口："
ss -H -tulpn 2>/dev/null | awk '{print "       " $1, $5, $7}' | sort -u

echo "----"
echo "WARN 共 ${warn_count} 项"
(( warn_count == 0 ))
