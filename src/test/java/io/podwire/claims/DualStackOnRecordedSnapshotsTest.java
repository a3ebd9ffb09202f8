package io.podwire.claims;

import io.podwire.verdict.Verdict;
import io.podwire.verdict.VerdictMessages;
import io.podwire.verdict.ClaimId;

import io.podwire.node.ExpectedPod;
import io.podwire.lab.LabNode;
import io.podwire.lab.LabPod;
import io.podwire.node.RecordedSnapshots;
import io.podwire.node.NodeState;
import io.podwire.node.PodSideViews;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The IPv6 details of C4, C5 and C9 on a snapshot recorded from a dual-stack lab node (fixtures/lab, LabPod.dualStack),
 * edited the way a real node can differ: what the live DualStackLabIT can't cheaply produce (a section that could not
 * be read, a recording of a single-stack node read with dual-stack expectations). Its upgrade-diff twin is in
 * WiringDiffTest.
 */
@DisplayName("Dual-stack details on a recorded dual-stack lab snapshot")
class DualStackOnRecordedSnapshotsTest {
    private static final String DUAL = RecordedSnapshots.recorded("/fixtures/lab/snapshot-3pods-dualstack.txt");
    private static final List<ExpectedPod> PODS = LabPod.dualStack().stream().map(p -> p.expected(LabNode.NODE_NAME))
            .toList();
    private static final ExpectedPod WEB = PODS.get(2);
    private static final Set<ClaimId> NODE_SIDE = EnumSet.of(ClaimId.C1, ClaimId.C2, ClaimId.C3, ClaimId.C4, ClaimId.C5,
            ClaimId.C6, ClaimId.C7, ClaimId.C8, ClaimId.C9, ClaimId.C12);

    @Test
    @DisplayName("every node-side claim holds for every dual-stack pod of the recording, IPv6 details included")
    void everyNodeSideClaimHolds() {
        NodeState s = RecordedSnapshots.stateOf(DUAL);
        for (ExpectedPod pod : PODS) {
            for (ClaimId c : NODE_SIDE) {
                Verdict v = ClaimEngine.evaluate(c, pod, s, PodSideViews.none());
                assertEquals(Verdict.Status.PASS, v.status(), VerdictMessages.describe(v));
            }
        }
        Verdict c4 = ClaimEngine.evaluate(ClaimId.C4, WEB, s, PodSideViews.none());
        assertEquals(List.of("fd00:10:42::12/128"), c4.evidence().values().get("eth0Ipv6Addresses"), "read, not skipped");
        for (String seen : List.of("; fd00:10:42::12/128; ", "default via fe80::ecee:eeff:feee:eeee dev eth0",
                "fe80::/64 dev eth0", "; ipv6 forwarding=0")) {
            assertTrue(c4.observed().contains(seen), () -> "C4's observed line names " + seen + ": " + c4.observed());
        }
        Verdict c9 = ClaimEngine.evaluate(ClaimId.C9, WEB, s, PodSideViews.none());
        assertTrue(c9.observed().endsWith("; fd00:10:42::12 dev cali787c498fb7a proto boot"), c9::observed);
    }

    @Test
    @DisplayName("C4: a tentative /128 (DAD still running) fails, naming the flag")
    void aTentativeAddressFailsC4() {
        String view = viewOf(WEB);
        String address = "\"local\":\"fd00:10:42::12\",\"prefixlen\":128,";
        assertTrue(view.contains(address), view);
        Verdict v = with(view, view.replace(address, address + "\"tentative\":true,"), ClaimId.C4);
        assertEquals(Verdict.Status.FAIL, v.status(), VerdictMessages.describe(v));
        assertEquals("fd00:10:42::12/128 tentative", v.observed());
    }

