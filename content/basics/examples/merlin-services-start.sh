#!/bin/sh
# /jffs/scripts/services-start —— 开机时所有内置服务启动完成后调用一次。
# cru 是固件自带的 crontab 管理命令：cru a <名字> "<分 时 日 月 周> <命令>"，cru d <名字> 删除，cru l 列出。
# crontab 里的 % 有特殊含义，要写成 \%。

# 每天 03:30 把 /jffs 打包备份到 U 盘
cru a backup-jffs "30 3 * * * tar -czf /tmp/mnt/USB/backup/jffs-\$(date +\%F).tgz -C /jffs ."

# 每周一 04:00 重启 2.4 GHz 无线（某些老设备连久了会掉线）
cru a wl0-restart "0 4 * * 1 service restart_wireless"

logger -t services-start "custom cron jobs installed"
