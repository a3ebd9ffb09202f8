package io.podwire.cluster;

import io.podwire.claims.ExpectedPod;
import io.podwire.lab.LabPod;
import io.podwire.node.Fixtures;
import io.podwire.node.FelixEndpointStatus;
import io.podwire.node.RawSnapshot;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** A snapshot that lacks a workload pod's Felix record is retaken until the record appears or the bound passes. */
@DisplayName("Felix's endpoint-status records: a snapshot is retaken while Felix lags, within a bound")
class FelixRecordsSettleTest {
    private static final List<ExpectedPod> PODS = LabPod.standard().stream().map(p -> p.expected("lab-node")).toList();
    private static final String HEALTHY = Fixtures.text(Fixtures.THREE_PODS);

    @Test
    @DisplayName("a record that appears on the second snapshot: two snapshots, the second one judged")
    void aLaggingRecordIsWaitedFor() {
        RawSnapshot lagging = Fixtures.rawOf(withoutRecordOf("web"));
        RawSnapshot settled = Fixtures.rawOf(HEALTHY);
        assertEquals(List.of("test/web"), FelixRecordsSettle.missing(lagging, PODS), "web's record is missing");
        Deque<RawSnapshot> taken = new ArrayDeque<>(List.of(lagging, settled));
        RawSnapshot judged = FelixRecordsSettle.settled(taken::pop, PODS, Duration.ofSeconds(5), Duration.ofMillis(10));
        assertSame(settled, judged, "the snapshot with every record");
        assertEquals(0, taken.size(), "snapshots taken");
    }

    @Test
    @DisplayName("a record still missing at the bound stays missing (C12 FAILs on it), the last snapshot judged")
    void aRecordMissingAtTheBoundIsJudgedMissing() {
        String lagging = withoutRecordOf("app");
        int[] takes = {0};
        RawSnapshot judged = FelixRecordsSettle.settled(() -> {
            takes[0]++;
            return Fixtures.rawOf(lagging);
        }, PODS, Duration.ofMillis(200), Duration.ofMillis(20));
        assertEquals(List.of("test/app"), FelixRecordsSettle.missing(judged, PODS), "still missing");
        assertEquals(true, takes[0] > 1 && takes[0] < 50, "retaken within the bound: " + takes[0]);
    }

    @Test
    @DisplayName("a node where Felix keeps no records is not waited for")
    void noRecordsKeptIsNotWaitedFor() {
        RawSnapshot none = Fixtures.rawOf(Fixtures.recorded(Fixtures.THREE_PODS));
        assertEquals(List.of(), FelixRecordsSettle.missing(none, PODS), "nothing to wait for without the section");
    }

    private static String withoutRecordOf(String pod) {
        String section = Fixtures.stdout(HEALTHY, FelixEndpointStatus.SECTION);
        String file = "file " + FelixEndpointStatus.fileName("test", pod);
        int at = section.indexOf(file);
        int end = section.indexOf('\n', section.indexOf('\n', at) + 1);
        String without = section.substring(0, at) + section.substring(end + 1);
        return Fixtures.withSection(HEALTHY, FelixEndpointStatus.SECTION, "felix", 0, without, "");
    }
}
