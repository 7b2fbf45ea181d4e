#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for LocalSail's PostgreSQL store: Debian's server programs, initdb into a
# directory of the run, a Unix socket in that directory only (no TCP), fsync and synchronous_commit left at
# their durable defaults, every process pinned to the server core. Sourced by run.sh.
#   pg_cluster_start DIR               initdb + start; the cluster answers on the socket in DIR
#   pg_database_recreate DIR NAME      drops NAME (closing its sessions) and creates it empty
#   pg_connection DIR NAME             the Npgsql connection string of database NAME
#   pg_pids DIR                        the postmaster's pid (its backends are its children)
#   pg_cluster_stop DIR
set -euo pipefail

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [[ -n $dir && -x $dir/initdb ]] || return 1
  echo "$dir"
}

# PostgreSQL refuses to run as root: there, the cluster belongs to the postgres user the package creates.
# From a directory that user may enter, which the caller's may not be.
pg_as_owner() {
  if [[ $(id -u) -eq 0 ]]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

pg_cluster_start() {
  local dir=$1 cpu=${SERVER_CPU:-1} bin
  bin=$(pg_bin) || { echo "no PostgreSQL server is installed (Debian package postgresql)" >&2; return 1; }
  rm -rf "$dir" && mkdir -p "$dir"
  [[ $(id -u) -eq 0 ]] && chown postgres "$dir"
  # --no-sync only spares initdb's own flush of the template files; the running server keeps fsync on.
  pg_as_owner "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1 ||
    { tail -3 "$dir/initdb.log" >&2; return 1; }
  pg_as_owner taskset -c "$cpu" "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 start \
    -o "-c listen_addresses='' -c unix_socket_directories=$dir -c max_connections=300" >/dev/null ||
    { tail -3 "$dir/postgres.log" >&2; return 1; }
}

pg_psql() {
  local dir=$1
  shift
  pg_as_owner "$(pg_bin)/psql" -h "$dir" -U postgres -d postgres -v ON_ERROR_STOP=1 -q "$@"
}

pg_database_recreate() {
  local dir=$1 name=$2
  pg_psql "$dir" -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" -c "CREATE DATABASE $name"
}

pg_connection() {
  local dir=$1 name=$2
  echo "Host=$dir;Username=postgres;Database=$name"
}

pg_pids() {
  local dir=$1
  [[ -f $dir/data/postmaster.pid ]] && head -1 "$dir/data/postmaster.pid"
}

pg_cluster_stop() {
  local dir=$1 bin
  [[ -f $dir/data/postmaster.pid ]] || return 0
  bin=$(pg_bin) || return 0
  pg_as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1 ||
    pg_as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
}
