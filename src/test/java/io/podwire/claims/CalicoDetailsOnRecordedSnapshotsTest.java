package io.podwire.claims;

import io.podwire.verdict.Verdict;
import io.podwire.verdict.VerdictMessages;
import io.podwire.verdict.ClaimId;

import io.podwire.node.ExpectedPod;
import io.podwire.lab.LabPod;
import io.podwire.lab.LabWiring;
import io.podwire.node.RecordedSnapshots;
import io.podwire.node.NodeState;
import io.podwire.node.PodSideViews;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The details of C4, C5 and C9 that Calico's own tests assert (issue 13: MTU, host MAC, host sysctls, the pod's
 * ip_forward, exact route sets), each made false on a recorded healthy lab snapshot; the snapshot predates their
 * sections, so without them each detail is could-not-observe, never FAIL and never PASS.
 */
@DisplayName("C4, C5, C9 details as Calico's own tests assert them (recorded snapshots)")
class CalicoDetailsOnRecordedSnapshotsTest {
    private static final List<ExpectedPod> PODS = LabPod.standard().stream().map(p -> p.expected("lab-node")).toList();
    private static final ExpectedPod APP = PODS.get(1);
    private static final ExpectedPod WEB = PODS.get(2);
    private static final String HEALTHY = RecordedSnapshots.text(RecordedSnapshots.THREE_PODS);
    private static final String APP_CALI = "cali661a0e7385d";
    private static final String WEB_CALI = "cali787c498fb7a";
    private static final String WEB_VIEW = "netns.view.cni-c16e6ca4-cb2a-48dd-9e29-9efa1dcfb2d1";

    @Test
    @DisplayName("a healthy node holds every detail, and the evidence shows each value and where it came from")
    void aHealthyNodeHoldsEveryDetailWithItsEvidence() {
        NodeState s = RecordedSnapshots.stateOf(HEALTHY);
        for (ExpectedPod pod : PODS) {
            for (ClaimId claim : List.of(ClaimId.C4, ClaimId.C5, ClaimId.C9)) {
                Verdict v = ClaimEngine.evaluate(claim, pod, s, PodSideViews.none());
                assertEquals(Verdict.Status.PASS, v.status(), VerdictMessages.describe(v));
            }
        }
        Verdict c5 = ClaimEngine.evaluate(ClaimId.C5, APP, s, PodSideViews.none());
        assertEquals(1500, c5.evidence().values().get("expectedMtu"), "expected MTU");
        assertEquals("the netconf mtu", c5.evidence().values().get("mtuSource"), "MTU source");
        assertEquals("ee:ee:ee:ee:ee:ee", c5.evidence().values().get("hostMac"), "host MAC");
        assertTrue(c5.evidence().excerpts().stream().anyMatch(e -> e.startsWith(LabWiring.CNI_CONFIG + ": ")),
                () -> "the CNI config as read: " + c5.evidence().excerpts());
        Verdict c9 = ClaimEngine.evaluate(ClaimId.C9, APP, s, PodSideViews.none());
        for (String line : List.of("/proc/sys/net/ipv4/conf/" + APP_CALI + "/proxy_arp:1",
                "/proc/sys/net/ipv4/neigh/" + APP_CALI + "/proxy_delay:0", "/proc/sys/net/ipv4/conf/" + APP_CALI
                        + "/forwarding:1", "/proc/sys/net/ipv4/conf/" + APP_CALI + "/route_localnet:1",
                "/proc/sys/net/ipv6/conf/" + APP_CALI + "/accept_ra:0")) {
            assertTrue(c9.evidence().excerpts().contains(line), () -> line + " in " + c9.evidence().excerpts());
        }
        Verdict c4 = ClaimEngine.evaluate(ClaimId.C4, APP, s, PodSideViews.none());
        assertEquals(0, c4.evidence().values().get("podIpForward"), "the pod's ip_forward");
        assertEquals(false, c4.evidence().values().get("allowIpForwarding"), "allow_ip_forwarding");
    }

