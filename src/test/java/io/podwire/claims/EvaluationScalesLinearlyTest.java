package io.podwire.claims;

import io.podwire.verdict.Verdict;
import io.podwire.verdict.VerdictAssertions;
import io.podwire.verdict.ClaimId;

import io.podwire.node.ExpectedPod;
import io.podwire.lab.LabPod;
import io.podwire.node.NodeState;
import io.podwire.node.PodSideViews;
import io.podwire.node.SyntheticSnapshot;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Evaluation is linear in pods: every claim finds a pod's kernel objects by lookups in the node's indexes, never by
 * rescanning the node. Counted, not timed: how many index entries are iterated for 100 and for 500 pods.
 */
@DisplayName("Scale: evaluation is linear in pods (no per-pod rescans of the node)")
class EvaluationScalesLinearlyTest {

    @Test
    @DisplayName("the node-wide index entries iterated grow 5x from 100 to 500 pods, not 25x")
    void indexEntriesIteratedGrowLinearlyWithPods() {
        long at100 = entriesScannedEvaluating(100);
        long at500 = entriesScannedEvaluating(500);
        assertTrue(at500 <= 5.5 * at100, "entries iterated: " + at100 + " for 100 pods, " + at500
                + " for 500 pods; linear is about 5x, a per-pod rescan would be about 25x");
        assertTrue(at500 <= 4 * 500, "at most a few node-wide entries per pod, got " + at500 + " for 500 pods");
    }

    @Test
    @DisplayName("the synthetic 500-pod node passes every snapshot-only claim for every pod, so the count above covers full evaluations")
    void syntheticNodeIsCorrectlyWired() {
        List<ExpectedPod> pods = pods(500);
        List<Verdict> verdicts = ClaimEngine.evaluate(pods, SyntheticSnapshot.state(pods), PodSideViews.none());
        List<Verdict> nodeSide = verdicts.stream().filter(v -> v.claim().nodeSideOnly()).toList();
        assertEquals(ClaimId.verdictCount(500, ClaimId.nodeSide()), nodeSide.size(),
                "every snapshot-only claim for 500 pods, node-wide halves too");
        VerdictAssertions.assertAllHold(nodeSide);
    }

    private static long entriesScannedEvaluating(int n) {
        List<ExpectedPod> pods = pods(n);
        NodeState state = SyntheticSnapshot.state(pods);
        long before = state.entriesScanned();
        ClaimEngine.evaluate(pods, state, PodSideViews.none());
        return state.entriesScanned() - before;
    }

    private static List<ExpectedPod> pods(int n) {
        return LabPod.many(n).stream().map(p -> p.expected("lab-node")).toList();
    }
}
