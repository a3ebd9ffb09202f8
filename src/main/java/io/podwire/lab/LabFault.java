package io.podwire.lab;

import io.podwire.profile.calico.CalicoNaming;
import io.podwire.verdict.ClaimId;
import io.podwire.verdict.Verdict;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import static io.podwire.verdict.ClaimId.C1;
import static io.podwire.verdict.ClaimId.C10;
import static io.podwire.verdict.ClaimId.C11;
import static io.podwire.verdict.ClaimId.C12;
import static io.podwire.verdict.ClaimId.C13;
import static io.podwire.verdict.ClaimId.C2;
import static io.podwire.verdict.ClaimId.C3;
import static io.podwire.verdict.ClaimId.C4;
import static io.podwire.verdict.ClaimId.C5;
import static io.podwire.verdict.ClaimId.C6;
import static io.podwire.verdict.ClaimId.C7;
import static io.podwire.verdict.ClaimId.C8;
import static io.podwire.verdict.ClaimId.C9;

/**
 * The fault catalogue: real mutations of a lab node's kernel state, each making one claim false for one pod.
 * {@code alsoBreaks} declares the other claims the fault makes (or may make) false, each for a kernel reason; every
 * claim it does not declare must still hold for every pod, so a new claim is covered by every fault without editing it.
 */