    @Test
    @DisplayName("a snapshot without the new sections: each new detail could not be observed, the rest still holds")
    void withoutTheNewSectionsEachDetailIsInconclusive() {
        NodeState s = RecordedSnapshots.stateOf(RecordedSnapshots.recorded(RecordedSnapshots.THREE_PODS));
        for (ExpectedPod pod : PODS) {
            for (ClaimId claim : ClaimId.values()) {
                if (claim == ClaimId.C10 || claim == ClaimId.C11) {
                    continue;
                }
                Verdict v = ClaimEngine.evaluate(claim, pod, s, PodSideViews.none());
                // C5, C6, C9 name or route by Felix's settings, read from felix.env, and C12 compares Felix's records:
                // the recording predates both sections (and C13 libcni's cache section); C8 finds the node end by identity, whatever its name
                Verdict.Status want = List.of(ClaimId.C4, ClaimId.C5, ClaimId.C6, ClaimId.C9, ClaimId.C12, ClaimId.C13)
                        .contains(claim)
                        ? Verdict.Status.INCONCLUSIVE : Verdict.Status.PASS;
                assertEquals(want, v.status(), VerdictMessages.describe(v));
            }
        }
        Verdict c5 = ClaimEngine.evaluate(ClaimId.C5, APP, s, PodSideViews.none());
        assertTrue(c5.reason().contains("section cni.config is missing"), c5::reason);
        Verdict c4 = ClaimEngine.evaluate(ClaimId.C4, APP, s, PodSideViews.none());
        assertTrue(c4.reason().contains("no netconf"), c4::reason);
        Verdict c6 = ClaimEngine.evaluate(ClaimId.C6, APP, s, PodSideViews.none());
        assertTrue(c6.reason().contains("section felix.env is missing"), c6::reason);
    }

    @Test
    @DisplayName("a detail that was observed and violated FAILs even while another could not be observed")
    void aViolatedDetailFailsWhileAnotherIsUnobserved() {
        String recorded = RecordedSnapshots.recorded(RecordedSnapshots.THREE_PODS);
        NodeState s = RecordedSnapshots.stateOf(withNodeLinkField(recorded, APP_CALI, "\"address\":\"ee:ee:ee:ee:ee:ee\"",
                "\"address\":\"ee:ee:ee:ee:ee:01\""));
        Verdict v = ClaimEngine.evaluate(ClaimId.C5, APP, s, PodSideViews.none());
        assertEquals(Verdict.Status.FAIL, v.status(), VerdictMessages.describe(v));
    }

    @Test
    @DisplayName("C9: each host-end sysctl other than Calico's value fails C9 for that pod only, naming it")
    void eachHostSysctlOffFailsC9ForThatPodOnly() {
        List<String[]> cases = List.of(new String[]{"/proc/sys/net/ipv4/conf/" + APP_CALI + "/proxy_arp:", "1", "0",
                        "proxy_arp=0"},
                new String[]{"/proc/sys/net/ipv4/neigh/" + APP_CALI + "/proxy_delay:", "0", "80", "proxy_delay=80"},
                new String[]{"/proc/sys/net/ipv4/conf/" + APP_CALI + "/forwarding:", "1", "0", "forwarding=0"},
                new String[]{"/proc/sys/net/ipv4/conf/" + APP_CALI + "/route_localnet:", "1", "0", "route_localnet=0"},
                new String[]{"/proc/sys/net/ipv6/conf/" + APP_CALI + "/accept_ra:", "0", "1", "accept_ra=1"});
        for (String[] c : cases) {
            String sysctls = RecordedSnapshots.stdout(HEALTHY, "sysctl.interfaces").replace(c[0] + c[1] + "\n", c[0] + c[2] + "\n");
            NodeState s = RecordedSnapshots.stateOf(RecordedSnapshots.withSection(HEALTHY, "sysctl.interfaces", RecordedSnapshots.SYSCTLS_COMMAND,
                    0, sysctls, ""));
            Verdict v = ClaimEngine.evaluate(ClaimId.C9, APP, s, PodSideViews.none());
            assertEquals(Verdict.Status.FAIL, v.status(), VerdictMessages.describe(v));
            assertEquals(c[3], v.observed(), c[3]);
            assertTrue(v.evidence().excerpts().contains(c[0] + c[2]), () -> "the line read: " + v.evidence());
            assertOthersHold(s, APP, ClaimId.C9);
        }
    }

