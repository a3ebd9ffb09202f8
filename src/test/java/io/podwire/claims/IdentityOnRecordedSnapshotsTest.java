package io.podwire.claims;

import io.podwire.verdict.Verdict;
import io.podwire.verdict.VerdictMessages;
import io.podwire.verdict.VerdictAssertions;
import io.podwire.verdict.ClaimId;

import io.podwire.node.ExpectedPod;
import io.podwire.InfrastructureException;
import io.podwire.lab.LabPod;
import io.podwire.node.ExecResult;
import io.podwire.node.RecordedSnapshots;
import io.podwire.node.NodeState;
import io.podwire.node.PodSideViews;
import io.podwire.upgrade.NodeWiring;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Verdicts decided on kernel identity, on a snapshot recorded from a healthy lab node and edited the way real nodes
 * differ (issue 9): what a live lab node can't produce on demand (old iproute2's JSON, a netns vanishing between
 * `ls` and `nsenter`, an unreadable process record) and the cheap twins of the live variations.
 */
@DisplayName("Claims decided by identity, never by names, bare numbers or message text (recorded snapshots)")
class IdentityOnRecordedSnapshotsTest {
    private static final List<ExpectedPod> PODS = LabPod.standard().stream().map(p -> p.expected("lab-node")).toList();
    private static final String HEALTHY = RecordedSnapshots.text(RecordedSnapshots.THREE_PODS);
    private static final String WEB_NETNS = "cni-c16e6ca4-cb2a-48dd-9e29-9efa1dcfb2d1";
    private static final String WEB_INODE = "4026534080";
    private static final String WEB_VIEW = "netns.view." + WEB_NETNS;

    @Test
    @DisplayName("a second name for a pod's netns, listed first, changes no verdict")
    void aSecondNameForAPodNetnsChangesNothing() {
        String text = withLines(HEALTHY, "netns.list", "dbg-web-2 (id: 3)\n", true);
        text = withLines(text, "netns.inodes", "4 " + WEB_INODE + " /var/run/netns/dbg-web-2\n", false);
        text = RecordedSnapshots.withSection(text, "netns.view.dbg-web-2", "ip netns exec dbg-web-2 sh -c '…'", 0,
                RecordedSnapshots.stdout(HEALTHY, WEB_VIEW), "");
        assertNodeSideHolds(RecordedSnapshots.stateOf(text));
    }

    @Test
    @DisplayName("a plain file left under /var/run/netns changes no pod's verdict and is reported as a leftover")
    void aStalePlainFileUnderVarRunNetnsChangesNothing() {
        String text = withLines(HEALTHY, "netns.list", "cni-0badf11e-0000-4000-8000-000000000000\n", false);
        text = withLines(text, "netns.inodes", "66 1234 /var/run/netns/cni-0badf11e-0000-4000-8000-000000000000\n",
                false);
        text = RecordedSnapshots.withSection(text, "netns.view.cni-0badf11e-0000-4000-8000-000000000000",
                "ip netns exec cni-0badf11e-0000-4000-8000-000000000000 sh -c '…'", 1, "",
                "nsenter: reassociate to namespace 'ns/net' failed: Invalid argument");
        NodeState s = RecordedSnapshots.stateOf(text);
        assertNodeSideHolds(s);
        assertTrue(NodeWiring.of(PODS, s).leftovers().get(NodeWiring.ORPHAN_NETNS)
                        .containsKey("cni-0badf11e-0000-4000-8000-000000000000"),
                () -> "the plain file is a leftover: " + NodeWiring.of(PODS, s).leftovers());
    }

    @Test
    @DisplayName("a netns removed between `ls` and `nsenter` loses only its own view")
    void aNetnsThatVanishedBeforeItsViewLosesOnlyItsOwnView() {
        String text = RecordedSnapshots.withSection(HEALTHY, "netns.view.cni-gone", "ip netns exec cni-gone sh -c '…'", 1, "",
                "nsenter: cannot open /var/run/netns/cni-gone: No such file or directory");
        assertNodeSideHolds(RecordedSnapshots.stateOf(text));
    }

    @Test
    @DisplayName("a process whose comm holds a newline spoils no record")
    void aProcessCommWithANewlineSpoilsNothing() {
        String record = "==> /proc/999/stat <==\n999 (bad\nname) S 1 999 999 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 "
                + "999999 2560000 300 0 0 0 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n\n";
        String text = withLines(HEALTHY, "proc.stat", record, true);
        assertNodeSideHolds(RecordedSnapshots.stateOf(text));
    }

