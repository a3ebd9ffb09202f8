package io.podwire.profile.plugins;

import io.podwire.verdict.Judge;
import io.podwire.verdict.Verdict;
import io.podwire.verdict.PodTrail;
import io.podwire.verdict.ClaimId;

import io.podwire.node.ExpectedPod;
import io.podwire.node.InterfaceSysctls;
import io.podwire.node.NetLink;
import io.podwire.node.NodeState;
import io.podwire.node.Observed;
import io.podwire.node.Route;
import io.podwire.node.RouteTable;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The reference plugins' (bridge, ptp) C4, C5 and C9, from {@link ReferencePluginProfile}'s facts and the plugin's
 * own config entry ({@link PluginConf}): pure functions of the pod's trail and the node's state.
 */
final class PluginClaims {
    private PluginClaims() {
    }

    private static Judge judge(ClaimId claim, ExpectedPod pod, NodeState s) {
        return new Judge(claim, pod, s.node());
    }

    /** C4 under bridge/ptp: eth0 holds the IPAM address with its subnet's prefix; the pod's table is exactly the plugin's. */
    static Verdict c4PodAddressing(PodTrail t, NodeState s, ReferencePluginProfile p) {
        ExpectedPod pod = t.pod();
        Judge j = judge(ClaimId.C4, pod, s);
        Observed<PluginConf> conf = PluginConf.of(s, p);
        String expected = pod.ip() + "/<subnet prefix> on eth0; the pod's routes exactly " + p.name() + "'s";
        Observed<NetLink> eth0 = j.saw(t.eth0());
        if (!eth0.available()) {
            return j.notSeen("eth0", eth0, expected, "no eth0 to carry " + pod.ip());
        }
        if (!conf.available()) {
            return j.inconclusive(conf, expected);
        }
        PluginConf c = conf.value();
        j.excerpt(eth0.value().json()).excerpt(c.file() + ": " + c.json());
        List<String> wantAddresses = p.eth0Addresses(pod.ip(), c);
        List<ExpectedRoute> want = p.podRoutes(c);
        expected = String.join(", ", wantAddresses) + " on eth0; routes exactly " + lines(want);
        List<String> v4 = eth0.value().addresses().stream().filter(a -> a.family().equals("inet"))
                .map(NetLink.IpAddress::cidr).toList();
        j.value("eth0Addresses", v4).value("expectedEth0Addresses", wantAddresses);
        if (!v4.equals(wantAddresses)) {
            return j.fail(j.fact("eth0 addresses", eth0), "eth0 does not carry exactly the pod IP with the IPAM subnet's prefix (" + p.source() + ")",
                    String.join(", ", wantAddresses), v4.isEmpty() ? "no IPv4 address" : String.join(", ", v4));
        }
        List<Route> routes = t.view().value().mainRoutes(Route.INET);
        routes.forEach(r -> j.excerpt(r.json()));
        String seen = routes.stream().map(Route::line).collect(Collectors.joining("; "));
        j.value("routes", routes.stream().map(Route::line).toList()).value("expectedRoutes", lines(want));
        List<String> missing = want.stream().filter(w -> routes.stream().noneMatch(w::matches)).map(ExpectedRoute::line).toList();
        List<String> extra = routes.stream().filter(r -> want.stream().noneMatch(w -> w.matches(r)))
                .map(Route::line).toList();
        if (!missing.isEmpty()) {
            return j.fail(j.fact("pod routes", t.view()), "the pod netns lacks " + p.name() + "'s route(s) " + missing, lines(want), seen);
        }
        if (!extra.isEmpty()) {
            return j.fail(j.fact("pod routes", t.view()), "the pod's main table holds routes " + p.name() + " does not add: " + extra, lines(want), seen);
        }
        return j.pass("eth0 carries " + wantAddresses + " and the pod's table holds exactly " + p.name() + "'s routes",
                expected, v4 + "; " + seen);
    }

