#!/usr/bin/env bash
# The one command: builds LocalSail and the bench, installs the peers, then in one run measures every
# server on 127.0.0.1 under the same load generator (server on one core, load on the other), each
# scenario repeated and interleaved across servers, and writes the table to docs/PERFORMANCE.md.
#
#   bench/run.sh [--quick] [--servers a,b] [--scenarios a,b] [--reps N] [--warmup S] [--duration S]
#                [--concurrency N] [--peer-list-objects N] [--localsail-list-objects a,b] [--multipart-mib N]
#                [--no-doc] [--cpu-hog] [--label TEXT]
#
# Servers: localsail localsail-postgres localsail-pg-s3 localsail-2nodes trivial nginx moto ceph s3rver fauxqs,
# localsail-threadpool (the same build with --scheduling ThreadPool) and localsail-plain (the same build with
# --encrypt-objects false, for what encryption at rest costs: object GETs and PUTs only). localsail-postgres keeps metadata in a
# throwaway PostgreSQL, localsail-pg-s3 also its object bytes in Ceph's gateway (needs ceph in the run), and
# localsail-2nodes is two nodes on one PostgreSQL database and one data directory (bench/README.md, "More
# than one node"). --cpu-hog keeps a busy loop on the server's core during the load phase, so every
# server shares its core with another busy process (bench/busy-core.sh compares that with a quiet core). Scenarios: api-access-keys api-key-pair
# api-get-buckets s3-get-4k s3-get-1m s3-put-4k s3-put-1m s3-list s3-multipart (cold start, idle and
# loaded memory are always taken).
set -euo pipefail

bench=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$bench/.." && pwd)
command_line="bench/run.sh${*:+ $*}"

servers="localsail,localsail-plain,localsail-postgres,localsail-pg-s3,localsail-2nodes,trivial,nginx,moto,ceph,s3rver,fauxqs"
scenarios="api-access-keys,api-key-pair,api-get-buckets,s3-get-4k,s3-get-1m,s3-put-4k,s3-put-1m,s3-list,s3-multipart"
reps=3 warmup=2 duration=10 concurrency=8 multipart_mib=1024
peer_list_objects=1000 localsail_list_objects="1000,100000,1000000"
write_doc=1 cpu_hog=0 label=""
while [[ $# -gt 0 ]]; do
  case $1 in
    --quick) reps=1 warmup=2 duration=3 multipart_mib=256 localsail_list_objects="1000,100000" ;;
    --servers) servers=$2; shift ;;
    --scenarios) scenarios=$2; shift ;;
    --reps) reps=$2; shift ;;
    --warmup) warmup=$2; shift ;;
    --duration) duration=$2; shift ;;
    --concurrency) concurrency=$2; shift ;;
    --peer-list-objects) peer_list_objects=$2; shift ;;
    --localsail-list-objects) localsail_list_objects=$2; shift ;;
    --multipart-mib) multipart_mib=$2; shift ;;
    --no-doc) write_doc=0 ;;
    --cpu-hog) cpu_hog=1 ;;
    --label) label=$2; shift ;;
    -h|--help) sed -n '2,17p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

server_cpu=1 load_cpu=0
if [[ $(nproc) -lt 2 ]]; then
  echo "needs 2 cores: one for the server, one for the load generator" >&2
  exit 2
fi
export SERVER_CPU=$server_cpu

stamp=$(date -u +%Y%m%dT%H%M%SZ)${label:+-$label}
run_date=$(date -u '+%Y-%m-%d %H:%M UTC')
# Other work on the machine shows in the figures: the load average before and after says how quiet it was.
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
work="$bench/results/raw/$stamp"
mkdir -p "$work/logs"
results="$work/results.jsonl"
: >"$results"
export BENCH_LOG_DIR="$work/logs"
echo "results and logs: ${work#"$root"/}"

