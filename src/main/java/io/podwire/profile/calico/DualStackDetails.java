package io.podwire.profile.calico;

import io.podwire.verdict.Judge;
import io.podwire.verdict.Verdict;

import io.podwire.node.ExpectedPod;
import io.podwire.node.InterfaceSysctls;
import io.podwire.node.NetLink;
import io.podwire.node.NetnsView;
import io.podwire.node.NodeState;
import io.podwire.node.Observed;
import io.podwire.node.Route;
import io.podwire.node.RouteTable;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The IPv6 half of a dual-stack pod's wiring as Calico's CNI makes it (projectcalico/calico at 87c15906,
 * D = cni-plugin/pkg/dataplane/linux/dataplane_linux.go, K = cni-plugin/tests/calico_cni_k8s_test.go): details of C4
 * (inside the pod), C5 (the host end) and C9 (the node's route and the host end's sysctls). Each check returns the
 * failing verdict, or null when its facts hold or the pod has no IPv6 address; a value the snapshot did not read is
 * marked unobserved on the judge (INCONCLUSIVE, never FAIL).
 */
final class DualStackDetails {
    /** The host end's link-local address: EUI-64 of ee:ee:ee:ee:ee:ee, the pod's IPv6 next hop (D 353-377, K 742). */
    static final String GATEWAY6 = "fe80::ecee:eeff:feee:eeee";
    /** What configureSysctls writes on the host end of a pod with an IPv6 address (D 531-549). */
    static final Map<String, Integer> HOST_SYSCTLS6 = sysctls();

    private DualStackDetails() {
    }

