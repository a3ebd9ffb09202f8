package io.podwire.run;

import io.podwire.node.ExpectedPod;
import io.podwire.lab.LabPod;
import io.podwire.node.AnsweringNode;
import io.podwire.profile.calico.FelixEndpointStatus;
import io.podwire.node.RecordedSnapshots;
import io.podwire.node.NodeState;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A snapshot that lacks an expected pod's Felix record is retaken until the record appears or the bound passes. */
@DisplayName("Felix's endpoint-status records: a snapshot is retaken while Felix lags, within a bound")
class SettlePolicyTest {
    private static final List<ExpectedPod> PODS = LabPod.standard().stream().map(p -> p.expected("lab-node")).toList();
    private static final String HEALTHY = RecordedSnapshots.text(RecordedSnapshots.THREE_PODS);

    @Test
    @DisplayName("a record that appears on the second snapshot: two snapshots, the second one judged")
    void aLaggingRecordIsWaitedFor() {
        String lagging = withoutRecordOf("web");
        assertEquals(List.of("test/web"), SettlePolicy.missingRecords(RecordedSnapshots.stateOf(lagging), PODS),
                "web's record is missing");
        AnsweringNode node = new AnsweringNode("lab-node", lagging, HEALTHY);
        NodeState judged = Inspector.snapshot(node, PODS, SettlePolicy.felixRecords(Duration.ofSeconds(5),
                Duration.ofMillis(10)));
        assertEquals(List.of(), SettlePolicy.missingRecords(judged, PODS), "the snapshot with every record is judged");
        assertEquals(2, node.execs(), "snapshots taken");
    }

    @Test
    @DisplayName("a record still missing at the bound stays missing (C12 FAILs on it), the last snapshot judged")
    void aRecordMissingAtTheBoundIsJudgedMissing() {
        AnsweringNode node = new AnsweringNode("lab-node", withoutRecordOf("app"));
        NodeState judged = Inspector.snapshot(node, PODS, SettlePolicy.felixRecords(Duration.ofMillis(200),
                Duration.ofMillis(20)));
        assertEquals(List.of("test/app"), SettlePolicy.missingRecords(judged, PODS), "still missing");
        assertTrue(node.execs() > 1, "retaken within the bound: " + node.execs());
    }

    @Test
    @DisplayName("without a settle policy the first snapshot is judged as it is")
    void noPolicyJudgesTheFirstSnapshot() {
        AnsweringNode node = new AnsweringNode("lab-node", withoutRecordOf("app"), HEALTHY);
        NodeState judged = Inspector.snapshot(node, PODS, SettlePolicy.NONE);
        assertEquals(List.of("test/app"), SettlePolicy.missingRecords(judged, PODS), "the lagging snapshot judged");
        assertEquals(1, node.execs(), "snapshots taken");
    }

    @Test
    @DisplayName("a node where Felix keeps no records is not waited for")
    void noRecordsKeptIsNotWaitedFor() {
        NodeState none = RecordedSnapshots.stateOf(RecordedSnapshots.recorded(RecordedSnapshots.THREE_PODS));
        assertEquals(List.of(), SettlePolicy.missingRecords(none, PODS), "nothing to wait for without the section");
    }

    @Test
    @DisplayName("a negative bound or a zero interval with a bound is refused")
    void nonsensicalBoundsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> SettlePolicy.felixRecords(Duration.ofSeconds(-1),
                Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> SettlePolicy.felixRecords(Duration.ofSeconds(5),
                Duration.ZERO));
    }

    private static String withoutRecordOf(String pod) {
        String section = RecordedSnapshots.stdout(HEALTHY, FelixEndpointStatus.SECTION);
        String file = "file " + FelixEndpointStatus.fileName("test", pod);
        int at = section.indexOf(file);
        int end = section.indexOf('\n', section.indexOf('\n', at) + 1);
        String without = section.substring(0, at) + section.substring(end + 1);
        return RecordedSnapshots.withSection(HEALTHY, FelixEndpointStatus.SECTION, "felix", 0, without, "");
    }
}
