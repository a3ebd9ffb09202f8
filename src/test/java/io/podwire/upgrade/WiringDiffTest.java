package io.podwire.upgrade;

import io.podwire.node.ExpectedPod;
import io.podwire.lab.LabNode;
import io.podwire.lab.LabPod;
import io.podwire.node.RecordedSnapshots;
import io.podwire.node.NodeState;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The wiring diff on snapshots recorded from a lab node (fixtures/lab): no Docker needed. */
@DisplayName("Wiring diff on recorded lab snapshots")
class WiringDiffTest {
    private static final List<ExpectedPod> PODS = LabPod.standard().stream().map(p -> p.expected(LabNode.NODE_NAME))
            .toList();
    private static final String DUAL = RecordedSnapshots.recorded("/fixtures/lab/snapshot-3pods-dualstack.txt");
    private static final List<ExpectedPod> DUAL_PODS = LabPod.dualStack().stream()
            .map(p -> p.expected(LabNode.NODE_NAME)).toList();

    @Test
    @DisplayName("Every pod field is read from a correctly wired snapshot, with no leftover and no problem")
    void podFieldsAreReadFromACorrectlyWiredNode() {
        NodeWiring w = NodeWiring.of(PODS, RecordedSnapshots.state(RecordedSnapshots.THREE_PODS));
        assertEquals(List.of("test/app", "test/pinger", "test/web"), List.copyOf(w.pods().keySet()), "pods");
        var pinger = w.pods().get("test/pinger");
        assertEquals("calia900becc4a6", pinger.get("hostVeth"), "pinger hostVeth");
        assertEquals("10.42.0.10/32", pinger.get("podAddresses"), "pinger podAddresses");
        assertEquals("10.42.0.10 dev calia900becc4a6 scope link", pinger.get("nodeRoute"), "pinger nodeRoute");
        assertEquals("1", pinger.get("proxyArp"), "pinger proxyArp");
        assertEquals("169.254.1.1 dev eth0 scope link; default via 169.254.1.1 dev eth0", pinger.get("podRoutes"),
                "pinger podRoutes");
        assertTrue(pinger.get("ifindexPair").matches("\\d+<->\\d+"), pinger.get("ifindexPair"));
        assertTrue(w.leftovers().values().stream().allMatch(java.util.Map::isEmpty), w.leftovers()::toString);
        assertEquals(List.of(), w.problems(), "problems");
    }

    @Test
    @DisplayName("Leftover links and routes are those named with Felix's interface prefixes; an unreadable prefix is a problem")
    void leftoversFollowFelixsInterfacePrefix() {
        String unpinned = RecordedSnapshots.text(RecordedSnapshots.WEB_NETNS_UNPINNED);
        NodeWiring byDefault = NodeWiring.of(PODS, RecordedSnapshots.stateOf(unpinned));
        assertTrue(byDefault.leftovers().get("orphanCaliLink").containsKey("cali787c498fb7a"), byDefault.leftovers()::toString);
        // under FELIX_INTERFACEPREFIX=wl a cali link is no workload's: not a leftover of Calico's
        NodeWiring wl = NodeWiring.of(PODS, RecordedSnapshots.stateOf(RecordedSnapshots.withSection(unpinned, "felix.env",
                RecordedSnapshots.FELIX_ENV_COMMAND, 0, RecordedSnapshots.LAB_FELIX_ENV + "FELIX_INTERFACEPREFIX=wl\n", "")));
        assertFalse(wl.leftovers().get("orphanCaliLink").containsKey("cali787c498fb7a"), wl.leftovers()::toString);
        assertTrue(wl.leftovers().get("orphanRoute").isEmpty(), wl.leftovers()::toString);
        NodeWiring unread = NodeWiring.of(PODS, RecordedSnapshots.stateOf(RecordedSnapshots.withSection(unpinned, "felix.env",
                RecordedSnapshots.FELIX_ENV_COMMAND, 0, "", "")));
        assertTrue(unread.problems().stream().anyMatch(p -> p.contains("no Felix process")), unread.problems()::toString);
    }

    @Test
    @DisplayName("The same snapshot twice gives no change and a passing gate")
    void sameSnapshotGivesNoChange() {
        NodeState s = RecordedSnapshots.state(RecordedSnapshots.THREE_PODS);
        WiringDiff d = WiringDiff.between(NodeWiring.of(PODS, s), NodeWiring.of(PODS, s), AllowList.none());
        assertEquals(List.of(), d.changes(), "changes");
        assertTrue(d.passes(), d::summary);
        assertEquals("PASS", d.verdict(), "verdict");
    }

