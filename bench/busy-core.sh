#!/usr/bin/env bash
# The busy-core measurement: the same servers and scenarios measured with the server's core to themselves, then
# with that core shared with a CPU hog (a busy loop pinned to it), back to back with bench/run.sh; prints one
# table of each server's medians and the share each keeps under the hog, and writes it beside the raw results.
#
#   bench/busy-core.sh [--servers a,b] [--scenarios a,b] [--reps N] [--duration S]
#
# localsail-threadpool is the same build with --scheduling ThreadPool, so that the table shows whether running
# requests inline on the socket's thread (the default on one CPU) makes LocalSail lose more than its peers.
set -euo pipefail

bench=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
servers="localsail,localsail-threadpool,trivial,nginx,moto"
scenarios="api-access-keys,s3-get-4k,s3-put-4k,s3-get-1m,s3-put-1m"
reps=3 duration=10
while [[ $# -gt 0 ]]; do
  case $1 in
    --servers) servers=$2; shift ;;
    --scenarios) scenarios=$2; shift ;;
    --reps) reps=$2; shift ;;
    --duration) duration=$2; shift ;;
    -h|--help) sed -n '2,9p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

common=(--no-doc --servers "$servers" --scenarios "$scenarios" --reps "$reps" --duration "$duration")
"$bench/run.sh" "${common[@]}" --label quiet >&2
quiet=$(ls -d "$bench"/results/raw/*-quiet | tail -1)
"$bench/run.sh" "${common[@]}" --cpu-hog --label busy >&2
busy=$(ls -d "$bench"/results/raw/*-busy | tail -1)

# Median of each (server, scenario) figure: MiB/s for the 1 MiB scenarios, requests/s for the others.
medians() {
  jq -rs '
    map(select(.status == "ok" and .requestsPerSecond != null))
    | group_by([.server, .scenario]) | .[]
    | (if (.[0].scenario | endswith("-1m")) then map(.mibPerSecond) else map(.requestsPerSecond) end) as $v
    | ($v | sort) as $s
    | [.[0].scenario, .[0].server, ($s[(($s | length) - 1) / 2 | floor])] | @tsv' "$1/results.jsonl"
}
table="$busy/busy-core.md"
{
  echo "Quiet: \`${quiet#"$bench/"}\`; busy: \`${busy#"$bench/"}\` (a CPU hog on the server's core during the load phase)."
  echo "Load average before/after each: $(grep -h 'load average' "$quiet/machine.txt" | cut -d: -f2-) | $(grep -h 'load average' "$busy/machine.txt" | cut -d: -f2-)"
  echo
  echo "| scenario | server | quiet | busy | kept |"
  echo "|---|---|---:|---:|---:|"
  join -t $'\t' <(medians "$quiet" | awk -F'\t' '{print $1"/"$2"\t"$3}' | sort) \
                <(medians "$busy" | awk -F'\t' '{print $1"/"$2"\t"$3}' | sort) |
    awk -F'\t' '{split($1, k, "/"); unit = (k[1] ~ /-1m$/) ? " MiB/s" : " req/s"; printf "| %s | %s | %.0f%s | %.0f%s | %.2f |\n", k[1], k[2], $2, unit, $3, unit, ($2 > 0 ? $3 / $2 : 0)}'
} | tee "$table"
echo "written to ${table#"$bench/"}" >&2