    /**
     * C5 under bridge/ptp: the node end (by identity) is a veth, UP, LOWER_UP, with eth0's MTU = the config's (or the
     * kernel's 1500); bridge: a port of the config's bridge with the config's hairpin mode (bridge.go 364-371);
     * ptp: holding exactly the gateway as /32 (ptp.go 156-169). The MAC is the kernel's: no rule, said in the evidence.
     */
    static Verdict c5HostEnd(PodTrail t, NodeState s, ReferencePluginProfile p) {
        ExpectedPod pod = t.pod();
        Judge j = judge(ClaimId.C5, pod, s).value("macRule", "none: the kernel chooses both ends' MACs");
        Observed<PluginConf> conf = PluginConf.of(s, p);
        String expected = "the node end of eth0: a veth, UP, LOWER_UP, " + (p.isBridge() ? "a port of the bridge with its"
                + " hairpin mode" : "holding the gateway as /32") + ", MTU = eth0's = the config's";
        Observed<NetLink> eth0 = j.saw(t.eth0());
        if (!eth0.available()) {
            return j.notSeen("eth0", eth0, expected, "no eth0 in the pod netns");
        }
        Observed<NetLink> host = j.saw(t.nodeEnd());
        if (!host.available()) {
            return j.notSeen("node end", host, expected, "no node link is the peer of the pod's eth0");
        }
        if (!conf.available()) {
            return j.inconclusive(conf, expected);
        }
        PluginConf c = conf.value();
        NetLink h = host.value();
        j.excerpt(h.json()).excerpt(eth0.value().json()).value("hostEnd", h.name());
        if (!h.isVeth() || !h.isAdminUp()) {
            return j.fail(j.fact("node end state", host), "the node end " + h.name() + " is not an administratively UP veth", "veth, UP",
                    h.kind() + " " + h.stateLine());
        }
        int mtu = c.expectedMtu();
        j.value("hostMtu", h.mtu()).value("podMtu", eth0.value().mtu()).value("expectedMtu", mtu);
        if (h.mtu() != mtu || eth0.value().mtu() != mtu) {
            return j.fail(j.fact("MTU", host), "the veth's MTU is not the config's (" + (c.mtu() > 0 ? "mtu " + c.mtu() : "none: the kernel's "
                    + mtu) + ")", "MTU " + mtu + " on both ends", "node end " + h.mtu() + ", eth0 " + eth0.value().mtu());
        }
        if (p.isBridge()) {
            String master = Json.master(h);
            Boolean hairpin = Json.hairpin(h);
            j.value("master", master).value("hairpin", hairpin);
            if (!c.bridge().equals(master)) {
                return j.fail(j.fact("bridge port", host), "the node end " + h.name() + " is not a port of the bridge " + c.bridge(), "master " + c.bridge(),
                        master == null ? "no master" : "master " + master);
            }
            if (hairpin == null || hairpin != c.hairpinMode()) {
                return j.fail(j.fact("hairpin", host), "the port's hairpin mode is not the config's hairpinMode", "hairpin "
                        + (c.hairpinMode() ? "on" : "off"), hairpin == null ? "not read" : hairpin ? "hairpin on" : "hairpin off");
            }
            return j.pass("the node end " + h.name() + " is a veth port of " + c.bridge() + ", hairpin "
                    + (c.hairpinMode() ? "on" : "off") + ", MTU " + mtu, expected, h.displayName() + " master " + master
                    + " hairpin " + hairpin + " mtu " + h.mtu());
        }
        Observed<Map<String, List<NetLink.IpAddress>>> addrs = j.saw(s.addresses4());
        if (!addrs.available()) {
            return j.inconclusive(addrs, expected);
        }
        List<String> want = p.hostEndAddresses(c);
        List<String> held = addrs.value().getOrDefault(h.name(), List.of()).stream().map(NetLink.IpAddress::cidr).toList();
        j.value("hostEndAddresses", held).value("expectedHostEndAddresses", want);
        if (!held.equals(want)) {
            return j.fail(j.fact("node end addresses", addrs), "the node end " + h.name() + " does not hold exactly the gateway as /32", String.join(", ", want),
                    held.isEmpty() ? "no IPv4 address" : String.join(", ", held));
        }
        return j.pass("the node end " + h.name() + " is a veth holding " + want + ", MTU " + mtu, expected,
                h.displayName() + " " + held + " mtu " + h.mtu());
    }