    @Test
    @DisplayName("a process record that can't be read makes only what depends on that process INCONCLUSIVE")
    void anUnreadableProcessRecordTouchesOnlyThatProcess() {
        int pid = RecordedSnapshots.stateOf(HEALTHY).sandbox("test", "pinger").value().orElseThrow().pid();
        String stat = RecordedSnapshots.stdout(HEALTHY, "proc.stat");
        int at = stat.indexOf("==> /proc/" + pid + "/stat <==\n");
        int end = stat.indexOf("\n==> ", at + 1);
        String garbled = stat.substring(0, at) + "==> /proc/" + pid + "/stat <==\n" + pid + " (sleep) S garbled\n"
                + stat.substring(end);
        NodeState s = RecordedSnapshots.stateOf(RecordedSnapshots.withSection(HEALTHY, "proc.stat", "head -v -c 1024 /proc/[0-9]*/stat",
                0, garbled, ""));
        Verdict pinger = ClaimEngine.evaluate(ClaimId.C1, PODS.get(0), s, PodSideViews.none());
        assertEquals(Verdict.Status.INCONCLUSIVE, pinger.status(), VerdictMessages.describe(pinger));
        assertTrue(pinger.reason().contains("garbled"), () -> "names the offending record: " + pinger.reason());
        for (ExpectedPod other : PODS.subList(1, 3)) {
            Verdict v = ClaimEngine.evaluate(ClaimId.C1, other, s, PodSideViews.none());
            assertEquals(Verdict.Status.PASS, v.status(), VerdictMessages.describe(v));
        }
    }

    @Test
    @DisplayName("old iproute2's invalid JSON for a multipath route: routes are read from the text form, each alone")
    void multipathRouteFromOldIproute2IsReadFromTheTextForm() {
        // iproute2 before 5.4 (fixed by commit 4f73cd7f) prints a multipath route's nexthops into the JSON
        String broken = "[{\"dst\":\"default\",\"protocol\":\"bgp\",\"metric\":20,\"flags\":[],\"multipath\":[{"
                + "\"gateway\":\"169.254.0.1\"dev uplink-1 weight 1 ,\"flags\":[]}]}]\n";
        String text = RecordedSnapshots.withSection(HEALTHY, "node.routes", "ip -j route show table main", 0, broken, "");
        String routes = "default proto bgp metric 20 \n\tnexthop via 169.254.0.1 dev uplink-1 weight 1 \n"
                + "\tnexthop via 169.254.0.2 dev uplink-2 weight 1 \n" + RecordedSnapshots.stdout(HEALTHY, "node.routes.text")
                .lines().filter(l -> !l.startsWith("default")).map(l -> l + "\n").reduce("", String::concat);
        NodeState s = RecordedSnapshots.stateOf(RecordedSnapshots.withSection(text, "node.routes.text", "ip route show table main", 0,
                routes, ""));
        assertNodeSideHolds(s);

        String webUnreadable = routes.replace("10.42.0.12 dev cali787c498fb7a scope link",
                "10.42.0.12 nhid 7 proto static");
        NodeState t = RecordedSnapshots.stateOf(RecordedSnapshots.withSection(text, "node.routes.text", "ip route show table main", 0,
                webUnreadable, ""));
        assertEquals(Verdict.Status.INCONCLUSIVE, ClaimEngine.evaluate(ClaimId.C9, PODS.get(2), t,
                PodSideViews.none()).status(), "web's own route line can't be read");
        assertEquals(Verdict.Status.PASS, ClaimEngine.evaluate(ClaimId.C9, PODS.get(1), t, PodSideViews.none())
                .status(), "app's route was read");
    }

    @Test
    @DisplayName("an eth0 that is not there is a violation (FAIL), never `could not observe`")
    void anEth0ThatIsNotThereIsAFail() {
        String view = RecordedSnapshots.stdout(HEALTHY, WEB_VIEW);
        String loOnly = view.substring(0, view.indexOf(",{\"ifindex\":2,")) + "]\n[]\n";
        NodeState s = RecordedSnapshots.stateOf(RecordedSnapshots.withSection(HEALTHY, WEB_VIEW, "ip netns exec " + WEB_NETNS, 0,
                loOnly, ""));
        for (ClaimId claim : List.of(ClaimId.C3, ClaimId.C4, ClaimId.C5, ClaimId.C6, ClaimId.C7, ClaimId.C8, ClaimId.C9)) {
            Verdict v = ClaimEngine.evaluate(claim, PODS.get(2), s, PodSideViews.none());
            assertEquals(Verdict.Status.FAIL, v.status(), VerdictMessages.describe(v));
        }
    }

