package io.podwire.upgrade;

import io.podwire.claims.ExpectedPod;
import io.podwire.lab.LabNode;
import io.podwire.lab.LabPod;
import io.podwire.node.Fixtures;
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

    @Test
    @DisplayName("Every pod field is read from a correctly wired snapshot, with no leftover and no problem")
    void podFieldsAreReadFromACorrectlyWiredNode() {
        NodeWiring w = NodeWiring.of(PODS, Fixtures.state(Fixtures.THREE_PODS));
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
    @DisplayName("The same snapshot twice gives no change and a passing gate")
    void sameSnapshotGivesNoChange() {
        NodeState s = Fixtures.state(Fixtures.THREE_PODS);
        WiringDiff d = WiringDiff.between(NodeWiring.of(PODS, s), NodeWiring.of(PODS, s), AllowList.none());
        assertEquals(List.of(), d.changes(), "changes");
        assertTrue(d.passes(), d::summary);
        assertEquals("PASS", d.verdict(), "verdict");
    }

    @Test
    @DisplayName("A pod netns unpinned between snapshots is reported as changed fields of that pod only")
    void unpinnedNetnsIsReportedForThatPodOnly() {
        WiringDiff d = diff(AllowList.none());
        assertEquals(List.of(
                        "CHANGED pod test/web ifindexPair: 4<->2 -> 4<->-",
                        "CHANGED pod test/web podAddresses: 10.42.0.12/32 -> absent",
                        "CHANGED pod test/web podMtu: 1500 -> absent",
                        "CHANGED pod test/web podRoutes: 169.254.1.1 dev eth0 scope link; default via 169.254.1.1 dev eth0"
                                + " -> absent",
                        "ADDED node lab-node orphanCaliLink cali787c498fb7a: ifindex 4, peer netns nsid 3 (not pinned)",
                        "ADDED node lab-node orphanRoute 10.42.0.12 dev cali787c498fb7a scope link: dev cali787c498fb7a"
                                + " leads to no ready pod sandbox"),
                d.changes().stream().map(WiringChange::describe).toList(), d.summary());
        assertFalse(d.passes(), d::summary);
        assertEquals("FAIL", d.verdict(), "verdict");
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
    @DisplayName("Rules for every change of the pod turn the verdict to PASS while the changes stay listed")
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
        assertTrue(d.passes(), d::summary);
        assertEquals(d.changes().size(), d.allowed().size(), d::summary);
        assertTrue(d.toJson().contains("\"reason\" : \"web is being moved to another netns on purpose\""), d.toJson());
    }

    private static WiringDiff diff(AllowList allow) {
        return WiringDiff.between(NodeWiring.of(PODS, Fixtures.state(Fixtures.THREE_PODS)),
                NodeWiring.of(PODS, Fixtures.state(Fixtures.WEB_NETNS_UNPINNED)), allow);
    }
}