public enum LabFault {
    SIDECAR_IN_OWN_IPC_NAMESPACE(C1, "app", "the sidecar restarted with an IPC namespace of its own",
            EnumSet.noneOf(ClaimId.class),
            lab -> restartContainer(lab.pod("app"), "sidecar",
                    "unshare --ipc -- nsenter --net=/proc/$p/ns/net --uts=/proc/$p/ns/uts --")),
    CRIO_PINNED_UTS_NOT_THE_CONTAINERS(C1, "web", "web runs without an infra process as CRI-O runs it"
            + " (drop_infra_ctr), and the uts namespace the runtime pinned for it is a new one, not its containers'",
            // nothing else reads the uts namespace; net and ipc stay the containers'
            EnumSet.noneOf(ClaimId.class),
            lab -> CrioInfraless.script(lab.pod("web"), true)),
    NETNS_UNPINNED(C2, "web", "the pod netns unmounted from /var/run/netns (pause keeps it alive)",
            // whatever is read inside the pod netns is read through its pinned name
            EnumSet.of(C3, C4, C5, C6, C7, C8, C9, C12, C13),
            lab -> "umount " + lab.pod("web").netnsPath() + "\nrm " + lab.pod("web").netnsPath() + "\n"),
    RECORDED_NETNS_PATH_HOLDS_ANOTHER_PODS(C2, "web", "the runtime's record of the pod's netns names a path under"
            + " containerd's state dir (netns_mounts_under_state_dir) that pins the pinger's netns, not the pod's",
            // web keeps its own pin under /var/run/netns, so what is read inside its netns is read as before
            EnumSet.noneOf(ClaimId.class),
            lab -> "mkdir -p /run/containerd/io.containerd.grpc.v1.cri/netns\n"
                    + "touch /run/containerd/io.containerd.grpc.v1.cri/netns/" + lab.pod("web").netns() + "\n"
                    + "mount --bind " + lab.pod("pinger").netnsPath() + " /run/containerd/io.containerd.grpc.v1.cri/netns/"
                    + lab.pod("web").netns() + "\n"
                    + "sed -i 's#" + lab.pod("web").netnsPath() + "\"#/run/containerd/io.containerd.grpc.v1.cri/netns/"
                    + lab.pod("web").netns() + "\"#' $S/sandboxes/" + lab.pod("web").sandboxId() + ".json\n"),
    EXTRA_LINK_IN_POD_NETNS(C3, "web", "an extra veth pair added inside the pod netns, up, extra0 with 192.168.77.1/24"
            + " (so the pod's main table holds its connected route)",
            // C4 holds: it judges eth0's routes, and the connected route of another link is this fault, C3's
            EnumSet.noneOf(ClaimId.class),
            lab -> {
                String ns = lab.pod("web").netns();
                return "ip -n " + ns + " link add extra0 type veth peer name extra1\n"
                        + "ip -n " + ns + " addr add 192.168.77.1/24 dev extra0\n"
                        + "ip -n " + ns + " link set extra1 up\nip -n " + ns + " link set extra0 up\n"
                        // proves the state this fault claims: another link's connected route in the main table
                        + "ip -n " + ns + " route show 192.168.77.0/24 | grep -q 'dev extra0 proto kernel scope link'\n";
            }),
    POD_END_NAMED_TUNL0(C3, "web", "a veth pair whose end inside the pod netns carries a kernel fallback tunnel's name"
            + " (tunl0, or gre0 / sit0 / ip6tnl0 when a real fallback device already holds it), its peer in another"
            + " pinned netns: a real fallback device is kind ipip/gre/sit/ip6tnl with no peer (@NONE), this one is a veth",
            EnumSet.noneOf(ClaimId.class),
            lab -> {
                String ns = lab.pod("web").netns();
                // once the ipip module is loaded every netns already holds the real tunl0: take the first free name
                return "name=\nfor n in " + String.join(" ", fallbackTunnelNames()) + "; do\n"
                        + "  ip -n " + ns + " link show $n >/dev/null 2>&1 || { name=$n; break; }\ndone\n"
                        + "[ -n \"$name\" ] || { echo 'every fallback tunnel name is taken in " + ns + "' >&2; exit 1; }\n"
                        + "ip netns add cni-tunl0-peer\n"
                        // left down, as the kernel leaves its own fallback tunnels: only kind and peer tell them apart
                        + "ip -n " + ns + " link add $name type veth peer name veth-tunl0 netns cni-tunl0-peer\n";
            }),
    ETH0_MOVED_AWAY(C3, "web", "the pod's eth0 moved into another pinned netns: the pod netns holds only lo",
            // everything the pod's trail reaches through eth0 fails, and pinger no longer reaches it
            EnumSet.of(C4, C5, C6, C7, C8, C9, C10, C11, C12, C13),
            lab -> "ip netns add cni-eth0-away\nip -n " + lab.pod("web").netns() + " link set eth0 netns cni-eth0-away\n"),
    // seen in the pod: `eth0@if3: <BROADCAST,MULTICAST> … state DOWN`, the /32 and its local route kept, routes flushed
    // seen on the node: `cali…@if2: <NO-CARRIER,BROADCAST,MULTICAST,UP> … state DOWN`, route `… scope link linkdown`
    ETH0_ADMIN_DOWN(C3, "app", "the pod's eth0 set down (node end left UP without carrier, pod routes flushed)",
            // C4: eth0's routes flushed; C9: the node's route to the pod kept but marked linkdown, its device without
            // carrier (net/ipv4/fib_semantics.c fib_sync_down_dev sets RTNH_F_LINKDOWN); C11: unreachable (the /32
            // stays: C10 holds); C5 holds: the node end is admin UP, only its carrier follows the pod end's state
            EnumSet.of(C4, C9, C11),
            lab -> "ip -n " + lab.pod("app").netns() + " link set eth0 down\n"),
    SLASH24_INSTEAD_OF_SLASH32(C4, "pinger", "the pod IP on eth0 as /24 instead of /32",
            // C12: Felix's record lists the /32; C11: the prober's next hop is resolved another way (on-link /24)
            EnumSet.of(C11, C12, C13),
            lab -> {
                WiredPod p = lab.pod("pinger");
                // add the /24 first: removing the last address of eth0 would flush its routes
                return "ip -n " + p.netns() + " addr add " + p.pod().ip() + "/24 dev eth0\n"
                        + "ip -n " + p.netns() + " addr del " + p.pod().ip() + "/32 dev eth0\n";
            }),
    GATEWAY_ROUTE_MISSING(C4, "app", "the pod's `169.254.1.1 dev eth0 scope link` route deleted",
            // C11: the pod's replies leave by a default route whose gateway no route reaches any more
            EnumSet.of(C11),
            lab -> "ip -n " + lab.pod("app").netns() + " route del 169.254.1.1 dev eth0\n"),
    EXTRA_POD_ROUTE(C4, "pinger", "a route Calico does not add (10.96.0.0/12 via 169.254.1.1) in the pod's main table",
            EnumSet.noneOf(ClaimId.class),
            lab -> "ip -n " + lab.pod("pinger").netns() + " route add 10.96.0.0/12 via 169.254.1.1 dev eth0\n"),
    POD_FORWARDING_ON(C4, "web", "ip_forward=1 inside the pod's netns (the lab's CNI config does not allow it)",
            EnumSet.noneOf(ClaimId.class),
            // /proc/sys/net is the writer's netns
            lab -> "nsenter --net=" + lab.pod("web").netnsPath() + " sh -c 'echo 1 > /proc/sys/net/ipv4/ip_forward'\n"),
    // the pairing is what moved: from the node, the pod's eth0 has no node end any more
    VETH_PEER_IN_WRONG_NETNS(C8, "web", "the node end of the pod's veth moved into another netns",
            // C5, C6, C9, C12: no node end to judge; C7: no node link into the pod's netns; C11: unreachable;
            // C3 holds: eth0 stays admin UP and a veth (only its carrier follows the moved end, which went down)
            EnumSet.of(C5, C6, C7, C9, C11, C12, C13),
            lab -> "ip netns add cni-stray\nip link set " + lab.pod("web").hostVeth() + " netns cni-stray\n"),
    NODE_ROUTE_LINKDOWN(C9, "app", "the node's /32 route to the pod kept but marked linkdown: its device, the node end,"
            + " UP without LOWER_UP (NO-CARRIER) while proxy_arp=1 stays. A veth has carrier only while both ends are up"
            + " (drivers/net/veth.c veth_open, veth_close) and refuses `carrier off` and `protodown on`, so the one real"
            + " way is the pod end set down; its routes can't be re-added to a down device (`Nexthop device is not up`)",
            // the same kernel state as ETH0_ADMIN_DOWN, judged at the route: C3 (eth0 admin down), C4 (its routes
            // flushed) and C11 fail with it; C5 holds, the node end is admin UP
            EnumSet.of(C3, C4, C11),
            lab -> {
                WiredPod p = lab.pod("app");
                String cali = p.hostVeth();
                return "ip -n " + p.netns() + " link set eth0 down\n"
                        // proves the state this fault claims: UP without carrier, route and proxy_arp intact
                        + "ip link show " + cali + " | grep -q '<NO-CARRIER,BROADCAST,MULTICAST,UP>'\n"
                        + "ip route show " + p.pod().ip() + "/32 | grep -q 'dev " + cali + " scope link linkdown'\n"
                        + "grep -qx 1 /proc/sys/net/ipv4/conf/" + cali + "/proxy_arp\n";
            }),
    HOST_MAC_CHANGED(C5, "app", "the pod's cali link given the MAC ee:ee:ee:ee:ee:01 (route restored)",
            // C11: the pod's neighbour entry for 169.254.1.1 may keep the old MAC (the carrier-down flush runs
            // from the deferred linkwatch work, after the carrier may be back), so replies go to a MAC the host end
            // drops until the entry is re-probed (net/ipv4/arp.c arp_netdev_event; why Calico pins ee:ee:ee:ee:ee:ee)
            EnumSet.of(C11),
            lab -> {
                WiredPod p = lab.pod("app");
                // the address is set while the link is down, and going down flushes its routes: the route restored after
                return "ip link set " + p.hostVeth() + " down\nip link set " + p.hostVeth() + " address ee:ee:ee:ee:ee:01\n"
                        + "ip link set " + p.hostVeth() + " up\nip route add " + p.pod().ip() + "/32 dev " + p.hostVeth()
                        + " scope link\n" + settled(p, p.hostVeth());
            }),
    MTU_MISMATCH(C5, "web", "the pod's cali link set to mtu 1400 (eth0 and Calico's config keep 1500)",
            // C11 holds: an MTU change flaps no carrier, and the probe's 84-byte packets fit either MTU
            EnumSet.noneOf(ClaimId.class),
            lab -> "ip link set " + lab.pod("web").hostVeth() + " mtu 1400\n"),
    HOST_VETH_RENAMED(C6, "web", "the host veth renamed veth… (route and sysctls restored)",
            // C5 wants Felix's prefix, C12: Felix's record names cali…; C8 holds: it finds the node end by identity
            // C4 and C11 hold through the carrier flap: carrier loss marks the pod's routes linkdown but keeps them
            // (fib_netdev_event), `up` restores carrier synchronously (veth_open), and the MAC a flushed or kept
            // neighbour entry resolves to is unchanged
            EnumSet.of(C5, C7, C12, C13),
            lab -> {
                WiredPod p = lab.pod("web");
                // a link must be down to be renamed, and going down flushes its routes: restore the route after
                return "ip link set " + p.hostVeth() + " down\nip link set " + p.hostVeth() + " name veth0123456789a\n"
                        + "ip link set veth0123456789a up\nip route add " + p.pod().ip() + "/32 dev veth0123456789a scope link\n"
                        + settled(p, "veth0123456789a");
            }),
    HOST_VETH_NAMES_SWAPPED(C6, "app", "the names of two pods' node ends swapped: app's node end carries web's cali"
            + " name and web's app's (routes restored)",
            // only the name is wrong: pairing (C8), routes (C9), counts (C7) hold; C12: Felix's record names the
            // name Calico gave, C6's, which the node end found by identity no longer carries. C6 fails for web too
            EnumSet.of(C12, C13),
            lab -> {
                WiredPod app = lab.pod("app");
                WiredPod web = lab.pod("web");
                String a = app.hostVeth();
                String w = web.hostVeth();
                // links must be down to be renamed, and going down flushes their routes: restore them after
                return "ip link set " + a + " down\nip link set " + w + " down\n"
                        + "ip link set " + a + " name calitmp0swap000\nip link set " + w + " name " + a + "\n"
                        + "ip link set calitmp0swap000 name " + w + "\n"
                        + "ip link set " + a + " up\nip link set " + w + " up\n"
                        + "ip route add " + app.pod().ip() + "/32 dev " + w + " scope link\n"
                        + "ip route add " + web.pod().ip() + "/32 dev " + a + " scope link\n"
                        + "carrier_settled - " + a + " - " + w + " " + app.netns() + " eth0 " + web.netns() + " eth0\n";
            }),
    ORPHAN_CALI_LINK(C7, Verdict.NODE_SCOPE, "a cali veth left behind with no pod (its netns pinned, no sandbox)",
            EnumSet.noneOf(ClaimId.class),
            lab -> "ip netns add cni-orphan\nip link add cali0deadbeef00 type veth peer name eth0 netns cni-orphan\n"
                    + "ip link set cali0deadbeef00 up\n"),
    SECOND_HOST_VETH_INTO_POD(C7, "app", "a second veth from the node into the pod netns, node end veth5e2a91c0"
            + " (not cali…), pod end eth1, both up",
            // C4 and C11 hold: eth1 gets no IPv4 address or route, only an IPv6 link-local one (not global)
            EnumSet.of(C3),
            lab -> {
                String ns = lab.pod("app").netns();
                return "ip link add veth5e2a91c0 type veth peer name eth1 netns " + ns + "\n"
                        + "ip link set veth5e2a91c0 up\nip -n " + ns + " link set eth1 up\n";
            }),
    STALE_VETH_WITH_POD_NAME(C7, Verdict.NODE_SCOPE,
            "the pod's veth renamed, and a stale veth with the pod's cali name paired with another netns",
            // C6: the pod's node end carries another name, which C12's record sees too; C8 holds: the pod's node end,
            // found by identity, is paired with its eth0. C3, C4, C5, C11 hold through the rename's carrier flap for
            // HOST_VETH_RENAMED's reasons (MAC unchanged)
            EnumSet.of(C6, C12, C13),
            lab -> staleVethWithPodName(lab.pod("pinger"), "index 7 name eth9")),
    CALI_NAMED_VETH_PAIRED_ELSEWHERE_SAME_IFINDEX(C7, Verdict.NODE_SCOPE,
            "the pod's veth renamed, and a veth with the pod's cali name paired with eth0 = ifindex 2 of another netns"
                    + " (the pod's eth0 is ifindex 2 too, as in every fresh netns), both ends up",
            // C6 and C12 as STALE_VETH_WITH_POD_NAME; C8 holds: peer_ifindex 2 of the stale veth is no pod's pairing
            EnumSet.of(C6, C12, C13),
            lab -> {
                String cali = lab.pod("pinger").hostVeth();
                // the pod's eth0 is ifindex 2: a peer_ifindex read without its netns can't tell the two apart
                return staleVethWithPodName(lab.pod("pinger"), "index 2 name eth0")
                        // both ends up: nothing but the peer's netns is wrong
                        + "ip link set " + cali + " up\nip -n cni-stale link set eth0 up\n"
                        + "ethtool -S " + cali + " | grep -qx ' *peer_ifindex: 2'\n";
            }),
    PROXY_ARP_OFF(C9, "app", "proxy_arp turned off on the pod's cali link",
            EnumSet.of(C11),
            lab -> "echo 0 > /proc/sys/net/ipv4/conf/" + lab.pod("app").hostVeth() + "/proxy_arp\n"),
    // C11 not asserted under the host-side sysctl faults: proxy_delay delays the proxy ARP reply by up to 0.8 s
    PROXY_DELAY_NONZERO(C9, "app", "proxy_delay 80 (the kernel's default) on the pod's cali link",
            EnumSet.of(C11),
            lab -> "echo 80 > /proc/sys/net/ipv4/neigh/" + lab.pod("app").hostVeth() + "/proxy_delay\n"),
    HOST_FORWARDING_OFF(C9, "web", "IPv4 forwarding turned off on the pod's cali link",
            // C11: the pod's replies arrive on a link that may not forward (ip_route_input_slow: IN_DEV_FORWARD)
            EnumSet.of(C11),
            lab -> "echo 0 > /proc/sys/net/ipv4/conf/" + lab.pod("web").hostVeth() + "/forwarding\n"),
    ROUTE_LOCALNET_OFF(C9, "pinger", "route_localnet turned off on the pod's cali link",
            EnumSet.of(C11),
            lab -> "echo 0 > /proc/sys/net/ipv4/conf/" + lab.pod("pinger").hostVeth() + "/route_localnet\n"),
    ACCEPT_RA_ON(C9, "web", "IPv6 router advertisements accepted on the pod's cali link (accept_ra=1)",
            EnumSet.of(C11),
            lab -> "echo 1 > /proc/sys/net/ipv6/conf/" + lab.pod("web").hostVeth() + "/accept_ra\n"),
    // with FELIX_DEVICEROUTEPROTOCOL unset, another protocol might be a FelixConfiguration's (INCONCLUSIVE): set it
    HOST_ROUTE_PROTO_STATIC(C9, "pinger", "with FELIX_DEVICEROUTEPROTOCOL=3 (boot) in Felix's environment, the node's /32"
            + " route to the pod replaced by the same route with proto static",
            EnumSet.noneOf(ClaimId.class), LabCalico.deviceRouteProtocol(3),
            lab -> "ip route replace " + lab.pod("pinger").pod().ip() + "/32 dev " + lab.pod("pinger").hostVeth()
                    + " scope link proto static\n"),
    HOST_ROUTE_PROTO_NOT_CONFIGURED(C9, "app", "with FELIX_DEVICEROUTEPROTOCOL=80 in Felix's environment, the node's /32"
            + " route to the pod left proto boot, as the CNI plugin adds it and Felix would have re-programmed it",
            EnumSet.noneOf(ClaimId.class), LabCalico.deviceRouteProtocol(80),
            lab -> "ip route replace " + lab.pod("app").pod().ip() + "/32 dev " + lab.pod("app").hostVeth()
                    + " scope link proto boot\n"),
    HOST_VETH_DEFAULT_PREFIX(C6, "web", "with FELIX_INTERFACEPREFIX=wl,cali in Felix's environment, the pod's host veth"
            + " named with the default prefix cali… instead of wl… (route restored): Felix still takes it for a workload's",
            // C12: Felix's record names wl…; C5 and C7 hold: Felix accepts cali… as a workload interface; C8 holds:
            // the node end is found by identity, whatever its name
            EnumSet.of(C12, C13), LabCalico.interfacePrefix("wl,cali"),
            lab -> {
                WiredPod p = lab.pod("web");
                String cali = CalicoNaming.hostVethName(p.pod().namespace(), p.pod().name());
                // a link must be down to be renamed, and going down flushes its routes: restore the route after
                return "ip link set " + p.hostVeth() + " down\nip link set " + p.hostVeth() + " name " + cali + "\n"
                        + "ip link set " + cali + " up\nip route add " + p.pod().ip() + "/32 dev " + cali + " scope link\n"
                        + settled(p, cali);
            }),
    POD_ROUTES_NOT_CONFIGURED(C4, "pinger", "with host-local ipam.routes 10.42.0.0/16 and 10.96.0.0/12 in the CNI config"
            + " (they replace the default), the pod's 10.96.0.0/12 route replaced by a default route via 169.254.1.1",
            EnumSet.noneOf(ClaimId.class),
            LabCalico.ipamRoutes(false, "10.42.0.0/16", "10.96.0.0/12"),
            lab -> "ip -n " + lab.pod("pinger").netns() + " route del 10.96.0.0/12 via 169.254.1.1 dev eth0\n"
                    + "ip -n " + lab.pod("pinger").netns() + " route add default via 169.254.1.1 dev eth0\n"),
    HOST_ROUTE_DELETED(C9, "app", "the node's /32 route to the pod deleted",
            EnumSet.of(C11),
            lab -> "ip route del " + lab.pod("app").pod().ip() + "/32\n"),
    // every wiring fact holds: only the node's neighbour entry is stale, as after a pod IP reused within its lifetime
    NODE_NEIGHBOUR_STALE(C11, "web", "the node's neighbour entry for the pod IP pinned (nud permanent) to a MAC that is"
            + " not eth0's: the node hands the pod's traffic to a MAC the pod's eth0 drops",
            EnumSet.noneOf(ClaimId.class),
            lab -> {
                WiredPod p = lab.pod("web");
                return "ip neigh replace " + p.pod().ip() + " lladdr 02:00:00:00:00:01 dev " + p.hostVeth()
                        + " nud permanent\n";
            }),
    SIDECAR_IN_OTHER_NETNS(C10, "app", "the sidecar restarted in a netns other than the pause process's",
            // C1: the sidecar no longer shares pause's netns
            EnumSet.of(C1),
            lab -> "ip netns add cni-elsewhere\n" + restartContainer(lab.pod("app"), "sidecar",
                    "nsenter --net=/var/run/netns/cni-elsewhere --ipc=/proc/$p/ns/ipc --uts=/proc/$p/ns/uts --")),
    // the kernel is untouched: only Calico's record of it is wrong, so every kernel claim holds
    FELIX_RECORD_OTHER_IP(C12, "web", "Felix's endpoint-status record of the pod lists 10.42.0.99/32 (a previous"
            + " sandbox's IP) while eth0 carries the pod IP",
            EnumSet.noneOf(ClaimId.class),
            lab -> LabWiring.felixRecord(lab.pod("web"), "10.42.0.99/32")),
    FELIX_RECORD_OTHER_IFACE(C12, "app", "Felix's endpoint-status record of the pod names the pinger's host veth",
            EnumSet.noneOf(ClaimId.class),
            lab -> LabWiring.felixRecord(lab.pod("app"), lab.pod("app").pod().ip() + "/32")
                    .replace(lab.pod("app").hostVeth(), lab.pod("pinger").hostVeth())),
    UNRECORDED_IPV6_ON_ETH0(C12, "web", "a global IPv6 address (fd00::a:b/128) on the single-stack pod's eth0, added"
            + " outside the CNI: no Calico record lists it",
            // C4 too: a single-stack pod has no global IPv6 address
            EnumSet.of(C4),
            lab -> "ip -n " + lab.pod("web").netns() + " -6 addr add fd00::a:b/128 dev eth0 nodad\n"),
    // dual-stack faults: each on a lab node whose pods also have an IPv6 address (LabPod.dualStack)
    IPV6_ADDRESS_TENTATIVE(C4, "web", "duplicate address detection left on for eth0: its /128 re-added stays"
            + " tentative (accept_dad=1, 1000 probes), as when Calico's disableDAD did not run", Stack.DUAL,
            EnumSet.noneOf(ClaimId.class),
            lab -> {
                WiredPod p = lab.pod("web");
                String conf = "/proc/sys/net/ipv6/conf/eth0/";
                return "nsenter --net=" + p.netnsPath() + " sh -c 'echo 1 > " + conf + "accept_dad && echo 1000 > " + conf
                        + "dad_transmits && ip addr del " + p.pod().ipv6() + "/128 dev eth0 && ip addr add "
                        + p.pod().ipv6() + "/128 dev eth0'\n"
                        // proves the state this fault claims
                        + "ip -n " + p.netns() + " -6 addr show dev eth0 | grep -q 'scope global tentative'\n";
            }),
    IPV6_DEFAULT_ROUTE_MISSING(C4, "app", "the pod's `default via fe80::ecee:eeff:feee:eeee dev eth0` deleted",
            Stack.DUAL, EnumSet.noneOf(ClaimId.class),
            lab -> "ip -n " + lab.pod("app").netns() + " -6 route del default via fe80::ecee:eeff:feee:eeee dev eth0\n"),
    IPV6_POD_FORWARDING_ON(C4, "pinger", "net.ipv6.conf.all.forwarding=1 inside the pod's netns (the lab's CNI config"
            + " does not allow IP forwarding)", Stack.DUAL,
            EnumSet.noneOf(ClaimId.class),
            lab -> "nsenter --net=" + lab.pod("pinger").netnsPath()
                    + " sh -c 'echo 1 > /proc/sys/net/ipv6/conf/all/forwarding'\n"),
    IPV6_HOST_LINK_LOCAL_CHANGED(C5, "app", "the pod's cali link holds fe80::ecee:eeff:feee:ee01/64 instead of Calico's"
            + " fe80::ecee:eeff:feee:eeee, the next hop of the pod's default IPv6 route", Stack.DUAL,
            EnumSet.noneOf(ClaimId.class),
            lab -> {
                String cali = lab.pod("app").hostVeth();
                return "ip -6 addr add fe80::ecee:eeff:feee:ee01/64 dev " + cali + "\nip -6 addr del "
                        + "fe80::ecee:eeff:feee:eeee/64 dev " + cali + "\n";
            }),
    IPV6_HOST_ROUTE_DELETED(C9, "pinger", "the node's /128 route to the pod deleted", Stack.DUAL,
            EnumSet.noneOf(ClaimId.class),
            lab -> "ip -6 route del " + lab.pod("pinger").pod().ipv6() + "/128 dev " + lab.pod("pinger").hostVeth() + "\n"),
    IPV6_PROXY_NDP_OFF(C9, "web", "proxy_ndp=0 on the pod's cali link", Stack.DUAL,
            EnumSet.noneOf(ClaimId.class),
            lab -> "echo 0 > /proc/sys/net/ipv6/conf/" + lab.pod("web").hostVeth() + "/proxy_ndp\n"),
    IPV6_HOST_FORWARDING_OFF(C9, "app", "IPv6 forwarding=0 on the pod's cali link", Stack.DUAL,
            EnumSet.noneOf(ClaimId.class),
            lab -> "echo 0 > /proc/sys/net/ipv6/conf/" + lab.pod("app").hostVeth() + "/forwarding\n"),
    IPV6_HOST_ACCEPT_DAD_ON(C9, "pinger", "accept_dad=1 on the pod's cali link", Stack.DUAL,
            EnumSet.noneOf(ClaimId.class),
            lab -> "echo 1 > /proc/sys/net/ipv6/conf/" + lab.pod("pinger").hostVeth() + "/accept_dad\n"),
    IPV6_DISABLED_ON_HOST_END(C9, "web", "disable_ipv6=1 on the pod's cali link: the kernel drops its IPv6 addresses"
            + " and the /128 route with them", Stack.DUAL,
            // C5: its link-local address goes too
            EnumSet.of(C5),
            lab -> "echo 1 > /proc/sys/net/ipv6/conf/" + lab.pod("web").hostVeth() + "/disable_ipv6\n"),