# --- every process this script starts is stopped on exit ----------------------------------------
declare -A pid_of=() port_of=() unavailable=()
hog_pid=""
ceph_dir="$work/ceph"
ceph_started=0
pg_dir="$work/postgres"
pg_started=0
prepare_error=""
stop_pid() {
  local pid=$1 i
  kill "$pid" 2>/dev/null || return 0
  for i in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null || true
}
cleanup() {
  local s
  for s in "${!pid_of[@]}"; do stop_pid "${pid_of[$s]}"; done
  if [[ -n $hog_pid ]]; then stop_pid "$hog_pid"; fi
  if [[ $ceph_started -eq 1 ]]; then ceph_cluster_stop "$ceph_dir" || true; fi
  if [[ $pg_started -eq 1 ]]; then pg_cluster_stop "$pg_dir" || true; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM  # so that a stopped run still runs cleanup
# shellcheck source=peers/ceph.sh
source "$bench/peers/ceph.sh"
# shellcheck source=peers/postgres.sh
source "$bench/peers/postgres.sh"
set +e  # from here a failing peer is recorded, not fatal

mark_unavailable() {
  local server=$1 why=${2//"$root/"/}
  unavailable[$server]=$why
  jq -nc --arg s "$server" --arg w "$why" '{server:$s, scenario:"unavailable", rep:0, status:("unavailable: " + $w)}' >>"$results"
  echo "$server: unavailable: $why" >&2
}

# --- build -----------------------------------------------------------------------------------------
echo "building the bench and LocalSail (Release)"
if ! dotnet build "$bench/LocalSail.Bench.slnx" -c Release -v q -nologo >"$work/logs/build-bench.log" 2>&1; then
  tail -20 "$work/logs/build-bench.log" >&2
  echo "the bench does not build" >&2
  exit 1
fi
load="$bench/LocalSail.Bench.Load/bin/Release/net10.0/localsail-load"
# Both .NET servers are published for this machine's runtime, precompiled (ReadyToRun), as a user deploys them.
rid="linux-$(dotnet --info | sed -n 's/^ *Architecture: *//p' | head -1)"
trivial_bin="$work/trivial/trivial-kestrel"
localsail_bin="$work/localsail/localsail"
localsail_servers="localsail localsail-plain localsail-threadpool localsail-postgres localsail-pg-s3 localsail-2nodes"
if [[ ",$servers," == *,localsail* ]]; then
  if ! dotnet publish "$root/src/LocalSail.Cli/LocalSail.Cli.csproj" -c Release -r "$rid" --self-contained false -v q -nologo -o "$work/localsail" >"$work/logs/build-localsail.log" 2>&1; then
    for s in $localsail_servers; do [[ ",$servers," == *,$s,* ]] && mark_unavailable $s "src/LocalSail.Cli does not build ($(grep -m1 -o 'error [A-Z]*[0-9]*: .*' "$work/logs/build-localsail.log" | cut -c1-120))"; done
  fi
fi
if [[ ",$servers," == *,trivial,* ]]; then
  if ! dotnet publish "$bench/floor/TrivialKestrel" -c Release -r "$rid" --self-contained false -v q -nologo -o "$work/trivial" >"$work/logs/build-trivial.log" 2>&1; then
    mark_unavailable trivial "bench/floor/TrivialKestrel does not build ($(grep -m1 -o 'error [A-Z]*[0-9]*: .*' "$work/logs/build-trivial.log" | cut -c1-120))"
  fi
fi

# The compiler and MSBuild servers stay behind after a build and keep working for a while; nothing else
# may share the cores with what is measured.
dotnet build-server shutdown >/dev/null 2>&1 || true

# --- peers -------------------------------------------------------------------------------------------
echo "installing peers (idempotent)"
while read -r word server why; do
  [[ $word == unavailable && ",$servers," == *,$server,* ]] && mark_unavailable "$server" "$why"
done < <("$bench/peers/install.sh")

# LocalSail's root key; the S3 scenarios use a bucket access key it creates.
export LOCALSAIL_ACCESS_KEY_ID=AKIABENCHROOT0000001 LOCALSAIL_SECRET_ACCESS_KEY=bench-root-secret-0000000000000000000000 LOCALSAIL_ACCOUNT_ID=123456789012
ceph_key=BENCHCEPHKEY0000001 ceph_secret=bench-ceph-secret-000000000000000000000

# Below the kernel's ephemeral range (32768-60999), so that no outgoing connection can hold a server's port.
port=24100
for s in ${servers//,/ }; do port_of[$s]=$port; port=$((port + 1)); done
second_node_port=$port  # localsail-2nodes' second node

# localsail-pg-s3 keeps its object bytes in a bucket of this run's Ceph gateway, started before it.
blob_bucket=localsail-blobs
if [[ ",$servers," == *,localsail-pg-s3,* && -z ${unavailable[localsail-pg-s3]:-} ]]; then
  if [[ ",$servers," != *,ceph,* ]]; then
    mark_unavailable localsail-pg-s3 "its object bytes go to Ceph's RADOS Gateway, and ceph is not in --servers"
  elif [[ -n ${unavailable[ceph]:-} ]]; then
    mark_unavailable localsail-pg-s3 "its object bytes go to Ceph's RADOS Gateway, which is unavailable: ${unavailable[ceph]}"
  fi
fi

# Per server: how buckets are made (setup), which JSON call stands for the API scenario, the key it signs
# with, the probe of the cold start and which scenarios apply.
setup_of() { case $1 in localsail*) echo lightsail ;; trivial|nginx) echo none ;; *) echo s3 ;; esac; }
api_of() { case $1 in localsail*) echo lightsail ;; moto) echo kms ;; fauxqs) echo sqs ;; *) echo plain ;; esac; }
keys_of() {
  case $1 in
    localsail*) echo "$LOCALSAIL_ACCESS_KEY_ID $LOCALSAIL_SECRET_ACCESS_KEY" ;;
    ceph) echo "$ceph_key $ceph_secret" ;;
    s3rver) echo "S3RVER S3RVER" ;;
    *) echo "bench bench-secret" ;;
  esac
}
probe_of() { case $1 in localsail*) echo lightsail ;; nginx) echo get:/bench-data/obj-4k ;; *) echo s3 ;; esac; }
applies() {
  local server=$1 scenario=$2
  case $server in
    # The variants run what they are there to compare, so that one full run stays under an hour.
    localsail-plain) [[ $scenario == @(s3-get-4k|s3-get-1m|s3-put-4k|s3-put-1m) ]] ;;
    localsail-postgres) [[ $scenario != s3-multipart ]] ;;
    localsail-pg-s3|localsail-2nodes) [[ $scenario == @(api-access-keys|s3-get-4k|s3-get-1m|s3-put-4k|s3-put-1m) ]] ;;
    localsail*) return 0 ;;
    trivial) [[ $scenario == @(api-access-keys|api-get-buckets|s3-get-4k|s3-get-1m|s3-put-4k|s3-put-1m) ]] ;;
    nginx) [[ $scenario == @(s3-get-4k|s3-get-1m) ]] ;;
    moto|fauxqs) [[ $scenario != @(api-key-pair|api-get-buckets) ]] ;;
    *) [[ $scenario == s3-* ]] ;;
  esac
}
# On PostgreSQL every object of the fill is a durable commit: those buckets stop at 1,000 objects.
list_objects_of() {
  local n
  case $1 in
    localsail-postgres|localsail-pg-s3|localsail-2nodes)
      for n in ${localsail_list_objects//,/ }; do [[ $n -le 1000 ]] && echo "$n"; done ;;
    localsail*) echo "${localsail_list_objects//,/ }" ;;
    *) echo "$peer_list_objects" ;;
  esac
}
# The addresses the load generator spreads its workers over (setup goes through the first).
endpoint_of() {
  if [[ $1 == localsail-2nodes ]]; then
    echo "http://127.0.0.1:${port_of[$1]},http://127.0.0.1:$second_node_port"
  else
    echo "http://127.0.0.1:${port_of[$1]}"
  fi
}
pg_database_of() { echo "bench_${1//-/_}"; }
pg_options() { echo "--store Postgres --postgres-connection $(pg_connection "$pg_dir" "$(pg_database_of "$1")")"; }
blob_prefix=""  # localsail-pg-s3's key prefix in the blob bucket, a fresh one per cold start