    @Test
    @DisplayName("C9: a sysctl not in the output is could-not-observe (the kernel has it for every link)")
    void aHostSysctlNotReadIsInconclusive() {
        String sysctls = RecordedSnapshots.stdout(HEALTHY, "sysctl.interfaces")
                .replace("/proc/sys/net/ipv6/conf/" + APP_CALI + "/accept_ra:0\n", "");
        NodeState s = RecordedSnapshots.stateOf(RecordedSnapshots.withSection(HEALTHY, "sysctl.interfaces", RecordedSnapshots.SYSCTLS_COMMAND, 0,
                sysctls, ""));
        Verdict v = ClaimEngine.evaluate(ClaimId.C9, APP, s, PodSideViews.none());
        assertEquals(Verdict.Status.INCONCLUSIVE, v.status(), VerdictMessages.describe(v));
        assertTrue(v.reason().contains("/proc/sys/net/ipv6/conf/" + APP_CALI + "/accept_ra"), v::reason);
    }

    @Test
    @DisplayName("C9: the node's route to the pod with proto static while Felix is set to boot, or not unicast, fails C9")
    void aHostRouteNotUnicastProtoBootFailsC9() {
        // Felix configured with boot explicitly: another protocol is then a violation, not a setting left unread
        String healthy = RecordedSnapshots.withSection(HEALTHY, "felix.env", RecordedSnapshots.FELIX_ENV_COMMAND, 0,
                RecordedSnapshots.LAB_FELIX_ENV + "FELIX_DEVICEROUTEPROTOCOL=3\n", "");
        String routes = RecordedSnapshots.stdout(HEALTHY, "node.routes");
        String app = "{\"dst\":\"10.42.0.11\",\"dev\":\"" + APP_CALI + "\",\"scope\":\"link\",\"flags\":[]}";
        assertTrue(routes.contains(app), routes);
        for (String changed : List.of(app.replace("\"scope\"", "\"protocol\":\"static\",\"scope\""),
                app.replace("{\"dst\"", "{\"type\":\"multicast\",\"dst\""))) {
            NodeState s = RecordedSnapshots.stateOf(RecordedSnapshots.withSection(healthy, "node.routes", "ip -j route show table main", 0,
                    routes.replace(app, changed), ""));
            Verdict v = ClaimEngine.evaluate(ClaimId.C9, APP, s, PodSideViews.none());
            if (changed.contains("static")) {
                DecidingFact.assertFailsOn(v, "node route 10.42.0.11 protocol", "proto 3", "proto static = 4");
            } else {
                DecidingFact.assertFailsOn(v, "node route 10.42.0.11 type", "unicast", "multicast");
            }
        }
    }

    @Test
    @DisplayName("C4: a route Calico does not add, or a pod route of another proto, fails C4")
    void anExtraOrNonBootPodRouteFailsC4() {
        String view = RecordedSnapshots.stdout(HEALTHY, WEB_VIEW);
        String gateway = "{\"type\":\"unicast\",\"dst\":\"169.254.1.1\",\"dev\":\"eth0\",\"protocol\":\"boot\","
                + "\"scope\":\"link\",\"flags\":[]}";
        assertTrue(view.contains(gateway), view);
        String extra = view.replace(gateway, gateway + ",{\"type\":\"unicast\",\"dst\":\"10.96.0.0/12\",\"gateway\":"
                + "\"169.254.1.1\",\"dev\":\"eth0\",\"protocol\":\"boot\",\"scope\":\"global\",\"flags\":[]}");
        DecidingFact.assertFailsOn(c4OfWebWith(extra), "the pod's main-table routes on eth0",
                "exactly 169.254.1.1 dev eth0 scope link and default via 169.254.1.1 dev eth0",
                "10.96.0.0/12 via 169.254.1.1 dev eth0 scope global");
        // one fact, one wording test: the reason names the route
        assertTrue(c4OfWebWith(extra).reason().contains("10.96.0.0/12 via 169.254.1.1 dev eth0"));

        Verdict kernel = c4OfWebWith(view.replace(gateway, gateway.replace("\"boot\"", "\"kernel\"")));
        DecidingFact.assertFailsOn(kernel, "route 169.254.1.1 type and protocol", "unicast, proto boot",
                "unicast, proto kernel");
    }