    // --- issue #22: the runtime's libcni cache (C13) ---
    // C13 is also in the alsoBreaks of the faults above that rename or move the host veth, unpin or empty the pod's
    // netns, or readdress eth0: the cached result names the host veth, the netns path and eth0's /32, which no longer hold
    CNI_CACHE_OTHER_IP(C13, "web", "the runtime's libcni cache of the pod's ADD lists 10.42.0.99/32 (a previous"
            + " sandbox's IP) while eth0 carries the pod IP",
            EnumSet.noneOf(ClaimId.class),
            lab -> "sed -i 's#\"address\":\"" + lab.pod("web").pod().ip() + "/32\"#\"address\":\"10.42.0.99/32\"#' "
                    + LabWiring.cniCacheFile(lab.pod("web")) + "\n"),
    CNI_CACHE_MISSING(C13, "app", "the runtime's libcni cache of the pod's ADD removed (as a DEL would) while the pod"
            + " is still wired",
            EnumSet.noneOf(ClaimId.class),
            lab -> "rm " + LabWiring.cniCacheFile(lab.pod("app")) + "\n");

    /** Names the kernel gives its per-netns fallback tunnels (ipip, gre, sit, ip6_tunnel modules). */
    static List<String> fallbackTunnelNames() {
        return List.of("tunl0", "gre0", "sit0", "ip6tnl0");
    }