server_command() {
  local s=$1 p=${port_of[$1]:-} data="$work/data/$1"
  case $s in
    localsail) echo "taskset -c $server_cpu $localsail_bin serve --host 127.0.0.1 --port $p --data-dir $data" ;;
    localsail-threadpool) echo "taskset -c $server_cpu $localsail_bin serve --host 127.0.0.1 --port $p --data-dir $data --scheduling ThreadPool" ;;
    localsail-plain) echo "taskset -c $server_cpu $localsail_bin serve --host 127.0.0.1 --port $p --data-dir $data --encrypt-objects false" ;;
    localsail-postgres|localsail-2nodes)
      echo "taskset -c $server_cpu $localsail_bin serve --host 127.0.0.1 --port $p --data-dir $data $(pg_options "$s")" ;;
    localsail-2nodes-b)
      echo "taskset -c $server_cpu $localsail_bin serve --host 127.0.0.1 --port $second_node_port --data-dir $work/data/localsail-2nodes $(pg_options localsail-2nodes)" ;;
    localsail-pg-s3)
      echo "taskset -c $server_cpu env LOCALSAIL_BLOB_S3_ACCESS_KEY_ID=$ceph_key LOCALSAIL_BLOB_S3_SECRET_ACCESS_KEY=$ceph_secret $localsail_bin serve --host 127.0.0.1 --port $p --data-dir $data $(pg_options "$s") --blob-store S3 --blob-s3-endpoint http://127.0.0.1:${port_of[ceph]} --blob-s3-bucket $blob_bucket --blob-s3-prefix $blob_prefix" ;;
    trivial) echo "taskset -c $server_cpu $trivial_bin --urls http://127.0.0.1:$p" ;;
    nginx) echo "taskset -c $server_cpu nginx -p $data -c $data/nginx.conf -g daemon_off_placeholder" ;;
    moto) echo "taskset -c $server_cpu python3 -m moto.server -H 127.0.0.1 -p $p" ;;
    ceph) echo "taskset -c $server_cpu $(ceph_rgw_command "$ceph_dir")" ;;
    s3rver) echo "taskset -c $server_cpu node $bench/peers/node_modules/s3rver/bin/s3rver.js -d $data -a 127.0.0.1 -p $p --silent" ;;
    fauxqs) echo "taskset -c $server_cpu node $bench/peers/fauxqs-local.mjs $p" ;;
  esac
}