    /**
     * C9 under bridge/ptp: the node's route to the pod is the plugin's (bridge: the subnet on the bridge, which holds
     * the gateway; ptp: `podIP dev <node end> scope host`), and the node forwards IPv4 (net.ipv4.conf.all.forwarding,
     * which ip_forward sets) where the plugin enables it.
     */
    static Verdict c9NodeRouting(PodTrail t, NodeState s, ReferencePluginProfile p) {
        ExpectedPod pod = t.pod();
        Judge j = judge(ClaimId.C9, pod, s);
        Observed<PluginConf> conf = PluginConf.of(s, p);
        String expected = "the node routes " + pod.ip() + " as " + p.name() + " does; IPv4 forwarding on";
        Observed<NetLink> host = j.saw(t.nodeEnd());
        if (!host.available()) {
            return j.notSeen("node end", host, expected, "no node end of the pod's veth");
        }
        if (!conf.available()) {
            return j.inconclusive(conf, expected);
        }
        PluginConf c = conf.value();
        ExpectedRoute want = p.nodeRoute(pod.ip(), host.value().name(), c);
        expected = want.line() + (p.bridgeAddress(c).map(a -> "; " + c.bridge() + " holds " + a).orElse(""))
                + (p.enablesForwarding(c) ? "; net.ipv4.conf.all.forwarding=1" : "");
        Observed<RouteTable> table = j.saw(s.routes());
        if (!table.available()) {
            return j.inconclusive(table, expected);
        }
        List<Route> candidates = table.value().routes().stream().filter(r -> r.dst().equals(want.dst())).toList();
        candidates.forEach(r -> j.excerpt(r.json()));
        j.value("expectedRoute", want.line()).value("routes", candidates.stream().map(Route::line).toList());
        if (candidates.stream().noneMatch(want::matches)) {
            return j.fail(j.fact("node route", table), "the node does not route " + pod.ip() + " as " + p.name() + " does", want.line(),
                    candidates.isEmpty() ? "no route to " + want.dst() : candidates.stream().map(Route::line)
                            .collect(Collectors.joining("; ")));
        }
        Optional<String> bridgeAddress = p.bridgeAddress(c);
        if (bridgeAddress.isPresent()) {
            Observed<Map<String, List<NetLink.IpAddress>>> addrs = j.saw(s.addresses4());
            if (!addrs.available()) {
                return j.inconclusive(addrs, expected);
            }
            List<String> held = addrs.value().getOrDefault(c.bridge(), List.of()).stream().map(NetLink.IpAddress::cidr).toList();
            j.value("bridgeAddresses", held);
            if (!held.contains(bridgeAddress.get())) {
                return j.fail(j.fact("bridge address", addrs), "the bridge " + c.bridge() + " does not hold the gateway", bridgeAddress.get(),
                        held.isEmpty() ? "no IPv4 address" : String.join(", ", held));
            }
        }
        if (p.enablesForwarding(c)) {
            Observed<Integer> forwarding = j.saw(s.sysctl(InterfaceSysctls.FORWARDING, "all"));
            if (!forwarding.available()) {
                return j.notSeen("forwarding", forwarding, expected, "net.ipv4.conf.all.forwarding not read");
            }
            j.value("forwarding", forwarding.value());
            if (forwarding.value() != 1) {
                return j.fail(j.fact("forwarding", forwarding), "the node does not forward IPv4, which " + p.name() + " turns on", "net.ipv4.conf.all.forwarding=1",
                        "net.ipv4.conf.all.forwarding=" + forwarding.value());
            }
        }
        return j.pass("the node routes " + pod.ip() + " as " + p.name() + " does (" + want.line() + ")"
                + bridgeAddress.map(a -> ", " + c.bridge() + " holds " + a).orElse("")
                + (p.enablesForwarding(c) ? ", IPv4 forwarding on" : ""), expected, want.line());
    }

    private static String lines(List<ExpectedRoute> routes) {
        return routes.stream().map(ExpectedRoute::line).collect(Collectors.joining("; "));
    }
}