    /** The pods a fault's lab node is wired with: the standard pods, or the same pods dual-stack. */
    public enum Stack { SINGLE, DUAL }

    private final ClaimId claim;
    private final String targetPod;
    private final String description;
    private final Set<ClaimId> alsoBreaks;
    private final Function<LabNode, String> script;
    private final Stack stack;
    private final LabCalico calico;

    LabFault(ClaimId claim, String targetPod, String description, Set<ClaimId> alsoBreaks,
             Function<LabNode, String> script) {
        this(claim, targetPod, description, Stack.SINGLE, alsoBreaks, LabCalico.DEFAULT, script);
    }

    LabFault(ClaimId claim, String targetPod, String description, Stack stack, Set<ClaimId> alsoBreaks,
             Function<LabNode, String> script) {
        this(claim, targetPod, description, stack, alsoBreaks, LabCalico.DEFAULT, script);
    }

    /** A fault shown on a lab node wired under another Calico configuration ({@code calico}) first. */
    LabFault(ClaimId claim, String targetPod, String description, Set<ClaimId> alsoBreaks, LabCalico calico,
             Function<LabNode, String> script) {
        this(claim, targetPod, description, Stack.SINGLE, alsoBreaks, calico, script);
    }

    LabFault(ClaimId claim, String targetPod, String description, Stack stack, Set<ClaimId> alsoBreaks,
             LabCalico calico, Function<LabNode, String> script) {
        this.calico = calico;
        this.claim = claim;
        this.targetPod = targetPod;
        this.description = description;
        this.alsoBreaks = alsoBreaks;
        this.script = script;
        this.stack = stack;
    }