# Fresh state for a server before each cold start; Ceph's cluster is made once (its first boot creates pools),
# PostgreSQL's once, with a database made afresh for each cold start. A failure leaves its reason in prepare_error.
prepare() {
  local s=$1 data="$work/data/$1"
  rm -rf "$data" && mkdir -p "$data"
  prepare_error=""
  case $s in
    localsail-postgres|localsail-pg-s3|localsail-2nodes)
      if [[ $pg_started -eq 0 ]]; then
        echo "  postgres: starting a throwaway cluster"
        pg_started=1
        if ! pg_cluster_start "$pg_dir" >"$work/logs/postgres-cluster.log" 2>&1; then
          prepare_error="PostgreSQL did not start: $(grep -v '^$' "$work/logs/postgres-cluster.log" | tail -1 | cut -c1-200)"
          return 1
        fi
      fi
      [[ -n $(pg_pids "$pg_dir") ]] || { prepare_error="PostgreSQL is not running (see logs/postgres-cluster.log)"; return 1; }
      if ! pg_database_recreate "$pg_dir" "$(pg_database_of "$s")" >>"$work/logs/postgres-cluster.log" 2>&1; then
        prepare_error="its PostgreSQL database could not be created: $(tail -1 "$work/logs/postgres-cluster.log" | cut -c1-200)"
        return 1
      fi
      if [[ $s == localsail-pg-s3 ]]; then
        if [[ -z ${pid_of[ceph]:-} ]]; then
          prepare_error="its object bytes go to Ceph's RADOS Gateway, which is not running"
          return 1
        fi
        if ! "$load" bucket --endpoint "http://127.0.0.1:${port_of[ceph]}" --access-key "$ceph_key" --secret-key "$ceph_secret" \
          --name "$blob_bucket" 2>"$work/logs/blob-bucket.log"; then
          prepare_error="the blob bucket could not be created on Ceph's gateway: $(head -c 200 "$work/logs/blob-bucket.log")"
          return 1
        fi
        blob_prefix="start-$(date +%s%N)/"
      fi
      ;;
    nginx)
      mkdir -p "$data/www/bench-data" "$data/logs"
      "$load" payload --size 4096 --out "$data/www/bench-data/obj-4k"
      "$load" payload --size 1048576 --out "$data/www/bench-data/obj-1m"
      cat >"$data/nginx.conf" <<CONF
