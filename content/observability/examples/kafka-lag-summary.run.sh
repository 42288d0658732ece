#!/usr/bin/env bash
# Sum up `kafka-consumer-groups.sh --describe` per topic: partitions, consumers, total lag,
# and the partition holding the largest share of it (one hot partition = skew, not throughput).
#
#   kafka-lag-summary.run.sh GROUP [BOOTSTRAP] [--command-config FILE]   ask a real cluster
#   kafka-lag-summary.run.sh                                            self-test on a built-in sample
set -euo pipefail

summarize() {
	printf '%-14s %5s %9s %10s %8s %6s\n' TOPIC PARTS CONSUMERS TOTAL-LAG MAX-PART SHARE
	# Columns: GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG CONSUMER-ID HOST CLIENT-ID
	awk '
		$1 == "GROUP" || NF < 9 { next }
		{
			t = $2; lag = ($6 == "-") ? 0 : $6
			parts[t]++; total[t] += lag
			if (!((t, $7) in seen) && $7 != "-") { seen[t, $7] = 1; consumers[t]++ }
			if (!(t in max) || lag > max[t]) { max[t] = lag; maxp[t] = $3 }
		}
		END {
			for (t in parts) {
				share = total[t] > 0 ? 100 * max[t] / total[t] : 0
				printf "%-14s %5d %9d %10.0f %8s %5.0f%%\n", t, parts[t], consumers[t] + 0, total[t], maxp[t], share
				if (total[t] >= 100000 && share >= 80)
					printf "WARN %s: partition %s holds %.0f%% of %.0f lagging records; look at that partition and its consumer\n", t, maxp[t], share, total[t] > "/dev/stderr"
			}
		}' | sort
}

if [[ $# -ge 1 ]]; then
	group=$1 bootstrap=${2:-localhost:9092}
	shift $(( $# >= 2 ? 2 : 1 ))
	kafka-consumer-groups.sh --bootstrap-server "$bootstrap" --describe --group "$group" "$@" | summarize
	exit
fi

# Self-test: what `--describe --group logstash-logs` printed on a cluster with one stuck partition.
sample=$(cat <<'OUT'
GROUP          TOPIC          PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG     CONSUMER-ID                                          HOST         CLIENT-ID
logstash-logs  app-logs       0          8123450         8123502         52      logstash-logs-0-3b1f0c52-8e8a-4f57-9a43-7d2c1e9b6a10  /10.0.3.21   logstash-logs-0
logstash-logs  app-logs       1          8120011         8663404         543393  logstash-logs-1-a0d5e7c3-4b21-4c6e-8f0a-2e9d3c7b1f44  /10.0.3.21   logstash-logs-1
logstash-logs  app-logs       2          8119870         8119901         31      logstash-logs-2-6c8e2a91-1d3f-4b7a-b5e0-9f4a2c6d8e13  /10.0.3.22   logstash-logs-2
logstash-logs  nginx-access   0          2211040         2211059         19      logstash-logs-0-3b1f0c52-8e8a-4f57-9a43-7d2c1e9b6a10  /10.0.3.21   logstash-logs-0
logstash-logs  nginx-access   1          2209985         2210000         15      logstash-logs-2-6c8e2a91-1d3f-4b7a-b5e0-9f4a2c6d8e13  /10.0.3.22   logstash-logs-2
OUT
)
warnings=$(mktemp)
trap 'rm -f "$warnings"' EXIT
result=$(summarize <<<"$sample" 2>"$warnings")
printf '%s\n' "$result"
cat "$warnings"
grep -q '^WARN app-logs: partition 1 holds 100%' "$warnings"
[[ $(grep -c '^nginx-access' <<<"$result") -eq 1 ]]