    @Test
    @DisplayName("a veth named tunl0 in the pod is an extra link; the kernel's own ipip tunl0@NONE is tolerated")
    void aVethNamedTunl0IsNoFallbackDevice() {
        String view = RecordedSnapshots.stdout(HEALTHY, WEB_VIEW);
        int cut = view.indexOf("]\n");
        String vethTunl0 = ",{\"ifindex\":5,\"link_index\":9,\"ifname\":\"tunl0\",\"flags\":[\"BROADCAST\",\"MULTICAST\"],"
                + "\"mtu\":1500,\"operstate\":\"DOWN\",\"link_netnsid\":4,\"linkinfo\":{\"info_kind\":\"veth\"},\"addr_info\":[]}";
        String ipipTunl0 = ",{\"ifindex\":5,\"link\":null,\"ifname\":\"tunl0\",\"flags\":[\"NOARP\"],\"mtu\":1480,"
                + "\"operstate\":\"DOWN\",\"linkinfo\":{\"info_kind\":\"ipip\"},\"addr_info\":[]}";
        Verdict veth = c3OfWebWith(view.substring(0, cut) + vethTunl0 + view.substring(cut));
        assertEquals(Verdict.Status.FAIL, veth.status(), VerdictMessages.describe(veth));
        assertTrue(veth.reason().contains("tunl0@if9 (veth)"), veth::reason);
        Verdict ipip = c3OfWebWith(view.substring(0, cut) + ipipTunl0 + view.substring(cut));
        assertEquals(Verdict.Status.PASS, ipip.status(), VerdictMessages.describe(ipip));
    }

    @Test
    @DisplayName("a device without a kind (a physical NIC or VF moved into the pod) is an extra link, not a fallback tunnel")
    void aKindlessDeviceIsNoFallbackDevice() {
        String view = RecordedSnapshots.stdout(HEALTHY, WEB_VIEW);
        int cut = view.indexOf("]\n");
        // what `ip -j -d addr` prints for a NIC: no linkinfo, no peer
        String nic = ",{\"ifindex\":6,\"ifname\":\"ens5\",\"flags\":[\"BROADCAST\",\"MULTICAST\",\"UP\",\"LOWER_UP\"],"
                + "\"mtu\":1500,\"operstate\":\"UP\",\"addr_info\":[]}";
        Verdict v = c3OfWebWith(view.substring(0, cut) + nic + view.substring(cut));
        assertEquals(Verdict.Status.FAIL, v.status(), VerdictMessages.describe(v));
        assertTrue(v.reason().contains("ens5 (null)"), v::reason);
        Verdict healthy = c3OfWebWith(view);
        assertTrue(!healthy.reason().contains("fallback devices"), () -> "lo is no fallback tunnel: " + healthy.reason());
    }

    @Test
    @DisplayName("a node end set down violates C5; one without carrier (its peer down) holds C5, its linkdown route fails C9")
    void aNodeEndSetDownViolatesC5AndItsLinkdownRouteC9() {
        String up = "\"ifname\":\"cali661a0e7385d\",\"flags\":[\"BROADCAST\",\"MULTICAST\",\"UP\",\"LOWER_UP\"]";
        String links = RecordedSnapshots.stdout(HEALTHY, "node.links");
        NodeState down = RecordedSnapshots.stateOf(RecordedSnapshots.withSection(HEALTHY, "node.links", "ip -j -d link show", 0,
                links.replace(up, "\"ifname\":\"cali661a0e7385d\",\"flags\":[\"BROADCAST\",\"MULTICAST\"]"), ""));
        DecidingFact.assertFailsOn(ClaimEngine.evaluate(ClaimId.C5, PODS.get(1), down, PodSideViews.none()),
                "node end admin state", "cali661a0e7385d <…,UP,…>", "cali661a0e7385d <BROADCAST,MULTICAST> state UP");
        // the pod end down: the node end keeps UP, loses carrier, and the kernel marks its routes linkdown
        String noCarrier = RecordedSnapshots.withSection(HEALTHY, "node.links", "ip -j -d link show", 0, links.replace(up,
                "\"ifname\":\"cali661a0e7385d\",\"flags\":[\"NO-CARRIER\",\"BROADCAST\",\"MULTICAST\",\"UP\"]"), "");
        String route = "{\"dst\":\"10.42.0.11\",\"dev\":\"cali661a0e7385d\",\"scope\":\"link\",\"flags\":[]}";
        String routes = RecordedSnapshots.stdout(HEALTHY, "node.routes");
        assertTrue(routes.contains(route), routes);
        NodeState s = RecordedSnapshots.stateOf(RecordedSnapshots.withSection(noCarrier, "node.routes",
                "ip -j route show table main", 0, routes.replace(route, route.replace("[]", "[\"linkdown\"]")), ""));
        Verdict c5 = ClaimEngine.evaluate(ClaimId.C5, PODS.get(1), s, PodSideViews.none());
        assertEquals(Verdict.Status.PASS, c5.status(), VerdictMessages.describe(c5));
        DecidingFact.assertFailsOn(ClaimEngine.evaluate(ClaimId.C9, PODS.get(1), s, PodSideViews.none()),
                "node route 10.42.0.11 flags", "no dead or linkdown flag", "linkdown");
    }

