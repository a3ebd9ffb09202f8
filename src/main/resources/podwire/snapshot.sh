# podwire node snapshot: everything the claims need, gathered in ONE exec per node.
# Runs on the rancher/k3s userland (full iproute2, ethtool, coreutils, busybox sh/awk/sed; no lsns),
# on kindest/node and on the podwire lab node. Usage:
# printf '%s\n' <nonce> | sh -c "<this script>" podwire-snapshot. The nonce comes on stdin, never in an argv (any
# process on the node reads every argv; text the script prints could then forge frames); stdin is closed after it.
# Output: one framed section per command, stdout kept verbatim, then its exit code and stderr.
# Cost: one command lists all objects of a kind wherever one can; the per-netns `ip` and per-veth `ethtool` (no
# command lists them all) run on every core, and the framing itself forks nothing (printf and [ are built in).
IFS= read -r N || N=
exec </dev/null
[ -n "$N" ] || { echo "podwire snapshot: no nonce on stdin" >&2; exit 2; }
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

# netns_inodes -- device and inode of the node's own netns, then of every file pinned under /var/run/netns: a netns
# is its nsfs inode (what /proc/<pid>/ns/net of its processes shows), whatever names point at it; a file on another
# device is not a netns (a leftover of an interrupted unmount)
netns_inodes() {
  stat -L -c '%d %i %n' /proc/self/ns/net || return $?
  [ -d /var/run/netns ] || return 0
  # the trailing slash follows a /var/run/netns that is a symlink (to /run/netns): find does not descend one otherwise
  find /var/run/netns/ -mindepth 1 -maxdepth 1 -exec stat -L -c '%d %i %n' {} +
}

# find_crictl -- the runtime's CLI where distributions put it: on PATH (kubeadm, kind, k3s's own crictl link), RKE2's
# /var/lib/rancher/rke2/bin (docs.rke2.io: "crictl ... in /var/lib/rancher/rke2/bin", config in
# /var/lib/rancher/rke2/agent/etc/crictl.yaml), GKE COS's /home/kubernetes/bin (off PATH there), Flatcar's /opt/bin;
# else k3s's bundled `k3s crictl`. Exports CRI_CONFIG_FILE where the distribution keeps one and none is set (RKE2's
# crictl needs it to find containerd's socket under /run/k3s). Run before crictl() below is defined.
find_crictl() {
  CRICTL=
  for c in crictl /var/lib/rancher/rke2/bin/crictl /home/kubernetes/bin/crictl /opt/bin/crictl /usr/local/bin/crictl; do
    if command -v "$c" >/dev/null 2>&1; then CRICTL=$c; break; fi
  done
  if [ -z "$CRICTL" ] && command -v k3s >/dev/null 2>&1; then CRICTL="k3s crictl"; fi
  if [ -z "${CRI_CONFIG_FILE:-}" ]; then
    for f in /var/lib/rancher/rke2/agent/etc/crictl.yaml /var/lib/rancher/k3s/agent/etc/crictl.yaml; do
      if [ -f "$f" ]; then CRI_CONFIG_FILE=$f; export CRI_CONFIG_FILE; break; fi
    done
  fi
}
find_crictl
CRICTL_LOOKED="PATH, /var/lib/rancher/rke2/bin, /home/kubernetes/bin, /opt/bin, /usr/local/bin, k3s crictl"
# crictl ARGS -- the CLI found above; where none is, says which tool is missing and where it was looked for
crictl() {
  if [ -z "$CRICTL" ]; then
    echo "crictl: not found on the node (looked in: $CRICTL_LOOKED)" >&2
    return 127
  fi
  # shellcheck disable=SC2086
  command $CRICTL "$@"
}

# node_tools -- each tool the snapshot runs, where the node has it or `missing`, and the runtime CLI and its config
node_tools() {
  for t in ip ethtool nsenter stat find head; do
    printf '%s %s\n' "$t" "$(command -v "$t" 2>/dev/null || echo missing)"
  done
  printf 'crictl %s\n' "${CRICTL:-missing}"
  printf 'crictl.config %s\n' "${CRI_CONFIG_FILE:-default}"
}

