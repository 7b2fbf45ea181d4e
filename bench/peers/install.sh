#!/usr/bin/env bash
# Installs the peers idempotently: Debian packages for Ceph, nginx and PostgreSQL (LocalSail's PostgreSQL store), the npm emulators into
# bench/peers/node_modules (from package-lock.json). Prints "unavailable <peer> <why>" for each that fails,
# and never fails itself: a missing peer is reported in the table, not a reason to stop the run.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

have_all() {
  local b
  for b in "$@"; do command -v "$b" >/dev/null 2>&1 || return 1; done
}

if ! have_all radosgw ceph-mon ceph-osd monmaptool radosgw-admin || ! have_all nginx; then
  if [[ $(id -u) -eq 0 ]]; then
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq radosgw ceph-mon ceph-osd ceph-common nginx-light; } \
      >"${BENCH_LOG_DIR:-/tmp}/apt-install.log" 2>&1 || true
  fi
fi
have_all radosgw ceph-mon ceph-osd monmaptool radosgw-admin || echo "unavailable ceph the Debian packages radosgw, ceph-mon and ceph-osd did not install"
# The PostgreSQL servers of the bench run their own throwaway cluster (peers/postgres.sh), not the package's.
if ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
  if [[ $(id -u) -eq 0 ]]; then
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; } >>"${BENCH_LOG_DIR:-/tmp}/apt-install.log" 2>&1 || true
  fi
fi
if ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
  for s in localsail-postgres localsail-pg-s3 localsail-2nodes; do echo "unavailable $s the Debian package postgresql did not install"; done
fi
have_all nginx || echo "unavailable nginx the Debian package nginx-light did not install"

if [[ ! -f $here/node_modules/s3rver/bin/s3rver.js || ! -f $here/node_modules/fauxqs/package.json ]]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error) >"${BENCH_LOG_DIR:-/tmp}/npm-install.log" 2>&1 || true
fi
[[ -f $here/node_modules/s3rver/bin/s3rver.js ]] || echo "unavailable s3rver npm install of s3rver@3.7.1 failed"
[[ -f $here/node_modules/fauxqs/package.json ]] || echo "unavailable fauxqs npm install of fauxqs@1.9.2 failed"
python3 -c 'import moto.server' >/dev/null 2>&1 || echo "unavailable moto python3 cannot import moto.server"
exit 0
