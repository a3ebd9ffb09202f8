# podwire node snapshot: everything the claims need, gathered in ONE exec per node.
# Runs on the rancher/k3s userland (full iproute2, ethtool, coreutils, busybox sh/awk/sed; no lsns),
# on kindest/node and on the podwire lab node. Usage: sh -c "<this script>" podwire <nonce>
# Output: one framed section per command, stdout kept verbatim, then its exit code and stderr.
N="$1"
T=$(mktemp -d 2>/dev/null || echo /tmp/podwire.$$)
mkdir -p "$T"

# section NAME COMMAND...  -- frames one command's stdout, exit code and stderr
section() {
  name=$1; shift
  printf '@@%s begin %s %s\n' "$N" "$name" "$*"
  "$@" 2>"$T/err"
  rc=$?
  printf '\n@@%s status %s %d\n' "$N" "$name" "$rc"
  cat "$T/err"
  printf '\n@@%s end %s\n' "$N" "$name"
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

printf 'addr show\nroute show table main\n' > "$T/netns-batch"

section node.hostname hostname
section node.kernel uname -r
section node.iproute2 ip -V
section node.links ip -j -d link show
section node.links.text ip -d link show
section node.routes ip -j route show table main
section netns.list ip netns list
section netns.inodes netns_inodes
section netns.views ip -all netns exec ip -j -d -b "$T/netns-batch"
for dev in $(ip -o link show type veth 2>/dev/null | sed -n 's/^[0-9]*: \([^@:]*\).*/\1/p'); do
  section "ethtool.$dev" ethtool -S "$dev"
done
section sysctl.proxy_arp grep -H . /proc/sys/net/ipv4/conf/*/proxy_arp
section proc.stat cat /proc/[0-9]*/stat
section proc.cmdline head -v -c 4096 /proc/[0-9]*/cmdline
section proc.ns stat -L -c '%n %i' /proc/[0-9]*/ns/net /proc/[0-9]*/ns/ipc /proc/[0-9]*/ns/uts
section runtime.sandboxes runtime_sandboxes
section runtime.containers runtime_containers
rm -rf "$T"