worker_processes 1;
user root;
pid $data/nginx.pid;
error_log $data/logs/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_requests 1000000;
  default_type application/octet-stream;
  server { listen 127.0.0.1:${port_of[$s]}; root $data/www; }
}
CONF
      ;;
    ceph)
      if [[ $ceph_started -eq 0 ]]; then
        echo "  ceph: building a throwaway single-node memstore cluster"
        ceph_started=1
        if ! ceph_cluster_start "$ceph_dir" "${port_of[ceph]}" >"$work/logs/ceph-cluster.log" 2>&1; then
          return 1
        fi
        ceph_user_create "$ceph_dir" "$ceph_key" "$ceph_secret" >>"$work/logs/ceph-cluster.log" 2>&1 || return 1
        # The gateway's first boot creates its pools (~10 s); the measured cold starts are restarts.
        local first
        read -r -a first <<<"$(server_command ceph)"
        "$load" coldstart --server ceph --endpoint "http://127.0.0.1:${port_of[ceph]}" --access-key "$ceph_key" --secret-key "$ceph_secret" \
          --probe s3 --timeout 120 --log "$work/logs/ceph-first-boot.log" --pid-file "$work/ceph-first.pid" -- "${first[@]}" >/dev/null 2>&1
        stop_pid "$(cat "$work/ceph-first.pid")"
      fi
      ;;
  esac
}

# Every process of a server's side: Ceph's mon and osd; PostgreSQL (its backends are the postmaster's
# children); for localsail-pg-s3 the Ceph gateway and cluster it writes to; both nodes of localsail-2nodes.
pids_of() {
  local s=$1
  case $s in
    ceph) echo "${pid_of[$s]},$(ceph_pids "$ceph_dir")" ;;
    localsail-postgres) echo "${pid_of[$s]},$(pg_pids "$pg_dir")" ;;
    localsail-2nodes) echo "${pid_of[$s]},${pid_of[localsail-2nodes-b]:-},$(pg_pids "$pg_dir")" ;;
    localsail-pg-s3) echo "${pid_of[$s]},$(pg_pids "$pg_dir"),${pid_of[ceph]:-},$(ceph_pids "$ceph_dir")" ;;
    *) echo "${pid_of[$s]}" ;;
  esac
}

stop_server() {
  local s=$1
  [[ -n ${pid_of[$s]:-} ]] && stop_pid "${pid_of[$s]}"
  unset "pid_of[$s]"
  if [[ -n ${pid_of[$s-b]:-} ]]; then stop_pid "${pid_of[$s-b]}"; unset "pid_of[$s-b]"; fi
}

