package io.podwire.lab;

import io.podwire.verdict.ClaimId;
import io.podwire.verdict.Verdict;
import io.podwire.verdict.VerdictAssertions;
import io.podwire.verdict.VerdictMessages;
import io.podwire.node.ExpectedPod;
import io.podwire.report.ClaimReport;
import io.podwire.run.Churn;
import io.podwire.run.Inspector;
import io.podwire.run.NodeInspection;
import io.podwire.run.NotJudged;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Churn on real kernel state: the lab's pods are listed, then one is removed as kubelet + CNI DEL would (its netns,
 * veth, route and runtime record gone) before the node's snapshot. Listed again after the snapshot, it is GONE, not
 * judged; without the second list the same snapshot FAILs it, which is the false FAIL this prevents.
 */
@ExtendWith(LabNodeExtension.class)
@DisplayName("Lab node, churn: a pod removed between list and snapshot is reported gone, not FAIL")
class PodChurnLabIT {

    @Test
    @DisplayName("a pod unwired between list and snapshot is GONE with its reason, every other pod's claims hold")
    void aPodRemovedBetweenListAndSnapshotIsGoneNotFail(@FreshLab LabNode lab) {
        List<ExpectedPod> listed = lab.expectedPods();
        lab.unwire(lab.pod("web"));

        NodeInspection seen = Inspector.create().judging(ClaimId.nodeSide()).tellingChurn(Churn.relisting(lab::expectedPods))
                .inspectAll(Inspector.expectedByNode(listed, n -> lab.access()), 1).get(0);

        assertTrue(seen.failure().isEmpty(), () -> String.valueOf(seen.failure()));
        ClaimReport.notJudged(seen.notJudged());
        assertEquals(List.of("test/web"), seen.notJudged().stream().map(NotJudged::podKey).toList(), "not judged");
        assertEquals(NotJudged.Outcome.GONE, seen.notJudged().get(0).outcome());
        assertTrue(seen.notJudged().get(0).reason().contains("no longer listed"), seen.notJudged().get(0).reason());
        assertTrue(seen.verdicts().stream().noneMatch(v -> v.pod().equals("web")), "a gone pod has no verdict");
        seen.verdicts().forEach(ClaimReport::record);
        VerdictAssertions.assertAllHold(seen.verdicts());

        // the control: the same snapshot judged without listing again holds the gone pod to the claims
        NodeInspection unlisted = Inspector.create().judging(ClaimId.nodeSide()).readingSnapshotsFrom((n, e) -> seen.state())
                .inspectAll(Inspector.expectedByNode(listed, n -> lab.access()), 1).get(0);
        Verdict c1 = unlisted.verdicts().stream().filter(v -> v.claim() == ClaimId.C1 && v.pod().equals("web"))
                .findFirst().orElseThrow();
        assertEquals(Verdict.Status.FAIL, c1.status(), VerdictMessages.describe(c1));
    }
}
