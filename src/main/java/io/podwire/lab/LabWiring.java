package io.podwire.lab;

import io.podwire.profile.calico.FelixEndpointStatus;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Wires pods on the lab node exactly as containerd + Calico's CNI plugin do, as one shell script run in one exec
 * (batched with `ip -batch`, so hundreds of pods wire in seconds). Read top to bottom, it is the lab's mental model:
 * <ol>
 *   <li>containerd creates and pins the pod netns at /var/run/netns/cni-&lt;uuid&gt; (containerd pkg/netns);</li>
 *   <li>containerd starts the pause process in it, with new IPC and UTS namespaces (podsandbox/sandbox_run_linux.go);</li>
 *   <li>Calico's install has written its CNI config (netconf mtu = the lab's veth MTU, no allow_ip_forwarding, the
 *       IPAM of the pods' {@link LabCalico}), and calico-node runs Felix with the install's FELIX_ environment (a
 *       stand-in process `calico-node -felix` holding it, which the snapshot reads as on a real node);</li>
 *   <li>Calico's CNI plugin adds a veth: eth0 in the pod, cali&lt;sha1[:11]&gt; on the node with MAC ee:ee:ee:ee:ee:ee,
 *       the pod IP as /32, routes 169.254.1.1 scope link + default via it (proto boot), the pod's ip_forward=0, the
 *       node's /32 route to the cali link, proxy_arp=1, proxy_delay=0, forwarding=1, route_localnet=1, IPv6
 *       accept_ra=0 (cni-plugin/pkg/dataplane/linux/dataplane_linux.go);</li>
 *   <li>containerd starts each app container joined to /proc/&lt;pause&gt;/ns/{net,ipc,uts} (cri/opts WithPodNamespaces);</li>
 *   <li>the runtime's records in containerd's full shape, decoy secrets included ({@link LabRuntimeRecords}),
 *       which the lab's crictl serves as cri-tools prints them;</li>
 *   <li>Felix, once it has programmed each endpoint, records it under /var/run/calico/endpoint-status (felix
 *       statusrep/status_file_reporter.go 317-339): host veth name and addresses, no MAC in the Kubernetes
 *       datastore.</li>
 * </ol>
 */
