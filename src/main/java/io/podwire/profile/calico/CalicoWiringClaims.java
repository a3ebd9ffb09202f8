package io.podwire.profile.calico;

import io.podwire.verdict.Judge;
import io.podwire.verdict.Verdict;
import io.podwire.verdict.PodTrail;
import io.podwire.verdict.ClaimId;
import io.podwire.verdict.KernelText;
import io.podwire.node.ExpectedPod;
import io.podwire.node.Cidr;
import io.podwire.node.EthtoolStats;
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
 * Calico's wiring of a pod, as its CNI plugin and Felix make it (projectcalico/calico cni-plugin
 * pkg/dataplane/linux/dataplane_linux.go, felix; its tests calico_cni_test.go, calico_cni_k8s_test.go): C4 inside the
 * pod, C5 the host end, C6 its name, C9 the node's route and the host end's sysctls. Pure functions of the pod's
 * trail and the node's state; the IPv6 half of a dual-stack pod is {@link DualStackDetails}.
 */
final class CalicoWiringClaims {
    static final String GATEWAY = "169.254.1.1";
    /** The MAC Calico's CNI gives every host end (dataplane_linux.go 43, 166-193). */
    static final String HOST_MAC = "ee:ee:ee:ee:ee:ee";
    /**
     * The host-end sysctls Calico's CNI plugin writes and its tests assert (calico_cni_test.go 148-152,
     * calico_cni_k8s_test.go 309-313 and checkInterfaceConfig 3636-3661), with the value each must hold.
     */
    static final Map<String, Integer> HOST_SYSCTLS = sysctls();

    private CalicoWiringClaims() {
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
        j.value("routes", routes4.stream().map(Route::line).toList());
        // the routes besides 169.254.1.1 scope link are the CNI config's (default, or host-local ipam.routes)
        Observed<CalicoCniSettings> cni = j.saw(CalicoNodeState.of(s).cni());
        List<String> viaGateway = cni.available() ? cni.value().podRoutesViaGateway() : null;
        if (viaGateway != null) {
            j.value("expectedRoutesViaGateway", viaGateway).value("podRoutesSource", cni.value().routesSource());
        }
        String routes = routes4.stream().map(Route::line).collect(Collectors.joining("; "));
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
                    + " is not the on-link route Calico adds", "169.254.1.1 dev eth0 scope link", gateway.get().line());
        }
        for (String dst : viaGateway == null ? List.<String>of() : viaGateway) {
            Optional<Route> to = routes4.stream().filter(r -> dst(r).equals(dst)).findFirst();
            if (to.isEmpty() || !GATEWAY.equals(to.get().gateway())) {
                return j.fail(j.fact("route " + dst + " via 169.254.1.1 dev eth0", t.view()), "the pod netns "
                                + (to.isEmpty() ? "has no route to " + dst : "routes " + dst + " elsewhere than via "
                                + GATEWAY) + source, dst + " via 169.254.1.1 dev eth0",
                        to.isEmpty() ? "no route to " + dst + " (routes: " + routes + ")" : to.get().line());
            }
        }
        List<String> extra = routes4.stream().filter(r -> !isCalicoPodRoute(r, viaGateway))
                .map(Route::line).toList();
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
            return j.notSeen("node end", host, expected, KernelText.whereNodeLinkLeads(e.peerIfindex(), s, j));
        }
        NetLink h = host.value();
        Observed<String> text = j.saw(s.linkText(h.ifindex()));
        String block = text.available() ? text.value() : "";
        j.excerpt(block.isEmpty() ? h.json() : block).value("hostLink", h.ifindex() + ": " + h.displayName())
                .value("linkNetnsId", h.linkNetnsId()).value("hostState", h.stateLine());
        String observed = h.ifindex() + ": " + h.displayName() + " kind " + h.kind() + ", " + KernelText.netnsRef(h, block)
                + " (= " + netns + "), " + h.stateLine();
        // Felix treats a link as a workload's when its name starts with any of its prefixes (endpoint_mgr.go 312)
        Observed<FelixSettings> felix = j.saw(CalicoNodeState.of(s).felix());
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
        Observed<CalicoCniSettings> cni = j.saw(CalicoNodeState.of(s).cni());
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
        Observed<FelixSettings> felix = j.saw(CalicoNodeState.of(s).felix());
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
        j.excerpt(r.json()).value("hostRoute", r.line());
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
                + sysctlLine(seen), expected, r.line() + (Route.BOOT.equals(r.protocol()) ? " proto boot" : "") + "; "
                + sysctlLine(seen) + DualStackDetails.nodeSideObserved(pod, s));
    }

    /** C9 without the pod's host route: a subnet route that holds the pod IP is named, it is not "no route". */
    static Verdict noNodeRoute(Judge j, NodeState s, Observed<Route> route, String ip, String want) {
        Optional<Route> via = s.coveringRoute(ip);
        via.ifPresent(r -> j.excerpt(r.json()));
        String host = ip + (ip.contains(":") ? "/128" : "/32");
        return j.fail(j.fact("node route " + host, route), via.map(r -> "the node has no " + host + " route to the pod:"
                        + " it reaches " + ip + " through " + r.line()).orElse("the node has no route to " + ip), want,
                via.map(r -> "no " + host + " route; " + r.line()).orElse("no route to " + ip));
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
                    r.dev() == null ? r.line() : "dev " + r.dev());
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
        return c9RouteProtocol(j, ip, r, route, CalicoNodeState.of(s).felix()).orElse(null);
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
                        + " (" + r.line() + ") is not of the protocol Felix programs (" + f.protocolSource() + ")",
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
}