    private static Map<String, Integer> sysctls() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put(InterfaceSysctls.ACCEPT_DAD, 0);
        m.put(InterfaceSysctls.DISABLE_IPV6, 0);
        m.put(InterfaceSysctls.PROXY_NDP, 1);
        m.put(InterfaceSysctls.FORWARDING6, 1);
        return Collections.unmodifiableMap(m);
    }

    /** What C4 adds for a dual-stack pod, for its expected line. */
    static String podSideExpected(ExpectedPod pod) {
        return pod.isDualStack() ? "; " + pod.ipv6() + "/128 on eth0, not tentative; exactly " + pod.ipv6()
                + " dev eth0 proto kernel, fe80::/64 dev eth0 proto kernel and default (or the host-local ipam.routes)"
                + " via " + GATEWAY6 + " dev eth0 (proto boot); IPv6 forwarding 0 (1 with allow_ip_forwarding)" : "";
    }

    /**
     * C4, IPv6: eth0 holds the pod's IPv6 address as /128 (D 196-205) and it is not tentative, DAD being disabled
     * before the link comes up (D 207-217, K 1017-1029); the pod's IPv6 main table holds exactly the kernel's routes
     * for that address and fe80::/64, and `default via fe80::ecee:eeff:feee:eeee dev eth0` (D 380-388, K 739-743),
     * the default replaced by the IPv6 destinations of host-local ipam.routes where they name any (K 798-915);
     * net.ipv6.conf.all.forwarding is 0 unless allow_ip_forwarding (D 582-591).
     */
    static Verdict podSide(ExpectedPod pod, NetLink eth0, Observed<NetnsView> seen, NodeState s, Judge j, String netns) {
        NetnsView view = seen.value();
        List<NetLink.IpAddress> global = eth0.addresses().stream()
                .filter(a -> a.family().equals(Route.INET6) && !a.isLinkLocal()).toList();
        List<String> lines = global.stream().map(NetLink.IpAddress::line).toList();
        j.value("eth0Ipv6Addresses", lines);
        if (!pod.isDualStack()) {
            // Calico's test counts the pod's global IPv6 addresses too: none for a pod without one (K 1017-1029)
            return global.isEmpty() ? null : j.fail(j.fact("eth0 global IPv6 addresses", seen.command()), "eth0 carries a global IPv6 address although the pod has none"
                    + " (single-stack): Calico did not assign it", "no global IPv6 address on eth0", String.join(", ", lines));
        }
        String want = pod.ipv6() + "/128";
        if (global.size() != 1 || global.get(0).prefixLen() != 128
                || !RouteTable.key(global.get(0).local()).equals(RouteTable.key(pod.ipv6()))) {
            return j.fail(j.fact("eth0 global IPv6 addresses", seen.command()), "eth0 does not carry exactly the"
                            + " pod's IPv6 address as /128", want,
                    lines.isEmpty() ? "no global IPv6 address" : String.join(", ", lines));
        }
        if (global.get(0).isUnusable()) {
            return j.fail(j.fact("eth0 IPv6 address state", seen.command()), "eth0's IPv6 address is " + String.join(" ", global.get(0).flags()) + ": duplicate address "
                    + "detection was not disabled before eth0 came up, as Calico's CNI does", want + " (usable)",
                    global.get(0).line());
        }
        List<Route> routes6 = view.mainRoutes(Route.INET6);
        routes6.forEach(r -> j.excerpt(r.json()));
        String observed = routes6.stream().map(Route::line).collect(Collectors.joining("; "));
        j.value("routes6", routes6.stream().map(Route::line).toList());
        // the routes via the host end: the CNI config's IPv6 destinations (its defaults unless host-local ipam.routes
        // replace them, k8s.go 172-184), or any via it when the config was not read (C4's IPv4 half marks that)
        Observed<CalicoCniSettings> cni = CalicoNodeState.of(s).cni();
        List<String> via = cni.available() ? cni.value().podRoutes6ViaGateway() : null;
        if (via != null) {
            j.value("expectedRoutes6ViaGateway", via);
        }
        Map<String, Predicate<Route>> calico = new LinkedHashMap<>();
        calico.put(pod.ipv6() + " dev eth0 proto kernel", r -> isOnEth0(r, "kernel") && r.gateway() == null
                && RouteTable.key(r.dst().replaceAll("/128$", "")).equals(RouteTable.key(pod.ipv6())));
        calico.put("fe80::/64 dev eth0 proto kernel", r -> isOnEth0(r, "kernel") && r.gateway() == null
                && r.dst().equals("fe80::/64"));
        if (via == null) {
            calico.put("<the CNI config's destinations> via " + GATEWAY6 + " dev eth0 proto boot",
                    r -> isOnEth0(r, Route.BOOT) && GATEWAY6.equals(r.gateway()));
        } else {
            via.forEach(dst -> calico.put(dst + " via " + GATEWAY6 + " dev eth0 proto boot", r -> isOnEth0(r, Route.BOOT)
                    && CalicoWiringClaims.dst(r).equals(dst) && GATEWAY6.equals(r.gateway())));
        }
        List<String> missing = new ArrayList<>();
        calico.forEach((line, is) -> {
            if (routes6.stream().noneMatch(is)) {
                missing.add(line);
            }
        });
        if (!missing.isEmpty()) {
            return j.fail(j.fact("IPv6 route " + missing.get(0), seen.command()), "the pod netns lacks Calico's IPv6"
                    + " route " + missing.get(0), missing.get(0), observed.isEmpty() ? "no IPv6 route"
                    : "no such route (IPv6 routes: " + observed + ")");
        }
        List<String> extra = routes6.stream().filter(r -> calico.values().stream().noneMatch(p -> p.test(r)))
                .map(Route::line).toList();
        if (!extra.isEmpty()) {
            return j.fail(j.fact("the pod's IPv6 main-table routes", seen.command()), "the pod's IPv6 main table holds"
                    + " a route Calico does not add: " + extra.get(0), "exactly " + String.join("; ", calico.keySet()),
                    extra.get(0));
        }
        // an unread CNI config is marked unobserved by C4's IPv4 half
        return CalicoWiringClaims.podForwarding(j, CalicoWiringClaims.IPV6_FORWARDING, j.saw(view.ipv6Forward()),
                j.saw(CalicoNodeState.of(s).cni()), netns);
    }

    private static boolean isOnEth0(Route r, String protocol) {
        return "eth0".equals(r.dev()) && protocol.equals(r.protocol()) && Route.UNICAST.equals(r.type());
    }

    /** C5, IPv6: the host end holds Calico's link-local address, the pod's IPv6 next hop (D 353-377). */
    static Verdict hostEnd(ExpectedPod pod, NetLink host, NodeState s, Judge j) {
        if (!pod.isDualStack()) {
            return null;
        }
        Observed<List<NetLink.IpAddress>> addrs = j.saw(s.ipv6Addresses(host.name()));
        if (!addrs.available()) {
            j.unobserved(addrs);
            return null;
        }
        List<String> lines = addrs.value().stream().map(NetLink.IpAddress::line).toList();
        j.value("hostIpv6Addresses", lines).excerpt(host.name() + " inet6 " + String.join(", ", lines));
        // usable too: a tentative next hop answers no neighbour solicitation
        boolean gateway = addrs.value().stream().anyMatch(a -> a.isLinkLocal() && a.prefixLen() == 64
                && RouteTable.key(a.local()).equals(RouteTable.key(GATEWAY6)) && !a.isUnusable());
        if (!gateway) {
            return j.fail(j.fact("node end IPv6 link-local address", addrs), "the node end " + host.name()
                    + " lacks Calico's IPv6 link-local address, the next hop of "
                    + "the pod's default IPv6 route", GATEWAY6 + "/64 on " + host.name(),
                    lines.isEmpty() ? "no IPv6 address" : String.join(", ", lines));
        }
        return null;
    }

    /**
     * C9, IPv6: the node routes the pod's /128 to its host end, unicast, of Felix's route protocol (D 424-433), and it has
     * accept_dad=0, disable_ipv6=0, proxy_ndp=1, forwarding=1 (D 531-549).
     */
    static Verdict nodeSide(ExpectedPod pod, String dev, NodeState s, Judge j) {
        if (!pod.isDualStack()) {
            return null;
        }
        String want = pod.ipv6() + " dev " + dev + ", unicast, proto <Felix's DeviceRouteProtocol, boot by default>";
        Observed<Route> route = j.saw(s.routeTo(pod.ipv6()));
        if (!route.available()) {
            if (route.absent()) {
                return CalicoWiringClaims.noNodeRoute(j, s, route, pod.ipv6(), pod.ipv6() + " dev " + dev);
            }
            j.unobserved(route);
        } else {
            Route r = route.value();
            j.excerpt(r.json()).value("hostRoute6", r.line());
            // the same facts as the IPv4 route's, in the same order; IPv6 routes have no scope
            Verdict wrong = CalicoWiringClaims.nodeRoute(j, s, route, pod.ipv6(), dev, false);
            if (wrong != null) {
                return wrong;
            }
        }
        return CalicoWiringClaims.hostSysctls(j, s, dev, HOST_SYSCTLS6, "ipv6 ", new LinkedHashMap<>());
    }

    /** What C4 saw of a dual-stack pod's IPv6 half, for its observed line: the /128, the IPv6 routes, forwarding. */
    static String podSideObserved(ExpectedPod pod, NetLink eth0, NetnsView view) {
        if (!pod.isDualStack()) {
            return "";
        }
        return "; " + eth0.addresses().stream().filter(a -> a.family().equals(Route.INET6) && !a.isLinkLocal())
                .map(NetLink.IpAddress::line).collect(Collectors.joining(", ")) + "; "
                + view.mainRoutes(Route.INET6).stream().map(Route::line).collect(Collectors.joining("; "))
                + (view.ipv6Forward().available() ? "; ipv6 forwarding=" + view.ipv6Forward().value() : "");
    }

    /** What C5 saw of a dual-stack pod's host end: its IPv6 addresses. */
    static String hostEndObserved(ExpectedPod pod, NetLink host, NodeState s) {
        Observed<List<NetLink.IpAddress>> addrs = s.ipv6Addresses(host.name());
        return !pod.isDualStack() || !addrs.available() ? "" : ", inet6 " + addrs.value().stream()
                .map(NetLink.IpAddress::line).collect(Collectors.joining(", "));
    }

    /** What C9 saw of a dual-stack pod's node route. */
    static String nodeSideObserved(ExpectedPod pod, NodeState s) {
        if (!pod.isDualStack()) {
            return "";
        }
        Observed<Route> r = s.routeTo(pod.ipv6());
        return r.available() ? "; " + r.value().line() + " proto " + r.value().protocol() : "";
    }

    /** What C9 adds for a dual-stack pod, for its expected line. */
    static String nodeSideExpected(ExpectedPod pod, String dev) {
        return pod.isDualStack() ? "; " + pod.ipv6() + " dev " + dev + " proto boot; IPv6 " + HOST_SYSCTLS6.entrySet()
                .stream().map(e -> e.getKey().substring(e.getKey().lastIndexOf('/') + 1) + "=" + e.getValue())
                .collect(Collectors.joining(" ")) : "";
    }
}
