package io.podwire.claims;

import io.podwire.node.ExpectedPod;
import io.podwire.node.InterfaceSysctls;
import io.podwire.node.NetLink;
import io.podwire.node.NodeState;
import io.podwire.node.Observed;
import io.podwire.node.Route;
import io.podwire.node.RouteTable;
import io.podwire.node.Sandbox;
import io.podwire.profile.CalicoProfile;
import io.podwire.profile.CniProfiles;
import io.podwire.profile.ExpectedRoute;
import io.podwire.profile.Json;
import io.podwire.profile.PluginConf;
import io.podwire.profile.ReferencePluginProfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The claims whose expectations are the CNI's, judged under the node's profile ({@link CniProfiles}): the calico
 * profile's by {@link PodWiringClaims} and {@link CalicoRecordClaims} as before; the reference plugins' (bridge,
 * ptp) here, from {@link ReferencePluginProfile}'s facts and the plugin's own config entry. A claim the CNI makes no
 * promise for is NOT_APPLICABLE with the profile's reason.
 */
final class ProfileClaims {
    private ProfileClaims() {
    }

    private static Optional<ReferencePluginProfile> plugin(NodeState s) {
        return CniProfiles.of(s).profile() instanceof ReferencePluginProfile p ? Optional.of(p) : Optional.empty();
    }

    private static Judge judge(ClaimId claim, ExpectedPod pod, NodeState s) {
        return new Judge(claim, pod, s.node()).value("cniProfile", CniProfiles.of(s).describe());
    }

    static Verdict c4(PodTrail t, NodeState s) {
        return plugin(s).map(p -> c4PodAddressing(t, s, p)).orElseGet(() -> PodWiringClaims.c4Slash32AndGatewayRoutes(t, s));
    }

    static Verdict c5(PodTrail t, NodeState s) {
        return plugin(s).map(p -> c5HostEnd(t, s, p)).orElseGet(() -> PodWiringClaims.c5HostEndIsCaliVethIntoPodNetns(t, s));
    }

    static Verdict c6(PodTrail t, NodeState s) {
        var profile = CniProfiles.of(s).profile();
        return profile.noHostEndNameRule().map(why -> judge(ClaimId.C6, t.pod(), s).notApplicable(why))
                .orElseGet(() -> PodWiringClaims.c6HostVethNameFromWorkload(t, s));
    }

    static Verdict c7NodeWide(NodeState s) {
        return CniProfiles.of(s).profile() instanceof CalicoProfile ? PodWiringClaims.c7NoOrphanCaliLinks(s)
                : c7NoOrphanWorkloadLinks(s);
    }

    static Verdict c9(PodTrail t, NodeState s) {
        return plugin(s).map(p -> c9NodeRouting(t, s, p)).orElseGet(() -> PodWiringClaims.c9NodeRoutesPodThroughCali(t, s));
    }

    static Verdict c12(PodTrail t, NodeState s) {
        var profile = CniProfiles.of(s).profile();
        return profile.noOwnRecord().map(why -> judge(ClaimId.C12, t.pod(), s).notApplicable(why))
                .orElseGet(() -> CalicoRecordClaims.c12FelixRecordAgreesWithKernel(t, s));
    }

    /** C4 under bridge/ptp: eth0 holds the IPAM address with its subnet's prefix; the pod's table is exactly the plugin's. */
    static Verdict c4PodAddressing(PodTrail t, NodeState s, ReferencePluginProfile p) {
        ExpectedPod pod = t.pod();
        Judge j = judge(ClaimId.C4, pod, s);
        Observed<PluginConf> conf = CniProfiles.of(s).conf();
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
        String seen = routes.stream().map(PodWiringClaims::routeLine).collect(Collectors.joining("; "));
        j.value("routes", routes.stream().map(PodWiringClaims::routeLine).toList()).value("expectedRoutes", lines(want));
        List<String> missing = want.stream().filter(w -> routes.stream().noneMatch(w::matches)).map(ExpectedRoute::line).toList();
        List<String> extra = routes.stream().filter(r -> want.stream().noneMatch(w -> w.matches(r)))
                .map(PodWiringClaims::routeLine).toList();
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
        Observed<PluginConf> conf = CniProfiles.of(s).conf();
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
        Observed<PluginConf> conf = CniProfiles.of(s).conf();
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
        j.value("expectedRoute", want.line()).value("routes", candidates.stream().map(PodWiringClaims::routeLine).toList());
        if (candidates.stream().noneMatch(want::matches)) {
            return j.fail(j.fact("node route", table), "the node does not route " + pod.ip() + " as " + p.name() + " does", want.line(),
                    candidates.isEmpty() ? "no route to " + want.dst() : candidates.stream().map(PodWiringClaims::routeLine)
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

    /** C7 node-wide under bridge/ptp: every workload link of the profile leads into a ready sandbox's netns. */
    static Verdict c7NoOrphanWorkloadLinks(NodeState s) {
        var profile = CniProfiles.of(s).profile();
        Judge j = new Judge(ClaimId.C7, "", Verdict.NODE_SCOPE, s.node()).value("cniProfile", CniProfiles.of(s).describe())
                .value("workloadLinkRule", profile.workloadLinksRule());
        String expected = "every workload link (" + profile.workloadLinksRule() + ") leads into a ready pod sandbox's netns";
        Observed<Predicate<NetLink>> isWorkload = profile.workloadLinks(s);
        if (!isWorkload.available()) {
            return j.inconclusive(isWorkload, expected);
        }
        Observed<Map<String, NetLink>> links = j.saw(s.linksByName());
        Observed<Map<String, Sandbox>> sandboxes = j.saw(s.sandboxesByPod());
        for (Observed<?> o : List.of(links, sandboxes, s.netnsFiles())) {
            if (!o.available()) {
                return j.inconclusive(o, expected);
            }
        }
        Observed<Set<Long>> podNetns = j.saw(s.sandboxNetns());
        if (!podNetns.available()) {
            return j.inconclusive(podNetns, expected);
        }
        List<NetLink> workload = links.value().values().stream().filter(isWorkload.value())
                .sorted((a, b) -> Integer.compare(a.ifindex(), b.ifindex())).toList();
        List<String> orphans = new ArrayList<>();
        for (NetLink l : workload) {
            Observed<Long> peer = s.peerNetnsOf(l);
            if (!peer.available() && !peer.absent()) {
                return j.inconclusive(peer, expected);
            }
            if (!peer.available() || !podNetns.value().contains(peer.value())) {
                orphans.add(l.displayName() + " (" + (peer.available() ? "peer in netns inode " + peer.value()
                        + ", no ready sandbox's netns" : peer.problem()) + ")");
                j.excerpt(l.json());
            }
        }
        j.value("workloadLinks", workload.size()).value("orphans", orphans);
        if (!orphans.isEmpty()) {
            return j.fail(j.fact("orphan workload links", links), orphans.size() + " workload link(s) on the node belong to no pod", "no orphan workload link",
                    String.join(", ", orphans));
        }
        workload.forEach(l -> j.excerpt(l.json()));
        return j.pass("all " + workload.size() + " workload links on the node lead into the netns of a ready pod sandbox",
                "no orphan workload link", workload.size() + " workload links, 0 orphans");
    }

    private static String lines(List<ExpectedRoute> routes) {
        return routes.stream().map(ExpectedRoute::line).collect(Collectors.joining("; "));
    }
}
