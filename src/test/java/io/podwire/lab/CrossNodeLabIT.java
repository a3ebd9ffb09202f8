package io.podwire.lab;

import io.podwire.Timeouts;
import io.podwire.upgrade.LabUpgrades;
import io.podwire.upgrade.OutageProbe;
import io.podwire.upgrade.OutageReport;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.containers.Network;

import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cross-node traffic on two lab nodes on one Docker network: each node wires its pods as containerd + Calico do, and
 * routes the other node's pod block via the other node's address, as Calico's BGP mode does without encapsulation
 * (BIRD programs `<block> via <node IP> dev eth0 proto bird`; calico confd/ templates, routing in
 * docs.tigera.io "Configure BGP peering"). The pinger on node A probes a pod on node B; the route to B's block is
 * removed while the probe runs and restored, and the outage across nodes is measured from the probe's own log.
 */
@ExtendWith(LabNodeExtension.class)
@DisplayName("Lab nodes, cross-node: the pinger on one node reaches a pod on another, and an outage between them is measured")
class CrossNodeLabIT {
    private static final String BLOCK_A = "10.42.0.0/26";
    private static final String BLOCK_B = "10.42.1.0/26";
    private static final LabPod REMOTE = new LabPod("test", "remote", "10.42.1.5", List.of("remote"));
    private static final Duration INTERVAL = Duration.ofMillis(100);
    /** Probes lost while the route is away, at least: enough to be an outage, few enough to keep the test short. */
    private static final int LOST_WHILE_CUT = 5;

    @Test
    @DisplayName("pinger on node A reaches a pod on node B through the block route, and loses it exactly while the route is gone")
    void theCrossNodeProbeReachesAndMeasuresAnOutageAcrossNodes() {
        try (Network network = Network.newNetwork(); LabNode a = LabNode.start(network); LabNode b = LabNode.start(network)) {
            a.wire(List.of(LabPod.standard().get(0)));
            b.wire(List.of(REMOTE));
            String route = "ip route replace " + BLOCK_B + " via " + b.address() + " dev eth0 proto bird";
            a.run("route node B's pod block via node B", route);
            b.run("route node A's pod block via node A", "ip route replace " + BLOCK_A + " via " + a.address()
                    + " dev eth0 proto bird");

            OutageProbe probe = OutageProbe.start(a.access(), pingerPid(a), "test/pinger@A", REMOTE.ip(), INTERVAL,
                    Duration.ofSeconds(60)).awaitAnswered(5);
            long beforeCut = LabUpgrades.echoRequestsSent(a);
            a.run("remove the route to node B's pod block", "ip route del " + BLOCK_B);
            long cutFrom = LabUpgrades.echoRequestsSent(a);
            // the path stays down until the pinger's kernel has sent LOST_WHILE_CUT more echo requests into it
            await("the pinger to send " + LOST_WHILE_CUT + " echo requests with no route to node B's block")
                    .atMost(Timeouts.EXEC).pollInterval(INTERVAL)
                    .until(() -> LabUpgrades.echoRequestsSent(a) >= cutFrom + LOST_WHILE_CUT);
            long cutTo = LabUpgrades.echoRequestsSent(a);
            a.run("restore the route to node B's pod block", route);
            int answered = probe.answeredSoFar();
            OutageReport report = probe.awaitAnswered(answered + 5).stop().collect();

            assertTrue(beforeCut >= 5, "echo requests before the cut: " + beforeCut);
            assertEquals(1, report.gaps().size(), report::summary);
            OutageReport.Gap gap = report.gaps().get(0);
            assertTrue(gap.recovered(), report::summary);
            // every echo sent while the route was away is lost (the kernel counted them between the two reads)
            assertTrue(gap.lost() >= cutTo - cutFrom, () -> "lost " + gap.lost() + " >= sent while cut " + (cutTo - cutFrom)
                    + ": " + report.summary());
            assertTrue(report.received() >= 10, report::summary);
        }
    }

    private static int pingerPid(LabNode lab) {
        String id = lab.pod("pinger").containerIds().get("pinger");
        return Integer.parseInt(lab.run("the pinger's container pid", "cat " + WiredPod.pidFile(id)).stdout().strip());
    }
}