    @Test
    @DisplayName("C4 and C5: a deprecated /128 and a tentative link-local next hop are not usable, and fail")
    void deprecatedOrTentativeAddressesAreNotUsable() {
        String view = viewOf(WEB);
        String address = "\"local\":\"fd00:10:42::12\",\"prefixlen\":128,";
        Verdict deprecated = with(view, view.replace(address, address + "\"deprecated\":true,"), ClaimId.C4);
        assertEquals(Verdict.Status.FAIL, deprecated.status(), VerdictMessages.describe(deprecated));
        assertEquals("fd00:10:42::12/128 deprecated", deprecated.observed());

        String addrs = RecordedSnapshots.stdout(DUAL, "node.addrs6");
        int at = addrs.indexOf("\"ifname\":\"cali787c498fb7a\"");
        String ll = "\"local\":\"fe80::ecee:eeff:feee:eeee\",\"prefixlen\":64,";
        int where = addrs.indexOf(ll, at);
        String tentative = addrs.substring(0, where + ll.length()) + "\"tentative\":true," + addrs.substring(where + ll.length());
        Verdict c5 = ClaimEngine.evaluate(ClaimId.C5, WEB, RecordedSnapshots.stateOf(RecordedSnapshots.withSection(DUAL, "node.addrs6",
                "ip -j -6 addr show", 0, tentative, "")), PodSideViews.none());
        assertEquals(Verdict.Status.FAIL, c5.status(), VerdictMessages.describe(c5));
        assertTrue(c5.observed().contains("fe80::ecee:eeff:feee:eeee/64 tentative"), c5::observed);
    }

    @Test
    @DisplayName("C4: an IPv6 route Calico does not add in the pod fails; a pod the API calls single-stack fails on its"
            + " global IPv6 address")
    void anExtraIpv6RouteOrAnUnassignedIpv6AddressFailsC4() {
        String view = viewOf(WEB);
        String extra = "{\"type\":\"unicast\",\"dst\":\"fd00:99::/64\",\"dev\":\"eth0\",\"table\":\"main\","
                + "\"protocol\":\"boot\",\"metric\":1024,\"flags\":[],\"pref\":\"medium\"},";
        String edited = view.replaceFirst("\\[\\{\"type\":\"unicast\",\"dst\":\"default\"", "[" + extra
                .replace("$", "\\$") + "{\"type\":\"unicast\",\"dst\":\"default\"");
        assertTrue(edited.contains("fd00:99::/64"), edited);
        NodeState s = RecordedSnapshots.stateOf(DUAL.replace(view, edited));
        Verdict dual = ClaimEngine.evaluate(ClaimId.C4, WEB, s, PodSideViews.none());
        assertEquals(Verdict.Status.FAIL, dual.status(), VerdictMessages.describe(dual));
        assertTrue(dual.reason().contains("fd00:99::/64 dev eth0"), dual::reason);
        ExpectedPod singleStack = new ExpectedPod(WEB.namespace(), WEB.name(), WEB.node(), WEB.ip(), WEB.containers(),
                false);
        Verdict single = ClaimEngine.evaluate(ClaimId.C4, singleStack, RecordedSnapshots.stateOf(DUAL), PodSideViews.none());
        assertEquals(Verdict.Status.FAIL, single.status(), VerdictMessages.describe(single));
        assertEquals("fd00:10:42::12/128", single.observed(), "the address Calico did not assign, as the API says");
    }