# What the claims read of the runtime's records, selected by crictl on the node (cri-tools cmd/crictl/templates.go:
# the template runs on the record decoded from JSON, `json` re-encodes a value): ids, pod name/namespace/uid, state,
# pause or app pid, sandbox id, the namespaces' modes and paths, IPs, labels. Env, args, annotations, mounts and the
# rest of the OCI spec never leave the node. One ID gives an object, several an array (cmd/crictl/util.go
# outputStatusInfo; older cri-tools run the template per ID): either way one JSON record per line. `index` reads a
# key that may be absent (null) where `.key` would fail the whole call (missingkey=error).
RECORDS='{{if eq (printf "%T" .) "[]interface {}"}}{{range .}}{{template "r" .}}{{end}}{{else}}{{template "r" .}}{{end}}'
SANDBOX_TEMPLATE='{{define "r"}}{"info":{"pid":{{json .info.pid}},"runtimeSpec":{"linux":{"namespaces":{{json .info.runtimeSpec.linux.namespaces}}}}},"status":{"id":{{json .status.id}},"metadata":{{json .status.metadata}},"state":{{json .status.state}},"network":{{json (index .status "network")}},"linux":{{json (index .status "linux")}},"labels":{{json (index .status "labels")}}}}
{{end}}'"$RECORDS"
CONTAINER_TEMPLATE='{{define "r"}}{"info":{"pid":{{json .info.pid}},"sandboxID":{{json .info.sandboxID}}},"status":{"id":{{json .status.id}},"metadata":{{json .status.metadata}},"state":{{json .status.state}}}}
{{end}}'"$RECORDS"

# inspect_each VERB LIST TEMPLATE LIST-COMMAND... -- `crictl VERB` of every listed id in one process, through TEMPLATE;
# cri-tools stops at the first id that vanished since the list was taken, so on failure each id is inspected alone,
# and an id no longer listed is reported on stderr and left out (the node churns), any other failure fails the section
inspect_each() {
  verb=$1; list=$2; tpl=$3; shift 3
  ids=$("$@") || return $?
  [ -z "$ids" ] && return 0
  # shellcheck disable=SC2086
  crictl "$verb" -o go-template --template "$tpl" $ids >"$T/inspect.out" 2>"$T/inspect.err" \
    && { cat "$T/inspect.out"; return 0; }
  # what the failed batch printed before it stopped is read again one by one: drop it
  still=$("$@") || return $?
  for id in $ids; do
    crictl "$verb" -o go-template --template "$tpl" "$id" 2>"$T/inspect.err" && continue
    case " $(echo $still) " in
      *" $id "*) cat "$T/inspect.err" >&2; return 1 ;;
    esac
    echo "podwire: $list $id vanished between list and inspect" >&2
  done
}
# kept in $T/sandboxes too: their pids are the processes whose argv is read
runtime_sandboxes() {
  inspect_each inspectp sandbox "$SANDBOX_TEMPLATE" crictl pods --state ready -q >"$T/sandboxes"
  rc=$?
  cat "$T/sandboxes"
  return $rc
}
runtime_containers() { inspect_each inspect container "$CONTAINER_TEMPLATE" crictl ps --state running -q; }

# netns_view_section NAME -- one section per pinned netns (a vanished netns fails only its own view), entered
# with nsenter (`ip netns exec` without its /sys remount): one ip per netns reads its links and addresses, its routes
# of both families (one dump: a table filter alone would keep it to IPv4) and its forwarding (netconf)
netns_view_section() {
  shown_section "netns.view.$1" \
    "printf 'addr show\\nroute show table all\\nnetconf show\\n' | ip netns exec $1 ip -j -d -b -" \
    nsenter --net="/var/run/netns/$1" ip -j -d -b "$T/netns-batch"
}

# recorded_view_section PATH -- the view of a netns the runtime pinned outside /var/run/netns (containerd's
# netns_mounts_under_state_dir, cri-dockerd's /proc/<pid>/ns/net), entered by the path the runtime recorded
recorded_view_section() {
  shown_section "netns.view.$1" \
    "printf 'addr show\\nroute show table all\\nnetconf show\\n' | nsenter --net=$1 ip -j -d -b -" \
    nsenter --net="$1" ip -j -d -b "$T/netns-batch"
}

