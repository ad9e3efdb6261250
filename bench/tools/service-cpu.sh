#!/bin/bash
# Usage: bench/tools/service-cpu.sh <command…>
# CPU seconds that the PostgreSQL processes (backends and the rest) and Redis used while the command
# ran. Samples /proc every 0.2 s, so backends that exit before the end (a pool closing) still count.
set -u
tick=$(getconf CLK_TCK)
samples=$(mktemp)
( while :; do
    for p in $(pgrep -f '^postgres') $(pgrep redis-server); do
      stat=$(cat /proc/$p/stat 2>/dev/null) || continue
      kind=$(tr '\0' ' ' 2>/dev/null < /proc/$p/cmdline | awk '{ if ($0 ~ /redis/) print "redis"; else if ($0 ~ /postgres: [0-9]+\/main: (checkpointer|background writer|walwriter|autovacuum|logical|archiver|stats)/) print "postgres-other"; else print "postgres-backends" }')
      echo "$p ${kind:-postgres-backends} $(echo "$stat" | awk '{print $14+$15}')"
    done >> "$samples"
    sleep 0.2
  done ) &
sampler=$!
sleep 0.3
"$@"
status=$?
kill $sampler 2>/dev/null
awk -v tick="$tick" '{ if (!($1 in first)) first[$1] = $3; last[$1] = $3; kind[$1] = $2 }
  END { for (p in last) used[kind[p]] += last[p] - first[p]; for (k in used) printf "%s cpu: %.2f s\n", k, used[k] / tick > "/dev/stderr" }' "$samples"
rm -f "$samples"
exit $status