public final class LabWiring {
    public static final String STATE = "/run/podwire-lab";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The MTU of the lab's veths (ip's default for a veth) and so the netconf mtu of the lab's CNI config. */
    public static final int MTU = 1500;
    /** Where containerd reads CNI configs by default, and the file name Calico's install gives its config. */
    public static final String CNI_CONFIG = "/etc/cni/net.d/10-calico.conflist";
    /** Where libcni caches CNI results (libcni api.go CacheDir + "results") and the network's name in the config. */
    public static final String CNI_CACHE = "/var/lib/cni/results";
    static final String CNI_NETWORK = "k8s-pod-network";
    /** Background shells configuring pod netns at once: the wiring is fork-bound, so a few per core. */
    private static final int POD_SIDE_WORKERS = 4;

    private LabWiring() {
    }

    /** Gives each pod its sandbox id, netns name and container ids, as containerd would, under the given Calico. */
    public static List<WiredPod> plan(List<LabPod> pods, LabCalico calico) {
        List<WiredPod> wired = new ArrayList<>();
        for (LabPod pod : pods) {
            Map<String, String> ids = new LinkedHashMap<>();
            pod.containers().forEach(c -> ids.put(c, containerId()));
            wired.add(new WiredPod(pod, containerId(), "cni-" + UUID.randomUUID(), Map.copyOf(ids), calico));
        }
        return List.copyOf(wired);
    }

    /** The script that wires all planned pods, all under one Calico configuration (run after PRELUDE, as LabNode.run does). */
    public static String script(List<WiredPod> pods) {
        LabCalico calico = pods.isEmpty() ? LabCalico.DEFAULT : pods.get(0).calico();
        StringBuilder sh = new StringBuilder();
        sh.append("\n# 0. Calico's install writes its CNI config, which the plugin reads on every ADD\n")
                .append("mkdir -p ").append(CNI_CONFIG, 0, CNI_CONFIG.lastIndexOf('/')).append("\ncat > ").append(CNI_CONFIG)
                .append(" <<'CNI'\n").append(cniConfig(MTU, calico)).append("CNI\n");
        sh.append("\n# 0. calico-node runs Felix with the install's FELIX_ environment\nstart_felix");
        calico.felixEnvironment().forEach(v -> sh.append(' ').append(v));
        sh.append('\n');
        sh.append("\n# 1. containerd pins one netns per pod\nip -batch - <<'IP'\n");
        pods.forEach(p -> sh.append("netns add ").append(p.netns()).append('\n'));
        sh.append("IP\n\n# 2. containerd starts pause in it, with new IPC and UTS namespaces\n");
        pods.forEach(p -> sh.append("start_pause ").append(p.sandboxId()).append(' ').append(p.netns()).append('\n'));
        pods.forEach(p -> sh.append("wait_pid ").append(p.sandboxId()).append('\n'));
        sh.append("\n# 3. Calico CNI, node side: veth with eth0 in the pod, host sysctls, up, /32 (and /128) route to the cali link\n");
        sh.append(hostSide(pods));
        sh.append("\n# 3. Calico CNI, pod side: ip_forward=0, the /32 on eth0, routes through 169.254.1.1")
                .append(" (one ip per netns, in parallel)\n");
        int workers = Math.max(1, Math.min(POD_SIDE_WORKERS, pods.size()));
        for (int w = 0; w < workers; w++) {
            sh.append("(\n");
            for (int i = w; i < pods.size(); i += workers) {
                sh.append(podSide(pods.get(i)));
            }
            sh.append(") &\npod_side_").append(w).append("=$!\n");
        }
        for (int w = 0; w < workers; w++) {
            sh.append("wait $pod_side_").append(w).append('\n');
        }
        sh.append("links_active");
        pods.forEach(p -> sh.append(' ').append(p.hostVeth()));
        sh.append('\n');
        sh.append(ipv6Settled(pods));
        sh.append("\n# 4. app containers join the pause namespaces through /proc/<pause>/ns/*\n");
        for (WiredPod p : pods) {
            p.containerIds().forEach((name, id) -> sh.append("start_container ").append(p.sandboxId()).append(' ')
                    .append(id).append(' ').append(name).append('\n'));
        }
        pods.forEach(p -> p.containerIds().values().forEach(id -> sh.append("wait_pid ").append(id).append('\n')));
        sh.append("\n# 5. the runtime's records (served by the lab's crictl)\n");
        for (WiredPod p : pods) {
            sh.append("record_sandbox ").append(p.sandboxId()).append(' ').append(p.pod().namespace()).append(' ')
                    .append(p.pod().name()).append(' ').append(p.netns()).append(' ').append(p.pod().ip())
                    .append(p.pod().ipv6() == null ? "" : " " + p.pod().ipv6()).append('\n');
            p.containerIds().forEach((name, id) -> sh.append("record_container ").append(id).append(' ')
                    .append(p.sandboxId()).append(' ').append(name).append(' ').append(p.pod().namespace()).append(' ')
                    .append(p.pod().name()).append('\n'));
        }
        sh.append("\n# 6. Felix records each endpoint it has programmed\nmkdir -p ")
                .append(FelixEndpointStatus.DIRECTORY).append('\n');
        pods.forEach(p -> sh.append(felixRecord(p, p.pod().ip() + "/32")));
        sh.append("\n# 7. libcni caches each ADD's result (libcni api.go cacheAdd; Calico's result: k8s.go 546-561)\n")
                .append("CNI_CONFIG_B64=").append(java.util.Base64.getEncoder().encodeToString(
                        cniConfig(MTU, calico).getBytes(java.nio.charset.StandardCharsets.UTF_8))).append('\n');
        pods.forEach(p -> sh.append(cniCache(p)));
        return sh.toString();
    }

    /** libcni's cache of the pod's ADD as the wiring left it (eth0's MAC read live); needs $CNI_CONFIG_B64 set. */
    public static String cniCache(WiredPod p) {
        return "cni_cache " + p.sandboxId() + ' ' + p.netns() + ' ' + p.hostVeth() + ' ' + p.pod().namespace() + ' '
                + p.pod().name() + ' ' + p.pod().ip() + "/32" + (p.pod().ipv6() == null ? "" : " " + p.pod().ipv6() + "/128")
                + '\n';
    }

    /**
     * The pod's DEL + ADD as libcni caches it: the same network config (read from the cache the first ADD wrote), the
     * result of the new ADD (a new veth, so eth0's new MAC).
     */
    public static String cniCacheReAdded(WiredPod p) {
        return "CNI_CONFIG_B64=$(sed -n 's/.*\"config\":\"\\([^\"]*\\)\".*/\\1/p' " + cniCacheFile(p) + ")\n"
                + cniCache(p);
    }

    /**
     * Felix's endpoint-status file of the pod, as json.Marshal writes it (no trailing newline), listing ipv4Net and,
     * dual-stack, the pod's IPv6 /128 (fields in the order of the writer's struct: ifaceName, ipv4Nets, ipv6Nets).
     */
    public static String felixRecord(WiredPod p, String ipv4Net) {
        String ipv6 = p.pod().ipv6() == null ? "" : ",\"ipv6Nets\":[\"" + p.pod().ipv6() + "/128\"]";
        return "printf '%s' '{\"ifaceName\":\"" + p.hostVeth() + "\",\"ipv4Nets\":[\"" + ipv4Net + "\"]" + ipv6
                + "}' > '" + felixRecordPath(p) + "'\n";
    }

    /** libcni's cache file of the pod's ADD (network k8s-pod-network, calico.yaml's name; libcni api.go 252-257). */
    public static String cniCacheFile(WiredPod p) {
        return CNI_CACHE + "/" + CNI_NETWORK + "-" + p.sandboxId() + "-eth0";
    }

    public static String felixRecordPath(WiredPod p) {
        return FelixEndpointStatus.DIRECTORY + "/" + FelixEndpointStatus.fileName(p.pod().namespace(), p.pod().name());
    }

    /** Undoes one pod as kubelet + CNI DEL would: containers and pause stopped, veth, route and netns removed. */
    public static String unwireScript(WiredPod p) {
        StringBuilder sh = new StringBuilder();
        p.containerIds().values().forEach(id -> sh.append("stop ").append(id).append('\n'));
        sh.append("stop ").append(p.sandboxId()).append('\n');
        sh.append("ip link del ").append(p.hostVeth()).append(" 2>/dev/null || true\n");
        sh.append("ip netns del ").append(p.netns()).append('\n');
        // Felix removes the record once the endpoint is gone
        sh.append("rm -f '").append(felixRecordPath(p)).append("'\n");
        // libcni removes the cached result on DEL
        sh.append("rm -f ").append(cniCacheFile(p)).append('\n');
        return sh.toString();
    }

    /**
     * Calico CNI, node side, for these pods: the veth with eth0 in the pod and the host MAC; the host end's sysctls,
     * written before it comes up as configureSysctls precedes LinkSetUp (an IPv6 link-local address is made at up);
     * then up, and the node's routes to the pod's /32 and, dual-stack, /128 (dataplane_linux.go 150-230, 424-433).
     */
    public static String hostSide(List<WiredPod> pods) {
        StringBuilder sh = new StringBuilder("ip -batch - <<'IP'\n");
        pods.forEach(p -> sh.append("link add ").append(p.hostVeth()).append(" type veth peer name eth0 netns ")
                .append(p.netns()).append("\nlink set ").append(p.hostVeth()).append(" address ee:ee:ee:ee:ee:ee\n"));
        sh.append("IP\n");
        pods.forEach(p -> sh.append("cali_sysctls ").append(p.hostVeth()).append(p.pod().ipv6() != null ? " ipv6" : "")
                .append('\n'));
        sh.append("ip -batch - <<'IP'\n");
        for (WiredPod p : pods) {
            // the CNI plugin adds the routes proto boot; Felix then re-programs them with its DeviceRouteProtocol
            Integer protocol = p.calico().deviceRouteProtocol();
            String proto = protocol == null ? "" : " proto " + protocol;
            sh.append("link set ").append(p.hostVeth()).append(" up\nroute add ").append(p.pod().ip()).append("/32 dev ")
                    .append(p.hostVeth()).append(" scope link").append(proto).append('\n');
            if (p.pod().ipv6() != null) {
                sh.append("route add ").append(p.pod().ipv6()).append("/128 dev ").append(p.hostVeth()).append(proto)
                        .append('\n');
            }
        }
        return sh.append("IP\n").toString();
    }

    /**
     * Waits until each dual-stack pod's IPv6 addresses are usable, as they are long before kubelet reports a pod
     * Ready: the host end's link-local address appears once the kernel has seen the carrier (linkwatch, later under
     * load), and even with accept_dad=0 the tentative flag is cleared by a work item (net/ipv6/addrconf.c
     * addrconf_dad_work), not by `ip` itself. Empty for single-stack pods.
     */
    public static String ipv6Settled(List<WiredPod> pods) {
        StringBuilder sh = new StringBuilder();
        pods.stream().filter(p -> p.pod().ipv6() != null).forEach(p -> sh.append("ipv6_settled ").append(p.hostVeth())
                .append(' ').append(p.netns()).append('\n'));
        return sh.toString();
    }

    /** Calico's CNI config as calico.yaml renders it: a conflist whose calico plugin carries the netconf mtu. */
    public static String cniConfig(int mtu) {
        return cniConfig(mtu, LabCalico.DEFAULT);
    }

    /** The CNI config with the given Calico's IPAM (calico.yaml's calico-ipam, or host-local with routes). */
    public static String cniConfig(int mtu, LabCalico calico) {
        return "{\"name\":\"k8s-pod-network\",\"cniVersion\":\"0.3.1\",\"plugins\":[{\"type\":\"calico\",\"mtu\":" + mtu
                + "," + calico.ipamJson() + "},{\"type\":\"portmap\",\"capabilities\":{\"portMappings\":true}}]}\n";
    }

    public static String podSide(WiredPod p) {
        // nsenter, not `ip -n`: the same netlink requests without ip's per-netns remount of /sys (half the cost);
        // /proc/sys/net is the writer's netns, so the pod's own sysctls are set from inside it
        String v6 = p.pod().ipv6();
        // dual-stack: DAD off on eth0 before it comes up, IPv6 on, no IPv6 forwarding (dataplane_linux.go 207-217,
        // 303-320, 582-591); the default route via the host end's link-local address, then the /128 (380-396)
        String sysctls = "echo 0 > /proc/sys/net/ipv4/ip_forward" + (v6 == null ? "" : " && echo 0 > "
                + "/proc/sys/net/ipv6/conf/eth0/accept_dad && for d in all default lo; do echo 0 > "
                + "/proc/sys/net/ipv6/conf/$d/disable_ipv6; done && echo 0 > /proc/sys/net/ipv6/conf/all/forwarding");
        return "nsenter --net=" + p.netnsPath() + " sh -c '" + sysctls + " && ip -batch -' <<'IP'\n"
                + "link set lo up\n"
                + "addr add " + p.pod().ip() + "/32 dev eth0\n"
                + "link set eth0 up\n"
                + "route add 169.254.1.1 dev eth0 scope link\n"
                + p.calico().podRoutes(false).stream().map(d -> "route add " + d + " via 169.254.1.1 dev eth0\n")
                .collect(java.util.stream.Collectors.joining())
                // IPv6: the routes' IPv6 half, via the host end's link-local address (dataplane_linux.go 379-390)
                + (v6 == null ? "" : p.calico().podRoutes(true).stream()
                .map(d -> "route add " + d + " via fe80::ecee:eeff:feee:eeee dev eth0\n")
                .collect(java.util.stream.Collectors.joining()))
                + (v6 == null ? "" : "addr add " + v6 + "/128 dev eth0\n")
                + "IP\n";
    }

    private static String containerId() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** Shell functions shared by wiring, unwiring and fault injection. */
    static final String PRELUDE = """
            set -eu
            S=%s
            mkdir -p $S/sandboxes $S/containers $S/pids
            # a real node lets the CNI write per-interface sysctls; Docker mounts /proc/sys read-only
            grep -q ' /proc/sys proc rw' /proc/mounts || mount -o remount,rw /proc/sys
            echo 1 > /proc/sys/net/ipv4/ip_forward

            start_pause() {  # sandbox-id netns: new IPC+UTS namespaces, the pinned netns, argv[0] /pause
              setsid -f unshare --ipc --uts -- nsenter --net=/var/run/netns/$2 -- \\
                bash -c "echo \\$\\$ > $S/pids/$1; exec -a /pause sleep infinity" </dev/null >/dev/null 2>&1
            }
            start_container() {  # sandbox-id container-id name: joins the pause process's net, ipc and uts
              read -r p < $S/pids/$1
              setsid -f nsenter --net=/proc/$p/ns/net --ipc=/proc/$p/ns/ipc --uts=/proc/$p/ns/uts -- \\
                bash -c "echo \\$\\$ > $S/pids/$2; exec -a $3 sleep infinity" </dev/null >/dev/null 2>&1
            }
            wait_pid() {  # id: until the started process has written its pid (bounded: 5 s)
              n=0
              while [ ! -s $S/pids/$1 ]; do
                n=$((n+1)); [ $n -gt 500 ] && { echo "process $1 did not start" >&2; exit 1; }
                sleep 0.01
              done
            }
            stop() {  # id: kill the process and forget it
              [ -s $S/pids/$1 ] && { read -r p < $S/pids/$1; kill $p 2>/dev/null || true; }
              rm -f $S/pids/$1 $S/sandboxes/$1.json $S/containers/$1.json
            }
            ipv6_settled() {  # cali-link netns: until the host end has its link-local address and neither end a tentative one, bounded: 10 s
              n=0
              until [ -n "$(ip -6 -o addr show dev $1 scope link)" ] && [ -z "$(ip -6 -o addr show dev $1 tentative)" ] \\
                  && [ -z "$(ip -n $2 -6 -o addr show dev eth0 tentative)" ]; do
                n=$((n+1)); [ $n -gt 1000 ] && { echo "IPv6 addresses of $1 / $2 not usable within 10 s" >&2; exit 1; }
                sleep 0.01
              done
            }
            links_active() {  # link...: until the kernel has activated each link's queue, bounded: 10 s
              # a veth end brought up before its peer gets its qdisc only when linkwatch handles the carrier-on
              # event, later under load; until then `ip link` shows `qdisc noop` and the link drops what it sends
              n=0
              while :; do
                noop=" $(ip -o link show | awk '/ qdisc noop / { split($2, a, "[:@]"); printf "%%s ", a[1] }') "
                pending=""
                for d in "$@"; do
                  case "$noop" in *" $d "*) pending="$pending $d" ;; esac
                done
                [ -z "$pending" ] && return 0
                n=$((n+1)); [ $n -gt 1000 ] && { echo "links not activated within 10 s:$pending" >&2; exit 1; }
                sleep 0.01
              done
            }
            carrier_settled() {  # netns|- link, pairs: until linkwatch has handled each link's carrier change, bounded: 10 s
              # a carrier flap (a node end down and up again) is handed to the pod end by deferred linkwatch work, which
              # re-activates its queue; it sets operstate under the same rtnl lock, so `state UP` means traffic passes
              n=0
              while [ $# -ge 2 ]; do
                if [ "$1" = - ]; then ns=; else ns="-n $1"; fi
                until ip $ns -o link show dev "$2" | grep -q ' state UP '; do
                  n=$((n+1)); [ $n -gt 1000 ] && { echo "carrier of $2 ($1) not settled within 10 s" >&2; exit 1; }
                  sleep 0.01
                done
                shift 2
              done
            }
            start_felix() {  # FELIX_VAR=value...: calico-node's Felix with that environment (a stand-in that sleeps)
              # its comm is calico-node (the script's name) and its argv `-felix`, as calico-node v3.32 runs Felix
              cat > /usr/local/bin/calico-node <<'FELIX'
            #!/bin/sh
            trap 'kill $!; exit 0' TERM
            sleep infinity & wait
            FELIX
              chmod 755 /usr/local/bin/calico-node
              [ -s $S/pids/felix ] && { read -r p < $S/pids/felix; kill $p 2>/dev/null || true; rm -f $S/pids/felix; }
              # not a process group leader, so setsid execs in place: $! is Felix's pid
              setsid env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DATASTORE_TYPE=kubernetes FELIX_HEALTHENABLED=true "$@" \\
                /usr/local/bin/calico-node -felix </dev/null >/dev/null 2>&1 &
              f=$!
              echo $f > $S/pids/felix
              # until it runs as calico-node: its environment is then the one Felix reads (bounded: 5 s)
              n=0
              until [ "$(cat /proc/$f/comm 2>/dev/null)" = calico-node ]; do
                n=$((n+1)); [ $n -gt 500 ] && { echo "felix did not start" >&2; exit 1; }
                sleep 0.01
              done
            }
            cni_cache() {  # sandbox-id netns host-veth namespace pod ipv4/32 [ipv6/128]: libcni's cache of Calico's ADD
              # json.Marshal of libcni's cachedInfo (api.go 225-236, 259-297), the result as Calico's plugin returns it:
              # the host veth, eth0 with its MAC in the pod's netns, the IPs on interface 1 (k8s.go 546-561)
              mac=$(ip -n $2 -br link show eth0 | awk '{print $3}')
              ips='{"address":"'$6'","interface":1,"version":"4"}'
              [ -n "${7:-}" ] && ips=$ips',{"address":"'$7'","interface":1,"version":"6"}'
              mkdir -p -m 0700 %2$s
              (umask 077; printf '%%s' '{"kind":"cniCacheV1","containerId":"'$1'","config":"'$CNI_CONFIG_B64'","ifName":"eth0","networkName":"%3$s","netns":"/var/run/netns/'$2'","cniArgs":[["IgnoreUnknown","1"],["K8S_POD_NAMESPACE","'$4'"],["K8S_POD_NAME","'$5'"],["K8S_POD_INFRA_CONTAINER_ID","'$1'"],["K8S_POD_UID","uid-'$1'"]],"result":{"cniVersion":"0.3.1","dns":{},"interfaces":[{"name":"'$3'"},{"mac":"'$mac'","name":"eth0","sandbox":"/var/run/netns/'$2'"}],"ips":['$ips']}}' > %2$s/%3$s-$1-eth0)
            }
            cali_sysctls() {  # cali-link [ipv6]: Calico's host-side sysctls (ipv6: the pod has an IPv6 address)
              echo 1 > /proc/sys/net/ipv4/conf/$1/proxy_arp
              echo 0 > /proc/sys/net/ipv4/neigh/$1/proxy_delay
              echo 1 > /proc/sys/net/ipv4/conf/$1/forwarding
              echo 1 > /proc/sys/net/ipv4/conf/$1/route_localnet
              if [ "${2:-}" = ipv6 ]; then
                for k in accept_dad:0 disable_ipv6:0 proxy_ndp:1 forwarding:1; do
                  echo ${k#*:} > /proc/sys/net/ipv6/conf/$1/${k%%%%:*}
                done
              fi
              # a kernel booted without IPv6 has no such file, and Calico writes none
              if [ -d /proc/sys/net/ipv6/conf/$1 ]; then echo 0 > /proc/sys/net/ipv6/conf/$1/accept_ra; fi
            }
            """.formatted(STATE, CNI_CACHE, CNI_NETWORK) + LabRuntimeRecords.SHELL;

    /** Prints the wiring script of the standard lab pods, for the hands-on lab mode (ci/lab-mode.sh). */
    public static void main(String[] args) {
        // a node started by ci/lab-mode.sh, not by LabNode: the record templates travel in the script (stdin, no argv)
        System.out.print(templateFile(LabRuntimeRecords.SANDBOX_TEMPLATE_FILE, LabRuntimeRecords.sandboxTemplate())
                + templateFile(LabRuntimeRecords.CONTAINER_TEMPLATE_FILE, LabRuntimeRecords.containerTemplate())
                + PRELUDE + script(plan(LabPod.standard(), LabCalico.DEFAULT)));
    }

    private static String templateFile(String path, String content) {
        return "mkdir -p " + path.substring(0, path.lastIndexOf('/')) + "\ncat > " + path + " <<'PODWIRE_TEMPLATE'\n"
                + content + (content.endsWith("\n") ? "" : "\n") + "PODWIRE_TEMPLATE\n";
    }
}