# recorded_netns_paths -- the netns paths the runtime recorded for its ready sandboxes (the OCI spec's network
# namespace path, as crictl inspectp prints it) that are not under /var/run/netns, one per line, into $T/recorded-netns
recorded_netns_paths() {
  # either key order: Go's json prints the spec's type first, other encoders sort
  sed -n -e 's/.*{"type":"network","path":"\([^"]*\)"}.*/\1/p' -e 's/.*{"path":"\([^"]*\)","type":"network"}.*/\1/p' \
    "$T/sandboxes" | while IFS= read -r p; do
    case "$p" in /var/run/netns/*|/run/netns/*|'') ;; *) printf '%s\n' "$p" ;; esac
  done >"$T/recorded-netns"
}

# stat_recorded PATH -- a recorded namespace path's device and inode; "absent PATH" where its directory holds no such
# file (gone with its sandbox, or never pinned); "unseen PATH" where the directory itself is not visible here (a node
# agent whose pod does not mount it): never read as absent
stat_recorded() {
  if [ -e "$1" ]; then stat -L -c '%d %i %n' "$1" 2>/dev/null || echo "absent $1"
  elif [ -d "${1%/*}" ]; then echo "absent $1"
  else echo "unseen $1"
  fi
}

# recorded_netns -- each such path's device and inode, as netns_inodes gives those under /var/run/netns
recorded_netns() {
  stat -L -c '%d %i %n' /proc/self/ns/net || return $?
  while IFS= read -r p; do stat_recorded "$p"; done <"$T/recorded-netns"
}

# pinned_ipc_uts -- the ipc and uts namespace paths the runtime recorded for its sandboxes (CRI-O's pinns pins them
# under /var/run/ipcns and /var/run/utsns, and a sandbox without an infra process has only these; containerd records
# none): each one's device and inode, after /proc/self/ns/net's
pinned_ipc_uts() {
  stat -L -c '%d %i %n' /proc/self/ns/net || return $?
  grep -o -E '\{"type":"(ipc|uts)","path":"[^"]*"\}|\{"path":"[^"]*","type":"(ipc|uts)"\}' "$T/sandboxes" 2>/dev/null |
    sed 's/.*"path":"\([^"]*\)".*/\1/' | while IFS= read -r p; do stat_recorded "$p"; done
  return 0
}

# calico_cni -- of each CNI config directory, the file the runtime loads: containerd's CRI (go-cni opts.go 212-223)
# takes libcni's ConfFiles with the extensions .conf, .conflist, .json (an exact extension: never `x.conflist.bak`,
# never calico-kubeconfig, which holds a token; libcni/conf.go 298-324), sorted bytewise, and loads the first
# (max_conf_num 1); then Felix's MTU file, if present
calico_cni() {
  set --
  for d in /etc/cni/net.d /var/lib/rancher/k3s/agent/etc/cni/net.d; do
    LC_ALL=C ls -1 "$d" >"$T/cni.ls" 2>/dev/null || continue
    while IFS= read -r f; do
      case "$f" in *.conf|*.conflist|*.json) ;; *) continue ;; esac
      [ -d "$d/$f" ] && continue
      set -- "$@" "$d/$f"
      break
    done <"$T/cni.ls"
  done
  [ -f /var/lib/calico/mtu ] && set -- "$@" /var/lib/calico/mtu
  [ $# -eq 0 ] || head -v -c 65536 "$@"
}

# felix_env -- Felix's interface prefix and device route protocol, as Felix itself reads them (config/env_var_loader.go
# 28-49: case-insensitive FELIX_ keys): the process is `calico-node -felix` (v3.32) or `calico component felix` (3.34-dev,
# node/filesystem/etc/service/available/felix/run 18); its argv is matched here and never printed, and of its
# environment only these two variables ever leave the node (others hold secrets)
felix_env() {
  for d in /proc/[0-9]*; do
    read -r c 2>/dev/null <"$d/comm" || continue
    case "$c" in calico-node|calico|calico-felix) ;; *) continue ;; esac
    a=" $(tr '\0' ' ' 2>/dev/null <"$d/cmdline")"
    case "$c$a" in calico-felix*|*" -felix "*|*" component felix "*) ;; *) continue ;; esac
    printf 'felix pid %s\n' "${d#/proc/}"
    tr '\0' '\n' 2>/dev/null <"$d/environ" | grep -i -E '^FELIX_(INTERFACEPREFIX|DEVICEROUTEPROTOCOL)='
  done
  return 0
}

