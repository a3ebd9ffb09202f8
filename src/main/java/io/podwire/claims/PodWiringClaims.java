package io.podwire.claims;

import io.podwire.node.ExpectedPod;
import io.podwire.node.CalicoCniSettings;
import io.podwire.node.Cidr;
import io.podwire.node.EthtoolStats;
import io.podwire.node.FelixSettings;
import io.podwire.node.InterfaceSysctls;
import io.podwire.node.IpLinkTextParser;
import io.podwire.node.NetLink;
import io.podwire.node.NetnsEntry;
import io.podwire.node.NetnsView;
import io.podwire.node.NodeState;
import io.podwire.node.Observed;
import io.podwire.node.PodSideView;
import io.podwire.node.PodSideViews;
import io.podwire.node.Proc;
import io.podwire.node.Reachability;
import io.podwire.node.Route;
import io.podwire.node.RouteProtocols;
import io.podwire.node.RuntimeContainer;
import io.podwire.node.Sandbox;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The claims of the lab, each a pure function of (the pod's trail, the node's state[, pod-side views]) → Verdict.
 * No exec, no API call, no sleep in here: everything was observed before, and the trail was resolved once, by
 * identity (PodTrail). A step that is absent makes a claim that needs it FAIL; one that could not be observed makes
 * it INCONCLUSIVE.
 */
public final class PodWiringClaims {
    static final String GATEWAY = "169.254.1.1";
    /** The MAC Calico's CNI gives every host end (dataplane_linux.go 43, 166-193). */
    static final String HOST_MAC = "ee:ee:ee:ee:ee:ee";
    /**
     * The host-end sysctls Calico's CNI plugin writes and its tests assert (calico_cni_test.go 148-152,
     * calico_cni_k8s_test.go 309-313 and checkInterfaceConfig 3636-3661), with the value each must hold.
     */
    static final Map<String, Integer> HOST_SYSCTLS = sysctls();
    /**
     * The devices the kernel creates in every netns once their module is loaded, by name and kind; they have no
     * peer (`tunl0@NONE`). A device with such a name but another kind, or with a peer, is no fallback device.
     */
    static final Map<String, String> KERNEL_FALLBACK_DEVICES = Map.of("tunl0", "ipip", "gre0", "gre",
            "gretap0", "gretap", "erspan0", "erspan", "ip_vti0", "vti", "ip6_vti0", "vti6", "sit0", "sit",
            "ip6tnl0", "ip6tnl", "ip6gre0", "ip6gre");

    private PodWiringClaims() {
    }