    @Test
    @DisplayName("C5 and C9: unreadable IPv6 sections make the IPv6 details INCONCLUSIVE, never FAIL; absent is FAIL")
    void unreadableIpv6SectionsAreInconclusive() {
        NodeState noAddrs = RecordedSnapshots.stateOf(RecordedSnapshots.withoutSection(DUAL, "node.addrs6"));
        Verdict c5 = ClaimEngine.evaluate(ClaimId.C5, WEB, noAddrs, PodSideViews.none());
        assertEquals(Verdict.Status.INCONCLUSIVE, c5.status(), VerdictMessages.describe(c5));
        assertTrue(c5.reason().contains("node.addrs6"), c5::reason);

        NodeState noRoutes = RecordedSnapshots.stateOf(RecordedSnapshots.withSection(DUAL, "node.routes6", "ip -j -6 route show table main",
                1, "", "RTNETLINK answers: Operation not permitted"));
        Verdict c9 = ClaimEngine.evaluate(ClaimId.C9, WEB, noRoutes, PodSideViews.none());
        assertEquals(Verdict.Status.INCONCLUSIVE, c9.status(), VerdictMessages.describe(c9));

        String routes = RecordedSnapshots.stdout(DUAL, "node.routes6");
        String webRoute = routes.substring(routes.indexOf("{\"dst\":\"fd00:10:42::12\""));
        webRoute = webRoute.substring(0, webRoute.indexOf('}') + 1);
        NodeState deleted = RecordedSnapshots.stateOf(RecordedSnapshots.withSection(DUAL, "node.routes6", "ip -j -6 route show table main",
                0, routes.replace(webRoute + ",", "").replace("," + webRoute, ""), ""));
        Verdict gone = ClaimEngine.evaluate(ClaimId.C9, WEB, deleted, PodSideViews.none());
        assertEquals(Verdict.Status.FAIL, gone.status(), VerdictMessages.describe(gone));
        assertTrue(gone.reason().contains("no route to fd00:10:42::12"), gone::reason);
    }

    @Test
    @DisplayName("C4: host-local ipam.routes of both families replace both defaults, as Calico's k8s CNI tests wire them")
    void ipamRoutesOfBothFamiliesReplaceBothDefaults() {
        // calico_cni_k8s_test.go 798-863: routes 10.123.0.0/16 (a gw, ignored), 10.124.0.0/16 and dead:beef::/96; the
        // pod holds each via 169.254.1.1 or the host end's link-local address, no default of either family
        String view = viewOf(WEB);
        assertTrue(view.contains(DEFAULT4) && view.contains(DEFAULT6), view);
        String routes = view.replace(DEFAULT4, v4("10.123.0.0/16") + "," + v4("10.124.0.0/16"))
                .replace(DEFAULT6, DEFAULT6.replace("\"dst\":\"default\"", "\"dst\":\"dead:beef::/96\""));
        String config = "{\"type\":\"host-local\",\"ranges\":[[{\"subnet\":\"usePodCidr\"}]],\"routes\":["
                + "{\"dst\":\"10.123.0.0/16\",\"gw\":\"10.123.0.1\"},{\"dst\":\"10.124.0.0/16\"},{\"dst\":\"dead:beef::/96\"}]}";
        String replacing = cni("\"ipam\":" + config);
        Verdict c4 = c4With(replacing, view, routes);
        assertEquals(Verdict.Status.PASS, c4.status(), VerdictMessages.describe(c4));
        assertEquals(List.of("10.123.0.0/16", "10.124.0.0/16"), c4.evidence().values().get("expectedRoutesViaGateway"));
        assertEquals(List.of("dead:beef::/96"), c4.evidence().values().get("expectedRoutes6ViaGateway"));
        // the IPv6 default where the config replaces it is a route Calico does not add
        Verdict stale = c4With(replacing, view, routes.replace(DEFAULT6.replace("\"dst\":\"default\"",
                "\"dst\":\"dead:beef::/96\""), DEFAULT6 + "," + DEFAULT6.replace("\"dst\":\"default\"", "\"dst\":\"dead:beef::/96\"")));
        assertEquals(Verdict.Status.FAIL, stale.status(), VerdictMessages.describe(stale));
        assertEquals("the pod's IPv6 main-table routes", stale.evidence().fact(), VerdictMessages.describe(stale));
        assertTrue(stale.observed().startsWith("default via fe80::ecee:eeff:feee:eeee dev eth0"), stale::observed);
        // with include_default_routes (calico_cni_k8s_test.go 864-915) both defaults stay, the config's routes join them
        String joining = cni("\"include_default_routes\":true,\"ipam\":" + config);
        String both = view.replace(DEFAULT4, DEFAULT4 + "," + v4("10.123.0.0/16") + "," + v4("10.124.0.0/16"))
                .replace(DEFAULT6, DEFAULT6 + "," + DEFAULT6.replace("\"dst\":\"default\"", "\"dst\":\"dead:beef::/96\""));
        Verdict joined = c4With(joining, view, both);
        assertEquals(Verdict.Status.PASS, joined.status(), VerdictMessages.describe(joined));
        // the IPv4 half as configured, the IPv6 default missing
        String noDefault6 = both.replace(DEFAULT6 + ",", "");
        Verdict missing = c4With(joining, view, noDefault6);
        assertEquals(Verdict.Status.FAIL, missing.status(), VerdictMessages.describe(missing));
        assertEquals("IPv6 route default via fe80::ecee:eeff:feee:eeee dev eth0 proto boot", missing.evidence().fact());
        assertEquals("default via fe80::ecee:eeff:feee:eeee dev eth0 proto boot", missing.expected());
    }