# grep's 2 (IPv6 disabled: a glob unmatched) fails no section: a value not read is unobserved alone
# (the IPv6 ones after accept_ra: what Calico's CNI sets on the host end of a pod with an IPv6 address)
SYSCTLS="/proc/sys/net/ipv4/conf/*/proxy_arp /proc/sys/net/ipv4/neigh/*/proxy_delay /proc/sys/net/ipv4/conf/*/forwarding /proc/sys/net/ipv4/conf/*/route_localnet /proc/sys/net/ipv6/conf/*/accept_ra /proc/sys/net/ipv6/conf/*/accept_dad /proc/sys/net/ipv6/conf/*/disable_ipv6 /proc/sys/net/ipv6/conf/*/proxy_ndp /proc/sys/net/ipv6/conf/*/forwarding"
# shellcheck disable=SC2086
interface_sysctls() { grep -H . $SYSCTLS; [ $? -ne 1 ]; }

# felix_endpoint_status -- Felix's endpoint records (C12): whether the directory exists, then each file's name and JSON
# (one line, json.Marshal's, read by the shell itself: no process per pod)
felix_endpoint_status() {
  d=/var/run/calico/endpoint-status
  [ -d $d ] || { echo "absent $d"; return 0; }
  echo "directory $d"
  for f in $d/*; do
    [ -f "$f" ] || continue
    json=; IFS= read -r json < "$f" || :
    printf 'file %s\n%s\n' "${f##*/}" "$json"
  done
}

# cni_results -- libcni's cache of each CNI ADD (/var/lib/cni/results/<network>-<container id>-<ifname>, one line of
# json.Marshal'ed cachedInfo with the plugin's result last: containernetworking/cni libcni/api.go 225-236, 252-297):
# the file's name and, of its JSON, only the result (read by the shell itself, no process per pod); the cached
# config, CNI_ARGS and capability args never leave the node
# flannel_subnet -- of flanneld's subnet.env (k3s and flannel write it at /run/flannel/subnet.env), which the flannel
# CNI plugin turns into its bridge delegate at ADD, the four keys the delegate is built from, nothing else; "absent"
# where there is none (not a flannel node)
flannel_subnet() {
  f=/run/flannel/subnet.env
  [ -d /run/flannel ] || { echo "unseen $f"; return 0; }
  [ -f $f ] || { echo "absent $f"; return 0; }
  echo "file $f"
  grep -E '^FLANNEL_(NETWORK|SUBNET|MTU|IPMASQ)=' $f
  [ $? -ne 2 ]
}

cni_results() {
  d=/var/lib/cni/results
  [ -d $d ] || { echo "absent $d"; return 0; }
  echo "directory $d"
  for f in $d/*; do
    [ -f "$f" ] || continue
    json=; IFS= read -r json < "$f" || :
    case "$json" in '{"kind":"cniCacheV1",'*',"result":{'*'}}') r=${json##*,\"result\":}; r=${r%\}} ;; *) r= ;; esac
    printf 'file %s\n%s\n' "${f##*/}" "$r"
  done
}

# sandbox_cmdlines -- `/proc/PID/cmdline` of each sandbox's pause pid (the template's `"info":{"pid":N`, which no
# JSON-encoded value can imitate) that still runs: the only processes whose argv the claims read (C1: is it /pause)
sandbox_cmdlines() {
  for p in $(grep -o '"info":{"pid":[0-9][0-9]*' "$T/sandboxes" 2>/dev/null | sed 's/[^0-9]//g'); do
    [ -r "/proc/$p/cmdline" ] && printf '/proc/%s/cmdline ' "$p"
  done
}

# ethtool_section DEV -- `ethtool -S DEV` as its own section (ethtool reads one device per run)
ethtool_section() {
  section "ethtool.$1" ethtool -S "$1"
}