    @Test
    @DisplayName("A pod netns unpinned between snapshots is reported for that pod only, and what can't be seen inside it as not observed")
    void unpinnedNetnsIsReportedForThatPodOnly() {
        WiringDiff d = diff(AllowList.none());
        List<String> changes = d.changes().stream().map(WiringChange::describe).toList();
        assertTrue(changes.stream().allMatch(c -> c.contains("test/web") || c.contains("cali787c498fb7a")),
                () -> "only web and its cali link changed: " + changes);
        assertTrue(changes.contains("CHANGED pod test/web netns: cni-c16e6ca4-cb2a-48dd-9e29-9efa1dcfb2d1 -> netns "
                + "inode 4026534080"), () -> "the same netns (inode), no longer pinned: " + changes);
        assertTrue(changes.contains("ADDED node lab-node orphanCaliLink cali787c498fb7a: ifindex 4, peer netns nsid 3 "
                + "is no netns pinned under /var/run/netns"), () -> "web's cali leads to no pinned netns: " + changes);
        assertEquals(1, d.problems().size(), () -> "web's netns can't be entered unpinned: " + d.problems());
        assertTrue(d.problems().get(0).contains("pinned under no name"), d.problems()::toString);
        assertFalse(d.passes(), d::summary);
        assertEquals("FAIL", d.verdict(), "an unexpected change that was seen fails, whatever could not be observed");
    }

    @Test
    @DisplayName("JSON output is byte-for-byte stable and names every change with its allow-list verdict")
    void jsonIsStable() {
        String first = diff(AllowList.none()).toJson();
        assertEquals(first, diff(AllowList.none()).toJson(), "same input, same JSON");
        assertTrue(first.startsWith("{\n  \"schema\" : \"podwire.wiring-diff/v1\""), first);
        assertTrue(first.contains("\"verdict\" : \"FAIL\"") && first.contains("\"allowed\" : false"), first);
    }

    @Test
    @DisplayName("Rules for every change leave the changes listed as allowed, and never hide what could not be observed")
    void allowListedChangesPass() {
        AllowList allow = AllowList.parse("inline", """
                version: 1
                allow:
                  - subject: "test/web"
                    reason: "web is being moved to another netns on purpose"
                  - scope: node
                    reason: "its leftovers too"
                """);
        WiringDiff d = diff(allow);
        assertEquals(d.changes().size(), d.allowed().size(), d::summary);
        assertEquals("INCONCLUSIVE", d.verdict(), d::summary);
        assertFalse(d.passes(), d::summary);
        assertTrue(d.toJson().contains("\"reason\" : \"web is being moved to another netns on purpose\""), d.toJson());
    }

    @Test
    @DisplayName("A re-wiring that changes only one Calico fact (a sysctl, the MAC, the MTU, a route's proto, the pod's"
            + " ip_forward) fails the gate with exactly that field, until an allow-list rule names it")
    void eachCalicoFactChangedAloneShowsInTheDiff() {
        String healthy = RecordedSnapshots.text(RecordedSnapshots.THREE_PODS);
        String app = "cali661a0e7385d";
        String sysctls = RecordedSnapshots.stdout(healthy, "sysctl.interfaces");
        String links = RecordedSnapshots.stdout(healthy, "node.links");
        int appLink = links.indexOf("\"ifname\":\"" + app + "\"");
        String routes = RecordedSnapshots.stdout(healthy, "node.routes");
        String appView = "netns.view." + RecordedSnapshots.stateOf(healthy).sandbox("test", "app").value().orElseThrow().netnsName();
        String view = RecordedSnapshots.stdout(healthy, appView);
        java.util.Map<String, String> changed = new java.util.LinkedHashMap<>();
        for (String[] sysctl : List.of(new String[]{"proxyArp", "/proc/sys/net/ipv4/conf/" + app + "/proxy_arp:1"},
                new String[]{"proxyDelay", "/proc/sys/net/ipv4/neigh/" + app + "/proxy_delay:0"},
                new String[]{"hostForwarding", "/proc/sys/net/ipv4/conf/" + app + "/forwarding:1"},
                new String[]{"routeLocalnet", "/proc/sys/net/ipv4/conf/" + app + "/route_localnet:1"},
                new String[]{"acceptRa", "/proc/sys/net/ipv6/conf/" + app + "/accept_ra:0"})) {
            String flipped = sysctl[1].endsWith(":1") ? sysctl[1].replace(":1", ":0") : sysctl[1].replace(":0", ":7");
            changed.put(sysctl[0], RecordedSnapshots.withSection(healthy, "sysctl.interfaces", RecordedSnapshots.SYSCTLS_COMMAND, 0,
                    sysctls.replace(sysctl[1] + "\n", flipped + "\n"), ""));
        }
        String calicoMac = "\"address\":\"ee:ee:ee:ee:ee:ee\"";
        int mac = links.indexOf(calicoMac, appLink);
        changed.put("hostMac", RecordedSnapshots.withSection(healthy, "node.links", "ip -j -d link show", 0, links.substring(0, mac)
                + "\"address\":\"ee:ee:ee:ee:ee:01\"" + links.substring(mac + calicoMac.length()), ""));
        changed.put("expectedMtu", RecordedSnapshots.withSection(healthy, "cni.config", RecordedSnapshots.CNI_COMMAND, 0,
                RecordedSnapshots.LAB_CNI_CONFIG.replace("\"mtu\":1500", "\"mtu\":0") + "==> /var/lib/calico/mtu <==\n1500\n", ""));
        changed.put("nodeRoute", RecordedSnapshots.withSection(healthy, "node.routes", "ip -j route show table main", 0,
                routes.replace("\"dev\":\"" + app + "\",", "\"dev\":\"" + app + "\",\"protocol\":\"static\","), ""));
        changed.put("podIpForward", RecordedSnapshots.withSection(healthy, appView, "ip netns exec …", 0,
                view.replace(RecordedSnapshots.netconf(false), RecordedSnapshots.netconf(true)), ""));
        NodeWiring before = NodeWiring.of(PODS, RecordedSnapshots.stateOf(healthy));
        // Calico's config is the node's: every pod on it changes; the rest is the app pod's own
        changed.forEach((field, text) -> changedAloneUntilAllowed(before, NodeWiring.of(PODS, RecordedSnapshots.stateOf(text)),
                field, field.equals("expectedMtu") ? List.of("test/app", "test/pinger", "test/web") : List.of("test/app")));
    }

