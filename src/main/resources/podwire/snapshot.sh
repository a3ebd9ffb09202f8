# podwire node snapshot: everything the claims need, gathered in ONE exec per node.
# Runs on the rancher/k3s userland (full iproute2, ethtool, coreutils, busybox sh/awk/sed; no lsns),
# on kindest/node and on the podwire lab node. Usage: sh -c "<this script>" podwire <nonce>
# Output: one framed section per command, stdout kept verbatim, then its exit code and stderr.
# Cost: one command lists all objects of a kind wherever one can; the per-netns `ip` and per-veth `ethtool` (no
# command lists them all) run on every core, and the framing itself forks nothing (printf and [ are built in).
N="$1"
T=$(mktemp -d 2>/dev/null || echo /tmp/podwire.$$)
mkdir -p "$T"
ERR="$T/err"
# workers for the per-netns ip and per-veth ethtool: exec-bound, so twice the cores keeps the cores busy
P=$(( $(nproc 2>/dev/null || echo 2) * 2 ))

# shown_section NAME SHOWN COMMAND...  -- frames one command's stdout, exit code and stderr; SHOWN is the command
# as the evidence names it
shown_section() {
  name=$1; shown=$2; shift 2
  printf '@@%s begin %s %s\n' "$N" "$name" "$shown"
  "$@" 2>"$ERR"
  rc=$?
  printf '\n@@%s status %s %d\n' "$N" "$name" "$rc"
  [ -s "$ERR" ] && cat "$ERR"
  printf '\n@@%s end %s\n' "$N" "$name"
}

# section NAME COMMAND...  -- a section that shows the command as run
section() {
  name=$1; shift
  shown_section "$name" "$*" "$@"
}

# on_all_cores FUNCTION ITEM...  -- FUNCTION ITEM for every item, split over $P background workers; each worker
# writes its own file (and its own stderr file), printed in worker order once all are done
on_all_cores() {
  fn=$1; shift
  w=0
  while [ "$w" -lt "$P" ]; do
    (
      ERR="$T/err.$w"; i=0
      for item in "$@"; do
        [ $((i % P)) -eq "$w" ] && "$fn" "$item"
        i=$((i + 1))
      done
    ) >"$T/out.$w" 2>"$T/stderr.$w" &
    w=$((w + 1))
  done
  wait
  w=0
  while [ "$w" -lt "$P" ]; do
    cat "$T/out.$w"
    [ -s "$T/stderr.$w" ] && cat "$T/stderr.$w" >&2
    w=$((w + 1))
  done
}

# netns_inodes -- inode of every pinned netns (same number as /proc/<pid>/ns/net of its processes)
netns_inodes() {
  [ -d /var/run/netns ] || return 0
  find /var/run/netns -mindepth 1 -maxdepth 1 -exec stat -L -c '%i %n' {} +
}

# runtime_sandboxes / runtime_containers -- the node runtime's own records (containerd via crictl)
runtime_sandboxes() {
  ids=$(crictl pods --state ready -q) || return $?
  [ -z "$ids" ] && { echo '[]'; return 0; }
  # shellcheck disable=SC2086
  crictl inspectp -o json $ids
}
runtime_containers() {
  ids=$(crictl ps --state running -q) || return $?
  [ -z "$ids" ] && { echo '[]'; return 0; }
  # shellcheck disable=SC2086
  crictl inspect -o json $ids
}

# netns_view NAME -- what `ip netns exec NAME ip -j -d -b <addr show; route show table main>` prints, header
# included, entered with nsenter: the same netlink dumps without the /sys remount that doubles ip netns exec's cost
netns_view() {
  printf '\nnetns: %s\n' "$1"
  nsenter --net="/var/run/netns/$1" ip -j -d -b "$T/netns-batch"
}
netns_views() {
  [ -d /var/run/netns ] || return 0
  # shellcheck disable=SC2046
  on_all_cores netns_view $(ls /var/run/netns)
}

# ethtool_section DEV -- `ethtool -S DEV` as its own section (ethtool reads one device per run)
ethtool_section() {
  section "ethtool.$1" ethtool -S "$1"
}

printf 'addr show\nroute show table main\n' > "$T/netns-batch"

section node.hostname hostname
section node.kernel uname -r
section node.iproute2 ip -V
section node.links ip -j -d link show
section node.links.text ip -d link show
section node.routes ip -j route show table main
section netns.list ip netns list
shown_section netns.inodes "stat -L -c '%i %n' /var/run/netns/*" netns_inodes
shown_section netns.views "ip netns exec <each netns> ip -j -d -b <addr show; route show table main>" netns_views
# shellcheck disable=SC2046
on_all_cores ethtool_section $(ip -o link show type veth 2>/dev/null | sed -n 's/^[0-9]*: \([^@:]*\).*/\1/p')
shown_section sysctl.proxy_arp 'grep -H . /proc/sys/net/ipv4/conf/*/proxy_arp' grep -H . /proc/sys/net/ipv4/conf/*/proxy_arp
shown_section proc.stat 'cat /proc/[0-9]*/stat' cat /proc/[0-9]*/stat
shown_section proc.cmdline 'head -v -c 4096 /proc/[0-9]*/cmdline' head -v -c 4096 /proc/[0-9]*/cmdline
shown_section proc.ns "stat -L -c '%n %i' /proc/[0-9]*/ns/{net,ipc,uts}" \
  stat -L -c '%n %i' /proc/[0-9]*/ns/net /proc/[0-9]*/ns/ipc /proc/[0-9]*/ns/uts
shown_section runtime.sandboxes 'crictl inspectp -o json $(crictl pods --state ready -q)' runtime_sandboxes
shown_section runtime.containers 'crictl inspect -o json $(crictl ps --state running -q)' runtime_containers
rm -rf "$T"