    @Test
    @DisplayName("C4: ip_forward=1 in the pod fails unless Calico's config allows IP forwarding, where 1 is expected")
    void podForwardingFollowsAllowIpForwarding() {
        String view = RecordedSnapshots.stdout(HEALTHY, WEB_VIEW);
        String forwarding = view.replace(RecordedSnapshots.netconf(false), RecordedSnapshots.netconf(true));
        Verdict on = c4OfWebWith(forwarding);
        assertEquals(Verdict.Status.FAIL, on.status(), VerdictMessages.describe(on));
        assertEquals("ip_forward=1", on.observed(), "observed");
        assertTrue(on.evidence().excerpts().stream().anyMatch(e -> e.startsWith("ip netconf: inet all forwarding on")),
                () -> "the value read: " + on.evidence().excerpts());

        String allowing = withCni(HEALTHY, RecordedSnapshots.LAB_CNI_CONFIG.replace("\"mtu\":1500",
                "\"mtu\":1500,\"container_settings\":{\"allow_ip_forwarding\":true}"));
        Verdict allowed = c4OfWeb(allowing, forwarding);
        assertEquals(Verdict.Status.PASS, allowed.status(), VerdictMessages.describe(allowed));
        Verdict notSet = c4OfWeb(allowing, view);
        assertEquals(Verdict.Status.FAIL, notSet.status(), VerdictMessages.describe(notSet));
        assertEquals("ip_forward=1", notSet.expected(), "expected with allow_ip_forwarding");
    }

    @Test
    @DisplayName("C5: a host MAC other than ee:ee:ee:ee:ee:ee fails C5 for that pod only")
    void aHostMacOtherThanCalicosFailsC5() {
        NodeState s = RecordedSnapshots.stateOf(withNodeLinkField(HEALTHY, APP_CALI, "\"address\":\"ee:ee:ee:ee:ee:ee\"",
                "\"address\":\"ee:ee:ee:ee:ee:01\""));
        Verdict v = ClaimEngine.evaluate(ClaimId.C5, APP, s, PodSideViews.none());
        assertEquals(Verdict.Status.FAIL, v.status(), VerdictMessages.describe(v));
        assertEquals("ee:ee:ee:ee:ee:ee", v.expected(), "expected");
        assertTrue(v.observed().contains("ee:ee:ee:ee:ee:01"), v::observed);
        assertOthersHold(s, APP, ClaimId.C5);
    }

    @Test
    @DisplayName("C5: veth ends with different MTUs, or both off Calico's MTU, fail C5")
    void mtuOffEitherEndOrCalicosFailsC5() {
        NodeState unequal = RecordedSnapshots.stateOf(withNodeLinkField(HEALTHY, WEB_CALI, "\"mtu\":1500", "\"mtu\":1400"));
        Verdict v = ClaimEngine.evaluate(ClaimId.C5, WEB, unequal, PodSideViews.none());
        assertEquals(Verdict.Status.FAIL, v.status(), VerdictMessages.describe(v));
        assertEquals(WEB_CALI + " mtu 1400, eth0 mtu 1500", v.observed(), "observed");
        assertOthersHold(unequal, WEB, ClaimId.C5);

        String both = withNodeLinkField(HEALTHY, WEB_CALI, "\"mtu\":1500", "\"mtu\":1440");
        String view = RecordedSnapshots.stdout(both, WEB_VIEW);
        int eth0 = view.indexOf("\"ifname\":\"eth0\"");
        both = withView(both, view.substring(0, eth0) + view.substring(eth0).replaceFirst("\"mtu\":1500", "\"mtu\":1440"));
        Verdict off = ClaimEngine.evaluate(ClaimId.C5, WEB, RecordedSnapshots.stateOf(both), PodSideViews.none());
        assertEquals(Verdict.Status.FAIL, off.status(), VerdictMessages.describe(off));
        assertEquals("mtu 1500", off.expected(), "expected");
        assertTrue(off.reason().contains("the netconf mtu"), off::reason);

        String felix = withCni(both, RecordedSnapshots.LAB_CNI_CONFIG.replace("\"mtu\":1500", "\"mtu\":0")
                + "\n==> /var/lib/calico/mtu <==\n1440\n");
        Verdict fromFelix = ClaimEngine.evaluate(ClaimId.C5, WEB, RecordedSnapshots.stateOf(felix), PodSideViews.none());
        assertEquals(Verdict.Status.PASS, fromFelix.status(), VerdictMessages.describe(fromFelix));
        assertEquals("/var/lib/calico/mtu (netconf mtu unset)", fromFelix.evidence().values().get("mtuSource"), "source");
    }

