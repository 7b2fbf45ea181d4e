#!/usr/bin/env bash
# Ceph's RADOS Gateway on a throwaway single-node cluster: one mon, one memstore osd, no auth, pool size 1,
# msgr v1 only, everything on 127.0.0.1 and pinned to the server core. Sourced by run.sh.
#   ceph_cluster_start DIR RGW_PORT   builds and starts mon + osd, writes DIR/ceph.conf
#   ceph_rgw_command DIR              prints the radosgw command (foreground), for the cold-start probe
#   ceph_user_create DIR KEY SECRET   the S3 user the bench signs as
#   ceph_cluster_stop DIR
set -euo pipefail

ceph_cluster_start() {
  local dir=$1 port=$2 cpu=${SERVER_CPU:-1}
  if ss -ltn 2>/dev/null | grep -q '127.0.0.1:6789 '; then
    echo "port 6789 (the mon's) is already taken: another Ceph cluster is running" >&2
    return 1
  fi
  rm -rf "$dir" && mkdir -p "$dir"/{run,log,mon,osd}
  local fsid
  fsid=$(cat /proc/sys/kernel/random/uuid)
  cat >"$dir/ceph.conf" <<CONF
[global]
fsid = $fsid
mon host = 127.0.0.1:6789
mon initial members = a
auth cluster required = none
auth service required = none
auth client required = none
auth allow insecure global id reclaim = true
ms bind msgr2 = false
ms bind ipv6 = false
public addr = 127.0.0.1
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd crush chooseleaf type = 0
mon allow pool size one = true
mon allow pool delete = true
mon warn on pool no redundancy = false
osd objectstore = memstore
# At boot the osd may send its crush commands before it holds the monmap; the mon then refuses them
# ("wrong fsid") and the osd exits. The osd is placed in the crush map here instead.
osd class update on start = false
osd crush update on start = false
memstore device bytes = 12884901888
run dir = $dir/run
admin socket = $dir/run/\$name.asok
pid file = $dir/run/\$name.pid
log file = $dir/log/\$name.log
mon data = $dir/mon/\$name
osd data = $dir/osd/\$name
keyring = $dir/keyring
[client.rgw.bench]
rgw frontends = beast endpoint=127.0.0.1:$port tcp_nodelay=1
rgw dns name = 127.0.0.1
rgw enable usage log = false
rgw enable ops log = false
CONF
  ceph-authtool --create-keyring "$dir/keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null
  monmaptool --create --add a 127.0.0.1:6789 --fsid "$fsid" "$dir/monmap" >/dev/null
  ceph-mon -c "$dir/ceph.conf" --mkfs -i a --monmap "$dir/monmap" --keyring "$dir/keyring"
  taskset -c "$cpu" ceph-mon -c "$dir/ceph.conf" -i a
  # The osd's uuid is given to both the mon and the osd's mkfs, so the osd's boot cannot be refused.
  local id osd_uuid
  osd_uuid=$(cat /proc/sys/kernel/random/uuid)
  id=$(timeout 30 ceph -c "$dir/ceph.conf" osd create "$osd_uuid")
  mkdir -p "$dir/osd/osd.$id"
  ceph-osd -c "$dir/ceph.conf" -i "$id" --mkfs --osd-uuid "$osd_uuid"
  timeout 30 ceph -c "$dir/ceph.conf" osd crush add "osd.$id" 1.0 root=default host=localhost
  taskset -c "$cpu" ceph-osd -c "$dir/ceph.conf" -i "$id"
  local i
  for i in $(seq 1 60); do
    if timeout 5 ceph -c "$dir/ceph.conf" osd stat 2>/dev/null | grep -q "1 up"; then
      return 0
    fi
    sleep 1
  done
  echo "the osd did not come up" >&2
  return 1
}

ceph_rgw_command() {
  local dir=$1
  echo "radosgw -f -c $dir/ceph.conf -n client.rgw.bench"
}

ceph_user_create() {
  local dir=$1 key=$2 secret=$3
  timeout 60 radosgw-admin -c "$dir/ceph.conf" user create --uid bench --display-name bench \
    --access-key "$key" --secret "$secret" >/dev/null
}

ceph_pids() {
  local dir=$1 f pids=()
  for f in "$dir"/run/*.pid; do
    [[ -f $f ]] && pids+=("$(cat "$f")")
  done
  (IFS=,; echo "${pids[*]}")
}

ceph_cluster_stop() {
  local dir=$1 f
  for f in "$dir"/run/*.pid; do
    [[ -f $f ]] && kill "$(cat "$f")" 2>/dev/null || true
  done
  sleep 1
  for f in "$dir"/run/*.pid; do
    [[ -f $f ]] && kill -9 "$(cat "$f")" 2>/dev/null || true
  done
}