    @Test
    @DisplayName("one pod's failed exec makes only the claims that read from inside that pod INCONCLUSIVE")
    void oneFailedPodExecTouchesOnlyThatPod() {
        NodeState s = RecordedSnapshots.stateOf(HEALTHY);
        PodSideViews views = PodSideViews.observe(PODS, (pod, container, command) -> {
            if (pod.name().equals("web")) {
                throw new InfrastructureException("exec in test/web: connection reset");
            }
            return new ExecResult(List.of(command), 0, command[0].equals("ping") ? "1 packets transmitted, 1 received, 0% packet loss\n"
                    : "", "");
        });
        List<Verdict> verdicts = ClaimEngine.evaluate(PODS, s, views);
        Verdict webView = verdicts.stream().filter(v -> v.pod().equals("web") && v.claim() == ClaimId.C10).findFirst()
                .orElseThrow();
        assertEquals(Verdict.Status.INCONCLUSIVE, webView.status(), VerdictMessages.describe(webView));
        assertTrue(webView.reason().contains("connection reset"), webView::reason);
        // the pinger probes web from inside the pinger: that exec worked, so web's reachability was judged
        verdicts.stream().filter(v -> !(v.pod().equals("web") && v.claim() == ClaimId.C10))
                .filter(v -> v.claim() != ClaimId.C10)
                // the recording predates libcni's cache section (cni.results): C13 could not observe, for every pod
                .filter(v -> v.claim() != ClaimId.C13)
                .forEach(v -> assertEquals(Verdict.Status.PASS, v.status(), VerdictMessages.describe(v)));
    }

    private static Verdict c3OfWebWith(String view) {
        NodeState s = RecordedSnapshots.stateOf(RecordedSnapshots.withSection(HEALTHY, WEB_VIEW, "ip netns exec " + WEB_NETNS, 0, view,
                ""));
        return ClaimEngine.evaluate(ClaimId.C3, PODS.get(2), s, PodSideViews.none());
    }

    /** The claims this recording has the sections for (it predates Felix's records: no C12). */
    private static final List<ClaimId> RECORDED = List.of(ClaimId.C1, ClaimId.C2, ClaimId.C3, ClaimId.C4, ClaimId.C5,
            ClaimId.C6, ClaimId.C7, ClaimId.C8, ClaimId.C9);

    /** The recorded claims hold for every pod, and node-wide. */
    private static void assertNodeSideHolds(NodeState s) {
        List<Verdict> nodeSide = ClaimEngine.evaluate(PODS, s, PodSideViews.none(), RECORDED);
        assertEquals(ClaimId.verdictCount(3, RECORDED), nodeSide.size(), RECORDED + " for 3 pods, node-wide halves too");
        VerdictAssertions.assertAllHold(nodeSide);
    }

    /** The section with LINES added before (first) or after its recorded output. */
    private static String withLines(String text, String section, String lines, boolean first) {
        String out = RecordedSnapshots.stdout(text, section);
        String command = text.substring(text.indexOf("@@NONCE begin " + section + " ") + ("@@NONCE begin " + section
                + " ").length()).lines().findFirst().orElseThrow();
        return RecordedSnapshots.withSection(text, section, command, 0, first ? lines + out : out + lines, "");
    }
}
