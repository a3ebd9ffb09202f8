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

    private static WiringDiff diff(AllowList allow) {
        return WiringDiff.between(NodeWiring.of(PODS, Fixtures.state(Fixtures.THREE_PODS)),
                NodeWiring.of(PODS, Fixtures.state(Fixtures.WEB_NETNS_UNPINNED)), allow);
    }
}