    @Test
    @DisplayName("C5: the expected MTU is 1500 with no netconf mtu and no Felix file; unreadable settings are INCONCLUSIVE")
    void expectedMtuDefaultsTo1500AndUnreadableSettingsAreInconclusive() {
        Verdict dflt = c5OfApp(withCni(HEALTHY, RecordedSnapshots.LAB_CNI_CONFIG.replace("\"mtu\":1500,", "")));
        assertEquals(Verdict.Status.PASS, dflt.status(), VerdictMessages.describe(dflt));
        assertTrue(String.valueOf(dflt.evidence().values().get("mtuSource")).startsWith("the default"),
                () -> "source: " + dflt.evidence().values());
        for (String unreadable : List.of("",
                RecordedSnapshots.LAB_CNI_CONFIG.replace("\"mtu\":1500", "\"mtu\":0") + "\n==> /var/lib/calico/mtu <==\nauto\n",
                RecordedSnapshots.LAB_CNI_CONFIG + "\n==> /etc/cni/net.d/20-calico.conflist <==\n"
                        + RecordedSnapshots.LAB_CNI_CONFIG.lines().skip(1).findFirst().orElseThrow().replace("1500", "1440") + "\n",
                "==> /etc/cni/net.d/10-flannel.conflist <==\n{\"name\":\"cbr0\",\"plugins\":[{\"type\":\"flannel\"}]}\n")) {
            Verdict v = c5OfApp(withCni(HEALTHY, unreadable));
            assertEquals(Verdict.Status.INCONCLUSIVE, v.status(), VerdictMessages.describe(v));
        }
    }

    private static Verdict c5OfApp(String text) {
        return ClaimEngine.evaluate(ClaimId.C5, APP, RecordedSnapshots.stateOf(text), PodSideViews.none());
    }

    private static Verdict c4OfWebWith(String view) {
        return c4OfWeb(HEALTHY, view);
    }

    private static Verdict c4OfWeb(String text, String view) {
        return ClaimEngine.evaluate(ClaimId.C4, WEB, RecordedSnapshots.stateOf(withView(text, view)), PodSideViews.none());
    }

    private static String withView(String text, String view) {
        return RecordedSnapshots.withSection(text, WEB_VIEW, "ip netns exec " + WEB_VIEW.substring("netns.view.".length()), 0,
                view, "");
    }

    private static String withCni(String text, String files) {
        return RecordedSnapshots.withSection(text, "cni.config", RecordedSnapshots.CNI_COMMAND, 0, files, "");
    }

    /** The node links with the first FIELD after the link named DEV replaced. */
    private static String withNodeLinkField(String text, String dev, String field, String replacement) {
        String links = RecordedSnapshots.stdout(text, "node.links");
        int at = links.indexOf("\"ifname\":\"" + dev + "\"");
        int f = links.indexOf(field, at);
        assertTrue(at >= 0 && f > at, () -> field + " of " + dev);
        return RecordedSnapshots.withSection(text, "node.links", "ip -j -d link show", 0,
                links.substring(0, f) + replacement + links.substring(f + field.length()), "");
    }

    /** Every recorded claim (the recording predates Felix's records: no C12) other than BROKEN holds for every pod. */
    private static void assertOthersHold(NodeState s, ExpectedPod pod, ClaimId broken) {
        ClaimEngine.evaluate(PODS, s, PodSideViews.none(), List.of(ClaimId.C1, ClaimId.C2, ClaimId.C3, ClaimId.C4,
                        ClaimId.C5, ClaimId.C6, ClaimId.C7, ClaimId.C8, ClaimId.C9)).stream()
                .filter(v -> !(v.claim() == broken && v.pod().equals(pod.name())))
                .forEach(v -> assertEquals(Verdict.Status.PASS, v.status(), VerdictMessages.describe(v)));
    }
}