    @Test
    @DisplayName("C4: an IPv6 ipam.routes dst is read as net.ParseCIDR reads it (host bits cleared, one spelling)")
    void ipv6IpamRoutesAreNormalisedAsCalicoReadsThem() {
        String view = viewOf(WEB);
        String routes = view.replace(DEFAULT6, DEFAULT6.replace("\"dst\":\"default\"", "\"dst\":\"dead:beef::/96\""))
                .replace(DEFAULT4, v4("10.96.0.0/12"));
        String written = cni("\"ipam\":{\"type\":\"host-local\",\"routes\":[{\"dst\":\"10.96.0.1/12\"},"
                + "{\"dst\":\"DEAD:BEEF:0:0::1/96\"}]}");
        Verdict c4 = c4With(written, view, routes);
        assertEquals(Verdict.Status.PASS, c4.status(), VerdictMessages.describe(c4));
        assertEquals(List.of("10.96.0.0/12"), c4.evidence().values().get("expectedRoutesViaGateway"));
        assertEquals(List.of("dead:beef::/96"), c4.evidence().values().get("expectedRoutes6ViaGateway"));
    }

    private static final String DEFAULT4 = "{\"type\":\"unicast\",\"dst\":\"default\",\"gateway\":\"169.254.1.1\","
            + "\"dev\":\"eth0\",\"table\":\"main\",\"protocol\":\"boot\",\"scope\":\"global\",\"flags\":[]}";
    private static final String DEFAULT6 = "{\"type\":\"unicast\",\"dst\":\"default\",\"gateway\":\"fe80::ecee:eeff:feee:eeee\","
            + "\"dev\":\"eth0\",\"table\":\"main\",\"protocol\":\"boot\",\"scope\":\"global\",\"metric\":1024,"
            + "\"flags\":[],\"pref\":\"medium\"}";

    private static String v4(String dst) {
        return DEFAULT4.replace("\"dst\":\"default\"", "\"dst\":\"" + dst + "\"");
    }

    /** The lab's CNI config with the calico plugin's IPAM (and include_default_routes) replaced by {@code ipam}. */
    private static String cni(String ipam) {
        return "==> /etc/cni/net.d/10-calico.conflist <==\n{\"name\":\"k8s-pod-network\",\"cniVersion\":\"0.3.1\","
                + "\"plugins\":[{\"type\":\"calico\",\"mtu\":1500," + ipam + "}]}\n";
    }

    private static Verdict c4With(String cni, String view, String edited) {
        String text = RecordedSnapshots.withSection(DUAL.replace(view, edited), "cni.config", RecordedSnapshots.CNI_COMMAND, 0, cni, "");
        return ClaimEngine.evaluate(ClaimId.C4, WEB, RecordedSnapshots.stateOf(text), PodSideViews.none());
    }

    private static String viewOf(ExpectedPod pod) {
        String netns = RecordedSnapshots.stateOf(DUAL).sandbox(pod.namespace(), pod.name()).value().orElseThrow().netnsName();
        return RecordedSnapshots.stdout(DUAL, "netns.view." + netns);
    }

    private static Verdict with(String view, String edited, ClaimId claim) {
        return ClaimEngine.evaluate(claim, WEB, RecordedSnapshots.stateOf(DUAL.replace(view, edited)), PodSideViews.none());
    }
}