printf 'addr show\nroute show table all\nnetconf show\n' > "$T/netns-batch"

shown_section node.tools "command -v ip ethtool nsenter stat find head; crictl in: $CRICTL_LOOKED" node_tools
section node.hostname hostname
section node.kernel uname -r
section node.iproute2 ip -V
section node.links ip -j -d link show
section node.links.text ip -d link show
section node.routes ip -j route show table main
section netns.list ip netns list
section node.routes.text ip route show table main
# IPv6: the node's routes to pods' /128s and the host ends' link-local addresses (Calico's IPv6 gateway)
section node.routes6 ip -j -6 route show table main
section node.addrs6 ip -j -6 addr show
shown_section netns.inodes "stat -L -c '%d %i %n' /proc/self/ns/net; find /var/run/netns/ -mindepth 1 -maxdepth 1 -exec stat -L -c '%d %i %n' {} +" netns_inodes
# shellcheck disable=SC2046
[ -d /var/run/netns ] && on_all_cores netns_view_section $(ls /var/run/netns)
# shellcheck disable=SC2046
on_all_cores ethtool_section $(ip -o link show type veth 2>/dev/null | sed -n 's/^[0-9]*: \([^@:]*\).*/\1/p')
shown_section sysctl.interfaces "grep -H . $SYSCTLS" interface_sysctls
shown_section cni.config 'head -v -c 65536 <first *.conf|*.conflist|*.json in C order of /etc/cni/net.d and of /var/lib/rancher/k3s/agent/etc/cni/net.d> /var/lib/calico/mtu' calico_cni
shown_section calico.endpoint-status 'for f in /var/run/calico/endpoint-status/*; do echo "file ${f##*/}"; cat "$f"; echo; done' felix_endpoint_status
shown_section cni.results 'for f in /var/lib/cni/results/*; do echo "file ${f##*/}"; <the "result" of its JSON>; done' cni_results
shown_section flannel.subnet "grep -E '^FLANNEL_(NETWORK|SUBNET|MTU|IPMASQ)=' /run/flannel/subnet.env" flannel_subnet
section node.addrs4 ip -j -4 addr show
shown_section felix.env "FELIX_INTERFACEPREFIX, FELIX_DEVICEROUTEPROTOCOL of /proc/<felix>/environ" felix_env
shown_section runtime.sandboxes 'crictl inspectp -o go-template --template "$SANDBOX_TEMPLATE" $(crictl pods --state ready -q)' runtime_sandboxes
shown_section runtime.containers 'crictl inspect -o go-template --template "$CONTAINER_TEMPLATE" $(crictl ps --state running -q)' runtime_containers
recorded_netns_paths
shown_section netns.recorded "stat -L -c '%d %i %n' /proc/self/ns/net <each ready sandbox's recorded netns path outside /var/run/netns>" recorded_netns
shown_section ns.pinned "stat -L -c '%d %i %n' /proc/self/ns/net <each ready sandbox's recorded ipc and uts namespace path>" pinned_ipc_uts
# shellcheck disable=SC2046
[ -s "$T/recorded-netns" ] && on_all_cores recorded_view_section $(cat "$T/recorded-netns")
# head -v frames each process: a comm may hold a newline (any container can set it), so lines can't split records
shown_section proc.stat 'head -v -c 1024 /proc/[0-9]*/stat' head -v -c 1024 /proc/[0-9]*/stat
# argv of the sandboxes' processes only: other processes' command lines (passwords, tokens) are never collected
cmdlines=$(sandbox_cmdlines)
if [ -n "$cmdlines" ]; then
  # shellcheck disable=SC2086
  section proc.cmdline head -v -c 4096 $cmdlines
else
  shown_section proc.cmdline 'head -v -c 4096 (no sandbox process)' true
fi
shown_section proc.ns "stat -L -c '%n %i' /proc/[0-9]*/ns/{net,ipc,uts}" \
  stat -L -c '%n %i' /proc/[0-9]*/ns/net /proc/[0-9]*/ns/ipc /proc/[0-9]*/ns/uts
rm -rf "$T"