    private static WiringDiff diff(AllowList allow) {
        return WiringDiff.between(NodeWiring.of(PODS, RecordedSnapshots.state(RecordedSnapshots.THREE_PODS)),
                NodeWiring.of(PODS, RecordedSnapshots.state(RecordedSnapshots.WEB_NETNS_UNPINNED)), allow);
    }

    @Test
    @DisplayName("the upgrade diff: one IPv6 fact changed alone (proxy_ndp, the link-local next hop) fails until allowed")
    void eachIpv6FactChangedAloneShowsInTheDiff() {
        String web = "cali787c498fb7a";
        String sysctls = RecordedSnapshots.stdout(DUAL, "sysctl.interfaces");
        String ndp = "/proc/sys/net/ipv6/conf/" + web + "/proxy_ndp:1\n";
        assertTrue(sysctls.contains(ndp), sysctls);
        String addrs = RecordedSnapshots.stdout(DUAL, "node.addrs6");
        int at = addrs.indexOf("\"ifname\":\"" + web + "\"");
        int ll = addrs.indexOf("fe80::ecee:eeff:feee:eeee", at);
        java.util.Map<String, String> changed = java.util.Map.of(
                "proxyNdp", RecordedSnapshots.withSection(DUAL, "sysctl.interfaces", RecordedSnapshots.SYSCTLS_COMMAND, 0,
                        sysctls.replace(ndp, ndp.replace(":1", ":0")), ""),
                "hostIpv6Addresses", RecordedSnapshots.withSection(DUAL, "node.addrs6", "ip -j -6 addr show", 0,
                        addrs.substring(0, ll) + "fe80::ecee:eeff:feee:ee01" + addrs.substring(ll + 25), ""));
        NodeWiring before = NodeWiring.of(DUAL_PODS, RecordedSnapshots.stateOf(DUAL));
        assertEquals("1", before.pods().get("test/web").get("proxyNdp"), "read");
        changed.forEach((field, text) -> changedAloneUntilAllowed(before, NodeWiring.of(DUAL_PODS, RecordedSnapshots.stateOf(text)),
                field, List.of("test/web")));
    }

    /** The diff holds exactly this field, for these pods, and FAILs, until an allow-list rule names the field. */
    private static void changedAloneUntilAllowed(NodeWiring before, NodeWiring after, String field, List<String> pods) {
        WiringDiff d = WiringDiff.between(before, after, AllowList.none());
        assertEquals(List.of(field), d.changes().stream().map(WiringChange::field).distinct().toList(), d::summary);
        assertEquals(pods, d.changes().stream().map(WiringChange::subject).sorted().toList(), d::summary);
        assertEquals("FAIL", d.verdict(), d::summary);
        WiringDiff allowed = WiringDiff.between(before, after, AllowList.parse("inline", "version: 1\nallow:\n"
                + "  - field: \"" + field + "\"\n    reason: \"the new Calico sets it so\"\n"));
        assertTrue(allowed.passes(), allowed::summary);
    }
}
