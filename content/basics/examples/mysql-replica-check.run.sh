#!/usr/bin/env bash
# 副本健康检查：读 SHOW REPLICA STATUS\G 的输出，打印一行结论，
# 退出码沿用 Nagios 约定：0 正常、1 告警、2 严重。
# 线上用法：mysql --login-path=monitor -e 'SHOW REPLICA STATUS\G' | check_replica 60
set -euo pipefail

check_replica() {
  local max_lag=${1:-60}
  awk -v max_lag="$max_lag" '
    # 只认 "字段名: 值" 形式的行；多行的 GTID 集合续行会被跳过
    match($0, /^ *[A-Za-z_]+:/) {
      key = substr($0, RSTART, RLENGTH - 1); gsub(/ /, "", key)
      val = substr($0, RSTART + RLENGTH); sub(/^ /, "", val)
      f[key] = val
    }
    END {
      if (!("Replica_IO_Running" in f)) { print "CRIT 不是副本：SHOW REPLICA STATUS 没有输出"; exit 2 }
      io = f["Replica_IO_Running"]; sql = f["Replica_SQL_Running"]; lag = f["Seconds_Behind_Source"]
      if (sql != "Yes") { printf "CRIT SQL 线程=%s 错误 %s：%s\n", sql, f["Last_SQL_Errno"], f["Last_SQL_Error"]; exit 2 }
      if (io != "Yes")  { printf "CRIT IO 线程=%s 错误 %s：%s\n", io, f["Last_IO_Errno"], f["Last_IO_Error"]; exit 2 }
      if (lag == "NULL" || lag + 0 > max_lag) { printf "WARN 延迟 %s 秒，超过阈值 %d 秒\n", lag, max_lag; exit 1 }
      printf "OK 两个线程都在运行，延迟 %s 秒，源库 %s\n", lag, f["Source_Host"]
    }'
}

# ---- 以下用三段样例输出自测：正常、延迟、SQL 线程因主键冲突停止 ----
healthy='*************************** 1. row ***************************
             Replica_IO_State: Waiting for source to send event
                  Source_Host: 10.0.1.10
                  Source_User: repl
           Replica_IO_Running: Yes
          Replica_SQL_Running: Yes
                Last_SQL_Errno: 0
                Last_SQL_Error:
        Seconds_Behind_Source: 0
                Last_IO_Errno: 0
                Last_IO_Error:
           Retrieved_Gtid_Set: 3e11fa47-71ca-11e1-9e33-c80aa9429562:1-2310
            Executed_Gtid_Set: 3e11fa47-71ca-11e1-9e33-c80aa9429562:1-2310,
a1b2c3d4-0000-11ef-8000-0242ac120002:1-17
                Auto_Position: 1'
lagging=${healthy/Seconds_Behind_Source: 0/Seconds_Behind_Source: 427}
broken=${healthy/Replica_SQL_Running: Yes/Replica_SQL_Running: No}
broken=${broken/Last_SQL_Errno: 0/Last_SQL_Errno: 1062}
err="Last_SQL_Error: Could not execute Write_rows event on table shop.orders; Duplicate entry '10086' for key 'orders.PRIMARY'"
broken=${broken/Last_SQL_Error:/$err}
broken=${broken/Seconds_Behind_Source: 0/Seconds_Behind_Source: NULL}

fail=0
for case in healthy:0 lagging:1 broken:2 empty:2; do
  name=${case%%:*} want=${case##*:}
  input=${!name-}
  rc=0
  printf '%s' "$input" | check_replica 60 || rc=$?
  [[ $rc == "$want" ]] || { echo "  期望退出码 $want，实际 $rc" >&2; fail=1; }
done
exit "$fail"
