package io.podwire.upgrade;

import io.podwire.node.ExpectedPod;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The upgrade's outage probe on a multi-node target pings the pod on another node, and its record says so. */
@DisplayName("Upgrade outage: across nodes where the target has a remote pod, and the record names both nodes")
class CrossNodeOutageTest {
    private static final ExpectedPod PINGER = pod("pinger", "node-a");
    private static final ExpectedPod APP = pod("app", "node-a");
    private static final ExpectedPod REMOTE = pod("remote", "node-b");

    @Test
    @DisplayName("the probe targets remote (another node) when there is one, else app (pinger's node)")
    void theProbeCrossesNodesWhereItCan() {
        assertEquals(REMOTE, UpgradeScenario.probeTarget(List.of(APP, PINGER, REMOTE)));
        assertEquals(APP, UpgradeScenario.probeTarget(List.of(APP, PINGER)), "single-node: as before");
    }

    @Test
    @DisplayName("outage.json names each side's node and whether the outage was measured across nodes")
    void theRecordSaysWhichNodeEachSideIsOn() {
        OutageReport cross = report().between(PINGER.node(), REMOTE.node());
        Map<String, Object> doc = cross.document();

        assertEquals("node-a", doc.get("fromNode"));
        assertEquals("node-b", doc.get("toNode"));
        assertEquals(true, doc.get("crossNode"));
        assertTrue(cross.summary().startsWith("outage probe test/pinger -> 10.42.1.7 (cross-node, node-a -> node-b): "),
                cross.summary());
        assertEquals(false, report().between("node-a", "node-a").crossNode());
        assertTrue(report().between("node-a", "node-a").summary().contains("(same node, node-a)"));
        assertNull(report().document().get("crossNode"), "a path nobody recorded is unknown, not same-node");
        assertEquals(report().gaps(), cross.gaps(), "the measurement itself is unchanged");
    }

    private static OutageReport report() {
        return new OutageReport("test/pinger", "10.42.1.7", "ping", Duration.ofMillis(100), Duration.ofMillis(100), 1,
                50, 48, List.of(new OutageReport.Gap(10, 11, Instant.EPOCH, Instant.EPOCH.plusMillis(200), true)),
                Instant.EPOCH, "");
    }

    private static ExpectedPod pod(String name, String node) {
        return new ExpectedPod("podwire-1", name, node, "10.42.1.7", List.of(name), false);
    }
}