    /** The pods to wire before injecting this fault. */
    public List<LabPod> labPods() {
        return stack == Stack.DUAL ? LabPod.dualStack() : LabPod.standard();
    }

    public ClaimId claim() {
        return claim;
    }

    /** The pod whose claim breaks, or Verdict.NODE_SCOPE for a node-wide claim. */
    public String targetPod() {
        return targetPod;
    }

    /** Every pod whose claim this fault breaks: the target, and for a swap between two pods the other one too. */
    public Set<String> targetPods() {
        return this == HOST_VETH_NAMES_SWAPPED ? Set.of(targetPod, "web") : Set.of(targetPod);
    }

    public String description() {
        return description;
    }

    /** The claims other than {@link #claim()} this fault may make false; every other claim must hold. */
    public Set<ClaimId> alsoBreaks() {
        return alsoBreaks;
    }

    /** The claims that must still hold for every pod under this fault. */
    public Set<ClaimId> mustHold() {
        Set<ClaimId> hold = EnumSet.allOf(ClaimId.class);
        hold.remove(claim);
        hold.removeAll(alsoBreaks);
        return hold;
    }

    /** The Calico configuration the lab node is wired under before the fault (calico.yaml's for most). */
    public LabCalico calico() {
        return calico;
    }

    /** Mutates the lab node's kernel state. */
    public void inject(LabNode lab) {
        lab.run("inject " + name(), script.apply(lab));
    }