start_server() {
  local s=$1 rep=$2 cmd line status
  if ! prepare "$s"; then
    [[ -z $prepare_error ]] && prepare_error=$(grep -v "^$" "$work/logs/ceph-cluster.log" 2>/dev/null | tail -1 | cut -c1-200)
    mark_unavailable "$s" "could not be set up: $prepare_error"
    return 1
  fi
  read -r -a cmd <<<"$(server_command "$s")"
  cmd=("${cmd[@]/daemon_off_placeholder/daemon off;}")
  read -r ak sk <<<"$(keys_of "$s")"
  line=$(taskset -c $load_cpu "$load" coldstart --server "$s" --rep "$rep" --endpoint "http://127.0.0.1:${port_of[$s]}" \
    --access-key "$ak" --secret-key "$sk" --probe "$(probe_of "$s")" --timeout 60 \
    --log "$work/logs/$s.log" --pid-file "$work/$s.pid" -- "${cmd[@]}" 2> >(tee -a "$work/human.log" >&2))
  echo "${line//"$root/"/}" >>"$results"
  pid_of[$s]=$(cat "$work/$s.pid")
  status=$(jq -r .status <<<"$line")
  if [[ $status != ok ]]; then
    stop_pid "${pid_of[$s]}"
    unset "pid_of[$s]"
    local tail_text
    tail_text=$(tail -c 300 "$work/logs/$s.log" 2>/dev/null | tr '\n' ' ')
    mark_unavailable "$s" "did not start: ${status#failed: }${tail_text:+; its log ends: $tail_text}"
    return 1
  fi
  if [[ $s == localsail-2nodes ]]; then
    # The second node, on the same database and directory, once the first has made the schema and secret.key;
    # not timed: the cold start is the first node's.
    local second
    read -r -a second <<<"$(server_command localsail-2nodes-b)"
    line=$(taskset -c $load_cpu "$load" coldstart --server localsail-2nodes-b --endpoint "http://127.0.0.1:$second_node_port" \
      --access-key "$ak" --secret-key "$sk" --probe lightsail --timeout 60 \
      --log "$work/logs/localsail-2nodes-b.log" --pid-file "$work/localsail-2nodes-b.pid" -- "${second[@]}" 2>>"$work/human.log")
    pid_of[localsail-2nodes-b]=$(cat "$work/localsail-2nodes-b.pid")
    status=$(jq -r .status <<<"$line")
    if [[ $status != ok ]]; then
      stop_server "$s"
      mark_unavailable "$s" "its second node did not start: ${status#failed: }; its log ends: $(tail -c 300 "$work/logs/localsail-2nodes-b.log" 2>/dev/null | tr '\n' ' ')"
      return 1
    fi
  fi
}