    private static Map<String, Integer> sysctls() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put(InterfaceSysctls.PROXY_ARP, 1);
        m.put(InterfaceSysctls.PROXY_DELAY, 0);
        m.put(InterfaceSysctls.FORWARDING, 1);
        m.put(InterfaceSysctls.ROUTE_LOCALNET, 1);
        m.put(InterfaceSysctls.ACCEPT_RA, 0);
        return Collections.unmodifiableMap(m);
    }

    /**
     * C1 (lab steps 1, 2): the pause process (`/pause`) is the earliest process in the pod's net, IPC and UTS
     * namespaces, and every app container's process shares all three inodes (containerd WithPodNamespaces joins
     * them through /proc/&lt;pause&gt;/ns/{net,ipc,uts}).
     */
    public static Verdict c1PauseOwnsNamespaces(PodTrail t, NodeState s) {
        ExpectedPod pod = t.pod();
        Judge j = new Judge(ClaimId.C1, pod, s.node());
        String expected = "/pause is the earliest process in its net, ipc and uts namespaces; containers "
                + pod.containers() + " share all three";
        Observed<Sandbox> sandbox = j.saw(t.sandbox());
        if (!sandbox.available()) {
            return j.notSeen("sandbox", sandbox, expected, "no ready sandbox");
        }
        // the fields that decide, never the runtime's record (annotations there carry what pod authors wrote)
        j.excerpt(sandbox.value().excerpt()).value("sandboxId", sandbox.value().id()).value("pausePid", sandbox.value().pid());
        Observed<Proc> pause = j.saw(t.pause());
        if (!pause.available()) {
            return j.notSeen("pause process", pause, expected, "pid " + sandbox.value().pid() + " absent from /proc");
        }
        Proc p = pause.value();
        j.excerpt(procLine(p)).value("pauseCmdline", p.cmdline())
                .value("pauseNamespaces", Map.of("net", String.valueOf(p.netNs()), "ipc", String.valueOf(p.ipcNs()),
                        "uts", String.valueOf(p.utsNs())));
        if (!p.isPause()) {
            return j.fail(j.fact("sandbox process cmdline", pause), "the sandbox process " + p.pid() + " is not /pause",
                    "/pause", p.cmdline());
        }
        for (String kind : List.of("net", "ipc", "uts")) {
            Long inode = inode(p, kind);
            Observed<List<Proc>> members = s.procsIn(kind, inode == null ? -1 : inode);
            if (!members.available()) {
                return j.inconclusive(members, expected);
            }
            Proc first = members.value().isEmpty() ? null : members.value().get(0);
            if (first == null || first.pid() != p.pid()) {
                return j.excerpt(first == null ? null : procLine(first)).fail(j.fact(kind + " namespace's earliest"
                                + " process", s.namespacesCommand()), "pause (pid " + p.pid()
                                + ") is not the earliest process in its " + kind + " namespace " + inode,
                        "pause pid " + p.pid() + " first in " + kind + ":[" + inode + "]",
                        first == null ? "no process" : "pid " + first.pid() + " started first");
            }
        }
        Observed<List<RuntimeContainer>> containers = j.saw(s.containers(sandbox.value().id()));
        if (!containers.available()) {
            return j.inconclusive(containers, expected);
        }
        Map<String, RuntimeContainer> byName = new LinkedHashMap<>();
        containers.value().forEach(c -> byName.put(c.name(), c));
        List<String> joined = new ArrayList<>();
        for (String name : pod.containers()) {
            RuntimeContainer c = byName.get(name);
            if (c == null) {
                return j.fail(j.fact("container " + name + " running", containers),
                        "container " + name + " has no running process in the pod's sandbox",
                        "containers " + pod.containers(), "running: " + byName.keySet());
            }
            Observed<Proc> process = j.saw(s.proc(c.pid()));
            if (!process.available()) {
                return j.notSeen("container " + name + " process", process, "container " + name + "'s pid " + c.pid() + " in /proc", "absent");
            }
            Proc cp = process.value();
            j.excerpt(procLine(cp));
            for (String kind : List.of("net", "ipc", "uts")) {
                if (!Objects.equals(inode(cp, kind), inode(p, kind))) {
                    return j.fail(j.fact("container " + name + "'s " + kind + " namespace",
                            s.namespacesCommand()),
                            "container " + name + " (pid " + cp.pid() + ") is not in the pause process's "
                                    + kind + " namespace",
                            kind + ":[" + inode(p, kind) + "] (pause pid " + p.pid() + ")",
                            kind + ":[" + inode(cp, kind) + "] (" + name + " pid " + cp.pid() + ")");
                }
            }
            joined.add(name + " (pid " + cp.pid() + ")");
        }
        j.value("containers", joined);
        String ns = "net:[" + p.netNs() + "] ipc:[" + p.ipcNs() + "] uts:[" + p.utsNs() + "]";
        return j.pass("pause pid " + p.pid() + " (" + p.cmdline() + ") is the earliest process in " + ns
                + " and " + String.join(", ", joined) + " share all three", expected, "pause pid " + p.pid()
                + " owns " + ns + "; joined: " + joined);
    }

    /**
     * C2 (lab step 3): the pod's netns is pinned under /var/run/netns at the path the runtime recorded for the sandbox
     * (containerd's `cni-…`, CRI-O's bare UUID under its namespaces_dir: crictl inspectp's runtimeSpec network namespace
     * path decides, not a prefix), `ip netns list` shows it,
     * and the namespace pinned there is the pause process's (containerd pkg/netns creates and pins it, pause runs in it).
     */
    public static Verdict c2NetnsPinned(PodTrail t, NodeState s) {
        Judge j = new Judge(ClaimId.C2, t.pod(), s.node());
        Observed<Sandbox> sandbox = j.saw(t.sandbox());
        String expected = "the sandbox's netns path pinned under /var/run/netns, listed by ip netns, inode = pause's net namespace";
        if (!sandbox.available()) {
            return j.notSeen("sandbox", sandbox, expected, "no ready sandbox");
        }
        String path = sandbox.value().netnsPath();
        String name = sandbox.value().netnsName();
        j.value("netnsPath", path);
        if (path == null || !(path.startsWith("/var/run/netns/") || path.startsWith("/run/netns/"))) {
            return j.excerpt(sandbox.value().excerpt()).fail(j.fact("sandbox netns path", sandbox), "the runtime's"
                    + " record of the sandbox's network namespace is no path under /var/run/netns",
                    "a path under /var/run/netns", String.valueOf(path));
        }
        Observed<Map<String, NetnsEntry>> list = j.saw(s.netnsList());
        if (!list.available()) {
            return j.inconclusive(list, expected);
        }
        NetnsEntry entry = list.value().get(name);
        if (entry == null) {
            return j.excerpt(String.join("\n", list.value().values().stream().map(NetnsEntry::line).toList()))
                    .fail(j.fact("ip netns list entry", list), "`ip netns list` does not list the pod's netns " + name,
                            name + " listed",
                            "listed: " + list.value().keySet());
        }
        j.excerpt(entry.line());
        Observed<Long> pinned = j.saw(s.pinnedInode(name));
        if (!pinned.available()) {
            return j.notSeen("pinned netns inode", pinned, expected, path + " holds no network namespace");
        }
        Observed<Proc> pause = j.saw(t.pause());
        if (!pause.available()) {
            return j.notSeen("pause process", pause, expected, "pid " + sandbox.value().pid() + " absent from /proc");
        }
        Long pauseNet = pause.value().netNs();
        j.value("pinnedInode", pinned.value()).value("pauseNetInode", pauseNet).excerpt(pinned.value() + " " + path)
                .excerpt(procLine(pause.value())).value("netnsNames", s.netnsNames(pinned.value()));
        if (!Objects.equals(pinned.value(), pauseNet)) {
            return j.fail(j.fact("pinned netns inode", pinned), "the pinned netns " + name + " is not the pause"
                            + " process's net namespace",
                    "inode " + pauseNet + " (pause pid " + pause.value().pid() + ")", "inode " + pinned.value()
                            + " (" + path + ")");
        }
        return j.pass("netns " + name + " is pinned at " + path + ", listed by ip netns, and has inode " + pinned.value()
                + " = pause pid " + pause.value().pid() + "'s net namespace", expected, entry.line() + ", inode "
                + pinned.value());
    }

    /**
     * C3 (lab step 4): `ip netns exec <netns> ip link` shows exactly lo and eth0@ifX, eth0 one end of a veth, up
     * with carrier; the kernel's own fallback tunnels are tolerated, recognised by name, kind and having no peer.
     */
    public static Verdict c3OnlyLoAndEth0(PodTrail t, NodeState s) {
        Judge j = new Judge(ClaimId.C3, t.pod(), s.node());
        String expected = "lo, eth0@ifX (veth, UP)";
        Observed<NetnsView> view = j.saw(t.view());
        if (!view.available()) {
            return j.notSeen("pod netns view", view, expected, "no view of the pod netns");
        }
        List<NetLink> links = view.value().links();
        List<String> shown = links.stream().map(NetLink::displayName).toList();
        List<String> tolerated = links.stream().filter(PodWiringClaims::isKernelFallbackDevice)
                .map(NetLink::displayName).toList();
        List<String> declared = t.pod().declaredInterfaces();
        List<String> extra = links.stream().filter(l -> !l.name().equals("lo") && !l.name().equals("eth0"))
                .filter(l -> !isKernelFallbackDevice(l)).filter(l -> !declared.contains(l.name()))
                .map(l -> l.displayName() + " (" + l.kind() + ")").toList();
        links.forEach(l -> j.excerpt(l.json()));
        String netns = t.netnsNames(s);
        j.value("netns", netns).value("links", shown).value("kernelFallbackDevices", tolerated)
                .value("declaredInterfaces", declared);
        if (!extra.isEmpty()) {
            return j.fail(j.fact("pod netns links", view), "the pod netns " + netns + " holds links other than lo,"
                    + " eth0 and the kernel's fallback devices: " + extra, expected, String.join(", ", shown));
        }
        Observed<NetLink> eth0 = t.eth0();
        if (!eth0.available()) {
            return j.notSeen("eth0", eth0, expected, shown.isEmpty() ? "no link" : String.join(", ", shown));
        }
        NetLink e = eth0.value();
        j.value("eth0State", e.stateLine());
        if (!e.isVeth()) {
            return j.fail(j.fact("eth0 kind", eth0), "eth0 in the pod netns is " + e.displayName() + " of kind "
                    + e.kind() + ", not one end of a veth pair", "kind veth", "kind " + e.kind() + ", not veth");
        }
        if (e.peerIfindex() == null) {
            return j.fail(j.fact("eth0 peer", eth0), "eth0 in the pod netns is a veth without an @ifX peer in another"
                    + " netns", "eth0@ifX", e.displayName());
        }
        // admin state: a link set down is judged at its end; its carrier follows the other end (veth_open)
        if (!e.isAdminUp()) {
            return j.fail(j.fact("eth0 admin state", eth0), "eth0 in the pod netns is set down", "eth0 <…,UP,…>",
                    e.displayName() + " " + e.stateLine());
        }
        return j.pass("netns " + netns + " holds exactly lo and " + e.displayName() + " " + e.stateLine()
                + (tolerated.isEmpty() ? "" : " (plus the kernel's own fallback devices " + tolerated + ")")
                + (declared.isEmpty() ? "" : " (plus the interfaces the pod declares " + declared + ")"),
                expected, String.join(", ", shown));
    }

    /**
     * C4 (lab step 5): eth0 carries the pod IP as /32 (Calico's CNI forces the mask to 32), the pod's main table holds
     * exactly `169.254.1.1 dev eth0 scope link` and `default via 169.254.1.1 dev eth0`, unicast, proto boot
     * (calico_cni_test.go 183-201, calico_cni_k8s_test.go 341-359), the default replaced by the host-local
     * ipam.routes where the CNI config names them (k8s.go 172-184, calico_cni_k8s_test.go 847-915), and the pod does not forward: ip_forward=0
     * unless the CNI config sets container_settings.allow_ip_forwarding (calico_cni_test.go 155-160, 309-323).
     */
    public static Verdict c4Slash32AndGatewayRoutes(PodTrail t, NodeState s) {
        ExpectedPod pod = t.pod();
        Judge j = new Judge(ClaimId.C4, pod, s.node());
        String expected = pod.ip() + "/32 on eth0; exactly 169.254.1.1 dev eth0 scope link and default (or the"
                + " host-local ipam.routes) via 169.254.1.1 dev eth0, unicast, proto boot; ip_forward=0 (1 with"
                + " allow_ip_forwarding)" + DualStackDetails.podSideExpected(pod);
        Observed<NetLink> eth0 = j.saw(t.eth0());
        if (!eth0.available()) {
            return j.notSeen("eth0", eth0, expected, "no eth0 to carry " + pod.ip());
        }
        NetnsView view = t.view().value();
        j.excerpt(eth0.value().json());
        List<String> v4 = eth0.value().addresses().stream().filter(a -> a.family().equals("inet"))
                .map(NetLink.IpAddress::cidr).toList();
        j.value("eth0Addresses", v4);
        if (!v4.equals(List.of(pod.ip() + "/32"))) {
            return j.fail(j.fact("eth0 IPv4 addresses", eth0), "eth0 does not carry exactly the pod IP as /32",
                    pod.ip() + "/32", v4.isEmpty()
                    ? "no IPv4 address" : String.join(", ", v4));
        }
        // eth0's routes: another link's (its connected route) is that link's, C3's fault, not a route Calico added
        List<Route> routes4 = view.mainRoutes(Route.INET).stream().filter(r -> r.dev() == null || "eth0".equals(r.dev()))
                .toList();
        routes4.forEach(r -> j.excerpt(r.json()));
        j.value("routes", routes4.stream().map(PodWiringClaims::routeLine).toList());
        // the routes besides 169.254.1.1 scope link are the CNI config's (default, or host-local ipam.routes)
        Observed<CalicoCniSettings> cni = j.saw(s.calicoCni());
        List<String> viaGateway = cni.available() ? cni.value().podRoutesViaGateway() : null;
        if (viaGateway != null) {
            j.value("expectedRoutesViaGateway", viaGateway).value("podRoutesSource", cni.value().routesSource());
        }
        String routes = routes4.stream().map(PodWiringClaims::routeLine).collect(Collectors.joining("; "));
        String source = viaGateway == null ? "" : " (" + cni.value().routesSource() + ")";
        Judge.Fact table = j.fact("the pod's main-table routes on eth0", t.view());
        // the first of Calico's routes that is not there as Calico adds it: a route to its dst names what differs
        Optional<Route> gateway = routes4.stream().filter(r -> r.dst().equals(GATEWAY)).findFirst();
        if (gateway.isEmpty()) {
            return j.fail(j.fact("route 169.254.1.1 dev eth0 scope link", t.view()), "the pod netns has no route to "
                    + GATEWAY, "169.254.1.1 dev eth0 scope link", routes.isEmpty() ? "no route" : "no route to "
                    + GATEWAY + " (routes: " + routes + ")");
        }
        if (gateway.get().gateway() != null || !"link".equals(gateway.get().scope())) {
            return j.fail(j.fact("route 169.254.1.1 dev eth0 scope link", t.view()), "the pod's route to " + GATEWAY
                    + " is not the on-link route Calico adds", "169.254.1.1 dev eth0 scope link", routeLine(gateway.get()));
        }
        for (String dst : viaGateway == null ? List.<String>of() : viaGateway) {
            Optional<Route> to = routes4.stream().filter(r -> dst(r).equals(dst)).findFirst();
            if (to.isEmpty() || !GATEWAY.equals(to.get().gateway())) {
                return j.fail(j.fact("route " + dst + " via 169.254.1.1 dev eth0", t.view()), "the pod netns "
                                + (to.isEmpty() ? "has no route to " + dst : "routes " + dst + " elsewhere than via "
                                + GATEWAY) + source, dst + " via 169.254.1.1 dev eth0",
                        to.isEmpty() ? "no route to " + dst + " (routes: " + routes + ")" : routeLine(to.get()));
            }
        }
        List<String> extra = routes4.stream().filter(r -> !isCalicoPodRoute(r, viaGateway))
                .map(PodWiringClaims::routeLine).toList();
        if (!extra.isEmpty()) {
            return j.fail(table, "the pod's main table holds a route Calico does not add: " + extra.get(0) + source,
                    podRoutesExpected(viaGateway), extra.get(0));
        }
        if (viaGateway != null && routes4.size() != 1 + viaGateway.size()) {
            return j.fail(table, "the pod's main table holds " + routes4.size() + " routes on eth0, Calico adds "
                    + (1 + viaGateway.size()) + source, podRoutesExpected(viaGateway), routes);
        }
        Optional<Route> notBoot = routes4.stream().filter(r -> !Route.BOOT.equals(r.protocol())
                || !Route.UNICAST.equals(r.type())).findFirst();
        if (notBoot.isPresent()) {
            Route r = notBoot.get();
            return j.fail(j.fact("route " + r.dst() + " type and protocol", t.view()), "the pod's route to " + r.dst()
                    + " is not a unicast route of proto boot as Calico's CNI adds it", "unicast, proto boot",
                    r.type() + ", proto " + r.protocol());
        }
        if (cni.available()) {
            j.excerpt(cni.value().excerpt());
        } else {
            j.unobserved(cni);
        }
        Observed<Integer> forward = j.saw(view.ipForward());
        Verdict forwarding = podForwarding(j, IPV4_FORWARDING, forward, cni, t.netnsNames(s));
        if (forwarding != null) {
            return forwarding;
        }
        Verdict ipv6 = DualStackDetails.podSide(pod, eth0.value(), t.view(), s, j, t.netnsNames(s));
        if (ipv6 != null) {
            return ipv6;
        }
        return j.pass("eth0 carries " + pod.ip() + "/32, the pod routes through 169.254.1.1 on eth0 with exactly "
                + "Calico's routes" + (viaGateway == null ? "" : " (" + cni.value().routesSource() + ")")
                + (forward.available() ? ", ip_forward=" + forward.value() : "")
                + (pod.isDualStack() ? "; and " + pod.ipv6() + "/128 through " + DualStackDetails.GATEWAY6
                + " with exactly Calico's IPv6 routes" : ""), expected,
                v4 + "; " + routes + (forward.available() ? "; ip_forward=" + forward.value() : "")
                        + DualStackDetails.podSideObserved(pod, eth0.value(), view));
    }

    /** One family's forwarding switch in a pod netns (netconf's "all" entry), as C4 names it. */
    record PodForwarding(String family, String shown, String sysctl, String packets, String notOn, String valueKey) {
    }

    static final PodForwarding IPV4_FORWARDING = new PodForwarding(Route.INET, "ip_forward", "net.ipv4.ip_forward", "IP",
            "ip_forward is not 1", "podIpForward");
    static final PodForwarding IPV6_FORWARDING = new PodForwarding(Route.INET6, "ipv6 forwarding",
            "net.ipv6.conf.all.forwarding", "IPv6", "IPv6 forwarding is off", "podIpv6Forward");

    /**
     * The pod's forwarding of one family against the Calico CNI config: 0, or 1 with allow_ip_forwarding
     * (dataplane_linux.go 564-591). A value not read is an unobserved detail (an unread config is the caller's to
     * mark, once); a wrong one FAILs, returned; null otherwise.
     */
    static Verdict podForwarding(Judge j, PodForwarding f, Observed<Integer> forward, Observed<CalicoCniSettings> cni,
                                 String netns) {
        if (!forward.available()) {
            j.unobserved(forward);
            return null;
        }
        if (!cni.available()) {
            return null;
        }
        int want = cni.value().allowIpForwarding() ? 1 : 0;
        j.excerpt("ip netconf: " + f.family() + " all forwarding " + (forward.value() == 1 ? "on" : "off") + " ("
                        + f.sysctl() + "=" + forward.value() + ", netns " + netns + ")")
                .value(f.valueKey(), forward.value()).value("allowIpForwarding", cni.value().allowIpForwarding());
        if (forward.value() == want) {
            return null;
        }
        return j.fail(j.fact(f.shown(), forward), want == 0 ? "the pod forwards " + f.packets() + " packets (" + f.sysctl() + "=1 in its netns) and"
                        + " the Calico CNI config does not allow IP forwarding"
                        : "the pod's " + f.notOn() + " although the Calico CNI config sets allow_ip_forwarding",
                f.shown() + "=" + want, f.shown() + "=" + forward.value());
    }

    /**
     * A route Calico's CNI adds in the pod: 169.254.1.1 scope link, or one via 169.254.1.1 to a destination the CNI
     * config names (any destination when the config could not be read: that detail is then unobserved).
     */
    private static boolean isCalicoPodRoute(Route r, List<String> viaGateway) {
        return "eth0".equals(r.dev()) && (r.dst().equals(GATEWAY) && r.gateway() == null && "link".equals(r.scope())
                || GATEWAY.equals(r.gateway()) && (viaGateway == null || viaGateway.contains(dst(r))));
    }

    /** A route's dst in the one spelling `ip -j route` gives its network, as the CNI config's dsts are normalised. */
    static String dst(Route r) {
        return Cidr.ofRouteDst(r.dst(), r.family()).map(Cidr::ipJson).orElse(r.dst());
    }

    /** The pod routes expected, for a violation's expected value. */
    private static String podRoutesExpected(List<String> viaGateway) {
        if (viaGateway != null && viaGateway.isEmpty()) {
            return "exactly 169.254.1.1 dev eth0 scope link";  // ipam.routes of the other family only
        }
        return "exactly 169.254.1.1 dev eth0 scope link and " + (viaGateway == null ? "the CNI config's routes"
                : String.join(", ", viaGateway)) + " via 169.254.1.1 dev eth0";
    }

    /**
     * C5 (lab step 6): the node end of the pod's veth, the node link whose peer is (the pod's netns, eth0's ifindex),
     * is `caliXXXX@ifY`, a veth, up with carrier, and it is node link X of the pod's `eth0@ifX`; it has Calico's MAC
     * ee:ee:ee:ee:ee:ee (dataplane_linux.go 43, 166-193), and both ends have the MTU Calico configures: the netconf
     * mtu, else /var/lib/calico/mtu, else 1500 (calico_cni_k8s_test.go 550-659, plugin.go 198-206).
     */
    public static Verdict c5HostEndIsCaliVethIntoPodNetns(PodTrail t, NodeState s) {
        Judge j = new Judge(ClaimId.C5, t.pod(), s.node());
        Observed<NetLink> eth0 = j.saw(t.eth0());
        String expected = "node link X = <Felix's interface prefix>…@if<eth0 ifindex>, veth, UP, peer in the"
                + " pod's netns, MAC "
                + HOST_MAC + ", both ends at Calico's MTU"
                + (t.pod().isDualStack() ? ", IPv6 link-local " + DualStackDetails.GATEWAY6 + "/64" : "");
        if (!eth0.available()) {
            return j.notSeen("eth0", eth0, expected, "no eth0 in the pod netns");
        }
        String netns = t.netnsNames(s);
        NetLink e = eth0.value();
        j.excerpt(e.json()).value("podEth0", e.displayName()).value("podNetns", netns)
                .value("podNetnsInode", t.netns().value());
        Observed<NetLink> host = j.saw(t.nodeEnd());
        if (!host.available()) {
            return j.notSeen("node end", host, expected, whereNodeLinkLeads(e.peerIfindex(), s, j));
        }
        NetLink h = host.value();
        Observed<String> text = j.saw(s.linkText(h.ifindex()));
        String block = text.available() ? text.value() : "";
        j.excerpt(block.isEmpty() ? h.json() : block).value("hostLink", h.ifindex() + ": " + h.displayName())
                .value("linkNetnsId", h.linkNetnsId()).value("hostState", h.stateLine());
        String observed = h.ifindex() + ": " + h.displayName() + " kind " + h.kind() + ", " + netnsRef(h, block)
                + " (= " + netns + "), " + h.stateLine();
        // Felix treats a link as a workload's when its name starts with any of its prefixes (endpoint_mgr.go 312)
        Observed<FelixSettings> felix = j.saw(s.felix());
        if (felix.available()) {
            j.value("interfacePrefixes", felix.value().interfacePrefixes()).value("prefixSource", felix.value().prefixSource());
        } else {
            j.unobserved(felix);
        }
        if (!h.isVeth()) {
            return j.fail(j.fact("node end kind", host), "the node end of the pod's veth, node link " + h.ifindex()
                    + " " + h.name() + ", is of kind " + h.kind() + ", not a veth", "kind veth", "kind " + h.kind()
                    + ", not veth");
        }
        if (felix.available() && !felix.value().isWorkloadInterface(h.name())) {
            return j.fail(j.fact("node end name prefix", host), "the node end of the pod's veth, node link "
                    + h.ifindex() + ", is not named with Felix's interface prefix " + felix.value().interfacePrefixes()
                    + " (" + felix.value().prefixSource() + ")", "a name starting with one of "
                    + felix.value().interfacePrefixes(), h.name());
        }
        if (!Objects.equals(e.peerIfindex(), h.ifindex())) {
            return j.fail(j.fact("eth0 peer ifindex", eth0), "the pod's eth0 points at node link @if"
                    + e.peerIfindex() + ", not at its node end " + h.ifindex(), "eth0@if" + h.ifindex(), e.displayName());
        }
        // admin state: a link set down is judged at its end; its carrier follows the other end (veth_open)
        if (!h.isAdminUp()) {
            return j.fail(j.fact("node end admin state", host), "the node end " + h.name() + " is set down",
                    h.name() + " <…,UP,…>", h.name() + " " + h.stateLine());
        }
        j.value("hostMac", h.mac()).value("hostMtu", h.mtu()).value("podMtu", e.mtu());
        if (!HOST_MAC.equalsIgnoreCase(String.valueOf(h.mac()))) {
            return j.fail(j.fact("node end MAC", host), "the node end " + h.name() + " does not have Calico's MAC",
                    HOST_MAC, String.valueOf(h.mac()));
        }
        if (h.mtu() != e.mtu()) {
            return j.fail(j.fact("node end MTU = eth0 MTU", host), "the two ends of the pod's veth have different MTUs",
                    h.name() + " mtu " + e.mtu() + " (eth0's)", h.name() + " mtu " + h.mtu() + ", eth0 mtu " + e.mtu());
        }
        Observed<CalicoCniSettings> cni = j.saw(s.calicoCni());
        if (!cni.available()) {
            j.unobserved(cni);
        } else {
            CalicoCniSettings c = cni.value();
            j.excerpt(c.excerpt()).value("mtuSource", c.mtuSource());
            Observed<Integer> mtu = j.saw(c.mtu());
            if (!mtu.available()) {
                j.unobserved(mtu);
            } else {
                j.value("expectedMtu", mtu.value());
                if (h.mtu() != mtu.value()) {
                    return j.fail(j.fact("veth MTU", host), "the pod's veth does not have the MTU Calico configures ("
                                    + c.mtuSource() + ")",
                            "mtu " + mtu.value(), h.name() + " and eth0 mtu " + h.mtu());
                }
            }
        }
        Verdict ipv6 = DualStackDetails.hostEnd(t.pod(), h, s, j);
        if (ipv6 != null) {
            return ipv6;
        }
        return j.pass("node link " + h.ifindex() + " is " + h.displayName() + ", a veth " + h.stateLine()
                + " with MAC " + h.mac() + " and mtu " + h.mtu() + " on both ends, whose peer is eth0 (ifindex "
                + e.ifindex() + ") in " + netns, expected, observed + ", mac " + h.mac() + ", mtu " + h.mtu()
                + DualStackDetails.hostEndObserved(t.pod(), h, s));
    }

    /**
     * C6 (lab steps 6, 7): the host veth is named Felix's first interface prefix ("cali" unless FELIX_INTERFACEPREFIX
     * is set) + sha1("namespace.pod")[:11] (Calico VethNameForWorkload, workload_endpoint_default.go 77-93).
     */
    public static Verdict c6HostVethNameFromWorkload(PodTrail t, NodeState s) {
        ExpectedPod pod = t.pod();
        Judge j = new Judge(ClaimId.C6, pod, s.node());
        j.value("sha1Input", pod.namespace() + "." + pod.name());
        Observed<NetLink> host = j.saw(t.nodeEnd());
        if (!host.available()) {
            return j.notSeen("node end", host, "<prefix> + sha1(\"" + pod.namespace() + "." + pod.name() + "\")[:11]",
                    "no node end of the pod's veth");
        }
        Observed<FelixSettings> felix = j.saw(s.felix());
        if (!felix.available()) {
            return j.inconclusive(felix, "<FELIX_INTERFACEPREFIX's first entry> + sha1(\"" + pod.namespace() + "."
                    + pod.name() + "\")[:11]");
        }
        String prefix = felix.value().namingPrefix();
        String name = CalicoNaming.hostVethName(prefix, pod.namespace(), pod.name());
        j.value("expectedName", name).value("prefixSource", felix.value().prefixSource()).excerpt(felix.value().excerpt());
        j.excerpt(host.value().json());
        if (!host.value().name().equals(name)) {
            return j.fail(j.fact("node end name", host), "the pod's host veth is not named " + prefix + " + sha1(\"" + pod.namespace() + "." + pod.name()
                    + "\") (prefix: " + felix.value().prefixSource() + ")", name, host.value().name());
        }
        return j.pass("the pod's host veth (ifindex " + host.value().ifindex() + ") is " + name + " = " + prefix
                + " + sha1(\"" + pod.namespace() + "." + pod.name() + "\")[:11] (prefix: " + felix.value().prefixSource()
                + ")", name, host.value().name());
    }

    /**
     * C7 (lab step 7), per pod: exactly one node link has its peer in the pod's netns, whatever its name or its
     * peer's name: the node end of the pod's eth0.
     */
    public static Verdict c7PodHasOneCaliLink(PodTrail t, NodeState s) {
        Judge j = new Judge(ClaimId.C7, t.pod(), s.node());
        String expected = "exactly one node link with its peer in the pod's netns, the node end of eth0";
        Observed<List<NetLink>> into = j.saw(t.nodeLinksIntoNetns());
        if (!into.available()) {
            return j.notSeen("node links into the pod's netns", into, expected, "the pod's netns is unknown");
        }
        into.value().forEach(l -> j.excerpt(l.json()));
        List<String> names = into.value().stream().map(l -> l.name() + "@if" + l.peerIfindex()).toList();
        j.value("nodeLinksIntoPodNetns", names).value("podNetns", t.netnsNames(s));
        if (names.size() != 1) {
            return j.fail(j.fact("node links into the pod's netns", into), "the pod's netns is the peer of "
                            + names.size() + " node links", "1 node link",
                    names.isEmpty() ? "none" : String.join(", ", names));
        }
        Observed<NetLink> end = t.nodeEnd();
        if (!end.available()) {
            return j.notSeen("node end", end, expected, names.get(0) + ", not paired with eth0");
        }
        return j.pass("one node link has its peer in the pod's netns: " + names.get(0) + ", the node end of eth0",
                "1 node link", names.get(0));
    }

    /** C7 (lab step 7), node-wide: every cali link on the node is the host end of a ready pod sandbox: no orphans. */
    public static Verdict c7NoOrphanCaliLinks(NodeState s) {
        Judge j = new Judge(ClaimId.C7, "", Verdict.NODE_SCOPE, s.node());
        String expected = "every cali link's peer netns belongs to a ready pod sandbox";
        // a cali link is any whose name starts with one of Felix's interface prefixes (endpoint_mgr.go 312)
        Observed<FelixSettings> felix = j.saw(s.felix());
        if (!felix.available()) {
            return j.inconclusive(felix, expected);
        }
        j.value("interfacePrefixes", felix.value().interfacePrefixes()).value("prefixSource", felix.value().prefixSource());
        Observed<Map<String, NetLink>> links = j.saw(s.linksByName());
        Observed<Map<String, Sandbox>> sandboxes = j.saw(s.sandboxesByPod());
        j.saw(s.netnsList());
        for (Observed<?> o : List.of(links, sandboxes, s.netnsFiles())) {
            if (!o.available()) {
                return j.inconclusive(o, expected);
            }
        }
        Observed<Set<Long>> podNetns = j.saw(s.sandboxNetns());
        if (!podNetns.available()) {
            return j.inconclusive(podNetns, expected);
        }
        List<NetLink> cali = links.value().values().stream().filter(l -> felix.value().isWorkloadInterface(l.name()))
                .sorted((a, b) -> Integer.compare(a.ifindex(), b.ifindex())).toList();
        List<String> orphans = new ArrayList<>();
        for (NetLink l : cali) {
            Observed<Long> peer = s.peerNetnsOf(l);
            if (!peer.available() && !peer.absent()) {
                return j.inconclusive(peer, expected);
            }
            if (!peer.available() || !podNetns.value().contains(peer.value())) {
                orphans.add(l.displayName() + " (" + (peer.available() ? "peer in " + names(s, peer.value())
                        + ", no ready sandbox's netns" : peer.problem()) + ")");
                j.excerpt(l.json());
            }
        }
        j.value("caliLinks", cali.size()).value("readySandboxes", sandboxes.value().size()).value("orphans", orphans);
        if (!orphans.isEmpty()) {
            return j.fail(j.fact("cali links without a pod", links), orphans.size() + " cali link(s) on the node"
                            + " belong to no pod: the first is " + orphans.get(0), "no orphan cali link",
                    String.join(", ", orphans));
        }
        cali.forEach(l -> j.excerpt(l.json())); // a pass is decided by every cali link's link_netnsid
        return j.pass("all " + cali.size() + " cali links on the node lead into the netns of a ready pod sandbox",
                "no orphan cali link", cali.size() + " cali links, 0 orphans");
    }

    /**
     * C8 (lab step 8), pairing identity: the pod's node end, found by identity (the node link whose peer is the pod's
     * eth0 in the pod's netns: IFLA_LINK and its link-netnsid), is what `ethtool -S` shows paired with eth0: its
     * peer_ifindex (drivers/net/veth.c veth_get_ethtool_stats) is eth0's ifindex. The seed finds that link by eth0's
     * @ifX in the node's netns (step 6) and runs ethtool on it (step 8). Its name is C6's fact, a stale cali link
     * paired elsewhere C7's (orphan): neither is looked up here.
     */
    public static Verdict c8EthtoolPeerIsPodEth0(PodTrail t, NodeState s) {
        ExpectedPod pod = t.pod();
        Judge j = new Judge(ClaimId.C8, pod, s.node());
        String expected = "ethtool -S <the pod's node end>: peer_ifindex = the pod's eth0 ifindex";
        Observed<NetLink> eth0 = j.saw(t.eth0());
        if (!eth0.available()) {
            return j.notSeen("eth0", eth0, expected, "no eth0 in the pod netns");
        }
        j.excerpt(eth0.value().json()).value("podEth0Ifindex", eth0.value().ifindex()).value("podNetns", t.netnsNames(s));
        Observed<NetLink> end = j.saw(t.nodeEnd());
        if (!end.available()) {
            return j.notSeen("node end", end, "a node link whose peer is the pod's eth0 (ifindex " + eth0.value().ifindex()
                    + " in " + t.netnsNames(s) + ")", whereNodeLinkLeads(eth0.value().peerIfindex(), s, j));
        }
        String name = end.value().name();
        expected = "ethtool -S " + name + ": peer_ifindex = " + eth0.value().ifindex() + " (the pod's eth0)";
        j.excerpt(end.value().json()).value("nodeEnd", end.value().ifindex() + ": " + end.value().displayName())
                .value("linkNetnsId", end.value().linkNetnsId());
        Observed<EthtoolStats> stats = j.saw(s.ethtool(name));
        if (!stats.available()) {
            return j.inconclusive(stats, expected);
        }
        Long peer = stats.value().peerIfindex();
        j.excerpt(stats.value().line("peer_ifindex")).value("peer_ifindex", peer);
        if (peer == null) {
            return j.fail(j.fact("peer_ifindex", stats), "ethtool -S " + name + " reports no peer_ifindex: its driver"
                    + " is no veth's", "peer_ifindex: " + eth0.value().ifindex(), "no peer_ifindex");
        }
        if (peer != eth0.value().ifindex()) {
            return j.fail(j.fact("peer_ifindex", stats), "ethtool -S " + name + " pairs it with ifindex " + peer
                    + ", not the pod's eth0", "peer_ifindex: " + eth0.value().ifindex(), "peer_ifindex: " + peer);
        }
        return j.pass("the pod's node end " + end.value().displayName() + " (found by identity, link-netnsid "
                + end.value().linkNetnsId() + " = " + t.netnsNames(s) + "): ethtool -S reports peer_ifindex " + peer
                + " = the pod's eth0 ifindex", expected, "peer_ifindex: " + peer);
    }

    /**
     * C9 (mental model): the node routes the pod IP to its host veth (`IP dev caliX scope link`, unicast,
     * calico_cni_test.go 162-176; of Felix's DeviceRouteProtocol, boot by default: c9RouteProtocol) and caliX has
     * the sysctls Calico's CNI writes (configureSysctls; HOST_SYSCTLS): proxy_arp=1 so the pod's ARP for 169.254.1.1 is answered, proxy_delay=0, forwarding=1, route_localnet=1,
     * IPv6 accept_ra=0.
     */
    public static Verdict c9NodeRoutesPodThroughCali(PodTrail t, NodeState s) {
        ExpectedPod pod = t.pod();
        Judge j = new Judge(ClaimId.C9, pod, s.node());
        Observed<NetLink> host = j.saw(t.nodeEnd());
        String expected = pod.ip() + " dev caliX scope link, unicast, proto <Felix's DeviceRouteProtocol, boot by"
                + " default>; on caliX " + sysctlLine(null);
        if (!host.available()) {
            return j.notSeen("node end", host, expected, "no node end of the pod's veth to route to");
        }
        String dev = host.value().name();
        expected = pod.ip() + " dev " + dev + " scope link, unicast, proto <Felix's DeviceRouteProtocol, boot by"
                + " default>; on " + dev + " " + sysctlLine(null);
        Observed<Route> route = j.saw(s.routeTo(pod.ip()));
        if (!route.available()) {
            return route.absent() ? noNodeRoute(j, s, route, pod.ip(), pod.ip() + " dev " + dev + " scope link")
                    : j.inconclusive(route, expected);
        }
        Route r = route.value();
        j.excerpt(r.json()).value("hostRoute", routeLine(r));
        Verdict wrongRoute = nodeRoute(j, s, route, pod.ip(), dev, true);
        if (wrongRoute != null) {
            return wrongRoute;
        }
        Map<String, Integer> seen = new LinkedHashMap<>();
        Verdict wrong = hostSysctls(j, s, dev, HOST_SYSCTLS, "", seen);
        if (wrong != null) {
            return wrong;
        }
        Verdict ipv6 = DualStackDetails.nodeSide(pod, dev, s, j);
        if (ipv6 != null) {
            return ipv6;
        }
        expected += DualStackDetails.nodeSideExpected(pod, dev);
        return j.pass("the node routes " + pod.ip() + (pod.isDualStack() ? " and " + pod.ipv6() : "") + " via " + dev
                + " (unicast, proto " + r.protocol() + ") and " + dev + " has "
                + sysctlLine(seen), expected, routeLine(r) + (Route.BOOT.equals(r.protocol()) ? " proto boot" : "") + "; "
                + sysctlLine(seen) + DualStackDetails.nodeSideObserved(pod, s));
    }

    /** C9 without the pod's host route: a subnet route that holds the pod IP is named, it is not "no route". */
    static Verdict noNodeRoute(Judge j, NodeState s, Observed<Route> route, String ip, String want) {
        Optional<Route> via = s.coveringRoute(ip);
        via.ifPresent(r -> j.excerpt(r.json()));
        String host = ip + (ip.contains(":") ? "/128" : "/32");
        return j.fail(j.fact("node route " + host, route), via.map(r -> "the node has no " + host + " route to the pod:"
                        + " it reaches " + ip + " through " + routeLine(r)).orElse("the node has no route to " + ip), want,
                via.map(r -> "no " + host + " route; " + routeLine(r)).orElse("no route to " + ip));
    }

    /**
     * The pod's host route on the node, each fact in turn, the first false one FAILs (returned; null when all hold):
     * its device is the pod's node end, on-link (no gateway; IPv4: scope link), unicast, not dead nor linkdown (a
     * route of a device without carrier carries nothing: fib_sync_down_dev), of the protocol Felix programs.
     */
    static Verdict nodeRoute(Judge j, NodeState s, Observed<Route> route, String ip, String dev, boolean ipv4) {
        Route r = route.value();
        if (!dev.equals(r.dev())) {
            return j.fail(j.fact("node route " + ip + " device", route), "the node routes " + ip + " to "
                    + (r.dev() == null ? "no device" : r.dev()) + ", not to the pod's node end " + dev, "dev " + dev,
                    r.dev() == null ? routeLine(r) : "dev " + r.dev());
        }
        if (r.gateway() != null) {
            return j.fail(j.fact("node route " + ip + " gateway", route), "the node routes " + ip + " via a gateway,"
                    + " not on-link to " + dev, "no gateway", "via " + r.gateway());
        }
        if (ipv4 && !"link".equals(r.scope())) {
            return j.fail(j.fact("node route " + ip + " scope", route), "the node's route to " + ip + " on " + dev
                    + " has scope " + r.scopeOrGlobal() + ", not link", "scope link", "scope " + r.scopeOrGlobal());
        }
        if (!Route.UNICAST.equals(r.type())) {
            return j.fail(j.fact("node route " + ip + " type", route), "the node's route to " + ip + " is "
                    + r.type() + ", not the unicast route Calico adds", "unicast", r.type());
        }
        if (!r.deadFlags().isEmpty()) {
            return j.fail(j.fact("node route " + ip + " flags", route), "the node's route to " + ip + " on " + dev
                    + " is marked " + String.join(" ", r.deadFlags()) + ": it carries nothing", "no dead or linkdown"
                    + " flag", String.join(" ", r.deadFlags()));
        }
        return c9RouteProtocol(j, ip, r, route, s.felix()).orElse(null);
    }

    /**
     * The C9 route's protocol: Felix (re)programs workload routes with its DeviceRouteProtocol, default 3 = boot
     * (felix/config/config_params.go 316; routetable/route_table.go 769-771, 1849), the CNI plugin adds them boot
     * (netlink's default; dataplane_linux.go 425-433). Set in Felix's environment: the route must carry it. Not set
     * there: boot holds as Felix's default, another protocol may be a FelixConfiguration's, which is not on the node
     * (unobserved). Felix's environment unreadable: unobserved. A FAIL, or empty to go on.
     */
    static Optional<Verdict> c9RouteProtocol(Judge j, String dst, Route r, Observed<Route> route,
                                             Observed<FelixSettings> felix) {
        j.saw(felix);
        OptionalInt seen = RouteProtocols.number(r);
        if (!felix.available()) {
            j.unobserved(felix);
            return Optional.empty();
        }
        FelixSettings f = felix.value();
        j.value("protocolSource", f.protocolSource()).excerpt(f.excerpt());
        int want = f.deviceRouteProtocol() == null ? FelixSettings.BOOT : f.deviceRouteProtocol();
        j.value("expectedProtocol", want);
        if (seen.isPresent() && seen.getAsInt() == want) {
            return Optional.empty();
        }
        if (f.deviceRouteProtocol() == null) {
            j.unobserved(Observed.unavailable(felix.command(), "the route to " + dst + " is proto " + r.protocol()
                    + ", not boot, and " + f.protocolSource()));
            return Optional.empty();
        }
        return Optional.of(j.fail(j.fact("node route " + dst + " protocol", route), "the node's route to " + dst
                        + " (" + routeLine(r) + ") is not of the protocol Felix programs (" + f.protocolSource() + ")",
                "proto " + want, "proto " + r.protocol() + (seen.isPresent() ? " = " + seen.getAsInt() : "")));
    }

    /**
     * Each host-end sysctl against the value Calico's CNI writes: a value read is evidence (and put in {@code seen}),
     * one not read is an unobserved detail, the first wrong one FAILs (returned; null when none is). {@code family}
     * is "" or "ipv6 ", how the verdict names the value.
     */
    static Verdict hostSysctls(Judge j, NodeState s, String dev, Map<String, Integer> expected, String family,
                               Map<String, Integer> seen) {
        for (Map.Entry<String, Integer> want : expected.entrySet()) {
            Observed<Integer> v = j.saw(s.sysctl(want.getKey(), dev));
            if (!v.available()) {
                j.unobserved(v);
                continue;
            }
            String path = InterfaceSysctls.path(want.getKey(), dev);
            String shown = family + name(want.getKey());
            j.excerpt(path + ":" + v.value()).value(shown.replace(' ', '_'), v.value());
            seen.put(want.getKey(), v.value());
            if (want.getKey().equals(InterfaceSysctls.PROXY_ARP) && v.value() != 1) {
                return j.fail(j.fact(shown, v), "proxy_arp is off on " + dev + ": the pod's ARP for 169.254.1.1 goes"
                        + " unanswered", "proxy_arp=1", "proxy_arp=" + v.value());
            }
            if (!want.getValue().equals(v.value())) {
                return j.fail(j.fact(shown, v), path + " is " + v.value() + ", Calico's CNI sets " + want.getValue(),
                        shown + "=" + want.getValue(), shown + "=" + v.value());
            }
        }
        return null;
    }

    /** The sysctl's name as `sysctl` shows its last part: proxy_delay, accept_ra. */
    private static String name(String key) {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    /** `proxy_arp=1 proxy_delay=0 …` of the given values, or of the expected ones when null. */
    private static String sysctlLine(Map<String, Integer> values) {
        return (values == null ? HOST_SYSCTLS : values).entrySet().stream()
                .map(e -> name(e.getKey()) + "=" + e.getValue()).collect(Collectors.joining(" "));
    }

    /** C10 (lab step 1): every container of the pod sees the same IP and the same interfaces (one shared netns). */
    public static Verdict c10ContainersShareOneView(PodTrail t, NodeState s, PodSideViews views) {
        ExpectedPod pod = t.pod();
        Judge j = new Judge(ClaimId.C10, pod, s.node());
        String expected = "every container sees " + pod.ip() + " and the same interfaces";
        Map<String, PodSideView> seen = new LinkedHashMap<>();
        for (String container : pod.containers()) {
            Observed<PodSideView> v = j.saw(views.view(pod, container));
            if (!v.available()) {
                return j.inconclusive(v, expected);
            }
            seen.put(container, v.value());
        }
        Map<String, String> summary = new LinkedHashMap<>();
        seen.forEach((c, v) -> summary.put(c, v.sortedInterfaces() + " " + new TreeSet<>(v.localAddresses())));
        j.value("views", summary);
        summary.forEach((c, line) -> j.excerpt(c + ": " + line));
        Set<String> distinct = new HashSet<>(summary.values());
        if (distinct.size() > 1) {
            return j.fail(j.fact("containers' views", views.view(pod, pod.containers().get(0))), "the containers of"
                    + " the pod see different networks", expected, summary.toString());
        }
        for (Map.Entry<String, PodSideView> e : seen.entrySet()) {
            if (!e.getValue().localAddresses().contains(pod.ip())) {
                return j.fail(j.fact("container " + e.getKey() + "'s addresses", views.view(pod, e.getKey())),
                        "container " + e.getKey() + " does not see the pod IP", pod.ip(), summary.get(e.getKey()));
            }
        }
        return j.pass("all " + seen.size() + " container(s) " + seen.keySet() + " see " + summary.values().iterator().next(),
                expected, summary.toString());
    }

    /**
     * C11 (mental model): the pinger reaches the pod over the path C4, C5 and C9 describe. Judged only for a pod
     * the pinger was to probe; a probe that did not run is INCONCLUSIVE, never a pass.
     */
    /** Said wherever a probe is lost: the wiring may be right and a policy outside the run's namespace drop it. */
    public static final String POLICY_MAY_DROP = "a network policy may drop the probe: podwire allows its own probe"
            + " traffic in its namespace (NetworkPolicy podwire-allow-probe), a cluster-wide deny evaluated before it"
            + " (a Calico GlobalNetworkPolicy of lower order, an admin network policy) can still drop it";

    /** C11's evidence values naming the probe's source pod, its node, and the path (same node or cross-node). */
    public static final String PROBE_FROM = "probeFrom";
    public static final String PROBE_FROM_NODE = "probeFromNode";
    public static final String PROBE_PATH = "probePath";

    public static Verdict c11PingerReachesPod(PodTrail t, NodeState s, PodSideViews views) {
        ExpectedPod pod = t.pod();
        Judge j = new Judge(ClaimId.C11, pod, s.node());
        String expected = "pinger reaches " + pod.ip();
        Observed<Reachability> ping = j.saw(views.reachabilityOf(pod).orElseGet(() -> Observed.unavailable(
                String.join(" ", Reachability.command(pod.ip())), "the pinger did not probe " + pod.key())));
        if (!ping.available()) {
            return j.inconclusive(ping, expected);
        }
        // which node each side is on: a cross-node probe crosses the node-to-node routes too, a same-node one does not
        j.excerpt(ping.value().summaryLine()).value("ping", ping.value().received() + "/" + ping.value().sent())
                .value(PROBE_FROM, ping.value().from()).value(PROBE_FROM_NODE, ping.value().fromNode())
                .value(PROBE_PATH, ping.value().path(pod.node()));
        if (!ping.value().reached()) {
            return j.fail(j.fact("ping", ping), "pinger does not reach " + pod.ip() + " (" + POLICY_MAY_DROP + ")",
                    expected, ping.value().summaryLine());
        }
        return j.pass("pinger reached " + pod.ip() + " (" + ping.value().summaryLine().strip() + ")", expected,
                ping.value().summaryLine().strip());
    }

    /** A device the kernel itself creates in every netns: its fallback name, that name's kind, and no peer. */
    static boolean isKernelFallbackDevice(NetLink l) {
        // a device without linkinfo (lo, a physical NIC or VF moved into the pod) has kind null: never a fallback tunnel
        String kind = KERNEL_FALLBACK_DEVICES.get(l.name());
        return kind != null && kind.equals(l.kind()) && l.hasNoPeer();
    }

    /** What node link X of the pod's eth0@ifX is, for a violation's observed value. */
    private static String whereNodeLinkLeads(Integer x, NodeState s, Judge j) {
        if (x == null) {
            return "eth0 has no @ifX peer";
        }
        Observed<Map<Integer, NetLink>> links = s.linksByIndex();
        NetLink l = links.available() ? links.value().get(x) : null;
        if (l == null) {
            return "no node link " + x + " (eth0@if" + x + ")";
        }
        j.excerpt(l.json());
        Observed<Long> peer = s.peerNetnsOf(l);
        return "node link " + x + " is " + l.displayName() + " with its peer ifindex " + l.peerIfindex() + " in "
                + (peer.available() ? names(s, peer.value()) : peer.problem());
    }

    private static String names(NodeState s, long inode) {
        List<String> names = s.netnsNames(inode);
        return names.isEmpty() ? "netns inode " + inode : String.join(" = ", names) + " (inode " + inode + ")";
    }

    private static Long inode(Proc p, String kind) {
        return switch (kind) {
            case "net" -> p.netNs();
            case "ipc" -> p.ipcNs();
            default -> p.utsNs();
        };
    }

    private static String procLine(Proc p) {
        return "pid " + p.pid() + " start " + p.startTime() + " net:[" + p.netNs() + "] ipc:[" + p.ipcNs() + "] uts:["
                + p.utsNs() + "] " + p.cmdline();
    }

    static String routeLine(Route r) {
        return (Route.UNICAST.equals(r.type()) ? "" : r.type() + " ") + r.dst()
                + (r.gateway() == null ? "" : " via " + r.gateway()) + (r.dev() == null ? "" : " dev " + r.dev())
                + (r.scope() == null ? "" : " scope " + r.scope())
                + (Route.BOOT.equals(r.protocol()) ? "" : " proto " + r.protocol());
    }

    private static String netnsRef(NetLink h, String block) {
        return IpLinkTextParser.netnsRef(block)
                .map(ref -> ref.name() != null ? "link-netns " + ref.name() : "link-netnsid " + ref.nsid())
                .orElse(h.linkNetnsId() == null ? "no link-netns" : "link-netnsid " + h.linkNetnsId());
    }
}