    /**
     * Renames the pod's cali veth (its route and proxy_arp restored), then adds a veth carrying the pod's cali name
     * whose peer ({@code peer}: "index N name X") lives in the pinned netns cni-stale.
     */
    private static String staleVethWithPodName(WiredPod p, String peer) {
        return "ip link set " + p.hostVeth() + " down\nip link set " + p.hostVeth() + " name cali00000000001\n"
                + "ip link set cali00000000001 up\n"
                + "ip route add " + p.pod().ip() + "/32 dev cali00000000001 scope link\n"
                + "echo 1 > /proc/sys/net/ipv4/conf/cali00000000001/proxy_arp\n"
                + settled(p, "cali00000000001")
                + "ip netns add cni-stale\n"
                // iproute2 honours the peer's index only when the host end's index is given too
                + "ip link add " + p.hostVeth() + " index 177 type veth peer " + peer + " netns cni-stale\n";
    }

    /** Waits until the carrier flap of a renamed or re-addressed node end has reached both ends' queues. */
    private static String settled(WiredPod p, String nodeEnd) {
        return "carrier_settled - " + nodeEnd + " " + p.netns() + " eth0\n";
    }

    /** Replaces a container's process by one started with other namespaces, and updates the runtime's record. */
    private static String restartContainer(WiredPod pod, String container, String enter) {
        String id = pod.containerIds().get(container);
        return "read -r p < $S/pids/" + pod.sandboxId() + "\n"
                + "read -r old < $S/pids/" + id + "\nkill $old\nrm $S/pids/" + id + "\n"
                + "setsid -f " + enter + " bash -c \"echo \\$\\$ > $S/pids/" + id + "; exec -a " + container
                + " sleep infinity\" </dev/null >/dev/null 2>&1\n"
                + "wait_pid " + id + "\n"
                + "record_container " + id + " " + pod.sandboxId() + " " + container + " " + pod.pod().namespace()
                + " " + pod.pod().name() + "\n";
    }
}