active=()
for s in ${servers//,/ }; do [[ -z ${unavailable[$s]:-} ]] && active+=("$s"); done
# localsail-pg-s3 writes to Ceph's gateway: Ceph is started first, and stopped after it in each repetition.
pg_s3_active=0
if [[ " ${active[*]} " == *" localsail-pg-s3 "* ]]; then
  pg_s3_active=1
  reordered=(ceph)
  for s in "${active[@]}"; do [[ $s != ceph ]] && reordered+=("$s"); done
  active=("${reordered[@]}")
fi

# --- cold start and idle memory: every server started and stopped in turn, the last start is kept ------
for rep in $(seq 1 "$reps"); do
  echo "cold start, repetition $rep of $reps"
  for s in "${active[@]}"; do
    [[ -n ${unavailable[$s]:-} ]] && continue
    start_server "$s" "$rep" || continue
    [[ $s == ceph && $pg_s3_active -eq 1 ]] && continue
    if [[ $rep -lt $reps ]]; then stop_server "$s"; fi
  done
  if [[ $rep -lt $reps && -n ${pid_of[ceph]:-} ]]; then stop_server ceph; fi
done

# --- load: for each repetition, each scenario, each server, so pairs are interleaved -------------------
run_load() {
  local s=$1 rep=$2 scenario=$3 objects=${4:-1000} ak sk
  read -r ak sk <<<"$(keys_of "$s")"
  taskset -c $load_cpu "$load" run --server "$s" --rep "$rep" --endpoint "$(endpoint_of "$s")" \
    --access-key "$ak" --secret-key "$sk" --setup "$(setup_of "$s")" --api "$(api_of "$s")" \
    --scenario "$scenario" --objects "$objects" --multipart-mib "$multipart_mib" \
    --concurrency "$concurrency" --warmup "$warmup" --duration "$duration" --server-pid "$(pids_of "$s")" \
    >>"$results" 2> >(tee -a "$work/human.log" >&2)
}
if [[ $cpu_hog -eq 1 ]]; then
  # Another busy process on the server's core for the whole load phase (not during cold starts).
  taskset -c $server_cpu bash -c 'while :; do :; done' &
  hog_pid=$!
  echo "a CPU hog (pid $hog_pid) keeps CPU $server_cpu busy during the load phase"
fi
for rep in $(seq 1 "$reps"); do
  echo "load, repetition $rep of $reps"
  for scenario in ${scenarios//,/ }; do
    # One 1 GiB upload per server is enough for its peak memory; it runs in the first repetition only.
    [[ $scenario == s3-multipart && $rep -gt 1 ]] && continue
    for s in "${active[@]}"; do
      [[ -z ${pid_of[$s]:-} ]] && continue
      applies "$s" "$scenario" || continue
      if [[ $scenario == s3-list ]]; then
        for n in $(list_objects_of "$s"); do run_load "$s" "$rep" s3-list "$n"; done
      else
        run_load "$s" "$rep" "$scenario"
      fi
    done
  done
done

if [[ -n $hog_pid ]]; then stop_pid "$hog_pid"; hog_pid=""; fi
for s in "${active[@]}"; do
  [[ -z ${pid_of[$s]:-} ]] && continue
  "$load" memory --server "$s" --server-pid "$(pids_of "$s")" >>"$results" 2>>"$work/human.log"
done

# --- the table ----------------------------------------------------------------------------------------
machine="$work/machine.txt"
{
  echo "cores: $(nproc)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "os: $(. /etc/os-release && echo "$PRETTY_NAME"), Linux $(uname -r)"
  echo "dotnet: $(dotnet --version)"
  echo "localsail: commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$root" diff --quiet HEAD -- src 2>/dev/null || echo ' with uncommitted changes in src/')"
  echo "load average (1/5/15 min) before the run: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg)"
  [[ $cpu_hog -eq 1 ]] && echo "busy core: a CPU hog (a shell's busy loop) pinned to CPU $server_cpu during the whole load phase"
  echo "peers: moto $(python3 -c 'import moto; print(moto.__version__)' 2>/dev/null || echo '?'), $(radosgw --version 2>/dev/null | cut -d' ' -f1-3 || echo 'ceph ?'), nginx $(nginx -v 2>&1 | cut -d/ -f2), PostgreSQL $("$(pg_bin 2>/dev/null || echo /nonexistent)/postgres" --version 2>/dev/null | awk '{print $3}' || echo '?'), node $(node --version 2>/dev/null), s3rver 3.7.1, fauxqs 1.9.2"
} >"$machine"
doc_args=()
[[ $write_doc -eq 1 ]] && doc_args=(--out "$root/docs/PERFORMANCE.md")
"$load" report --results "$results" --machine "$machine" --command "$command_line" --date "$run_date" \
  --settings "server on CPU $server_cpu, load generator on CPU $load_cpu, concurrency $concurrency, warm-up $warmup s, measured $duration s, $reps repetition(s) interleaved" \
  "${doc_args[@]}" | tee "$work/table.md"
