package io.podwire.claims;

import io.podwire.verdict.Verdict;
import io.podwire.verdict.VerdictMessages;
import io.podwire.verdict.ClaimId;

import io.podwire.node.ExpectedPod;
import io.podwire.node.RecordedSnapshots;
import io.podwire.node.NodeState;
import io.podwire.node.PodSideViews;
import io.podwire.node.NodeStateReader;
import io.podwire.node.RawSnapshot;
import io.podwire.node.SyntheticSnapshot;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** C2 is decided by the runtime's own record of the sandbox's netns path, not by containerd's `cni-` naming. */
class NetnsNamedByTheRuntimeTest {
    private static final ExpectedPod PINGER = new ExpectedPod("test", "pinger", "lab-node", "10.42.0.10",
            List.of("pinger"), false);

    @Test
    @DisplayName("C2 holds for a netns pinned under a CRI-O style name (a bare UUID, no cni- prefix)")
    void c2HoldsForANetnsPinnedWithoutTheCniPrefix() {
        // CRI-O pins the pod netns as /var/run/netns/<uuid> (internal/config/nsmgr); the runtime spec records that path
        String crio = SyntheticSnapshot.text(List.of(PINGER)).replace("cni-0", "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9");
        NodeState s = NodeStateReader.read(RawSnapshot.parse("lab-node", Instant.EPOCH, RecordedSnapshots.NONCE, crio));

        Verdict c2 = ClaimEngine.evaluate(ClaimId.C2, PINGER, s, PodSideViews.none());

        assertEquals(Verdict.Status.PASS, c2.status(), VerdictMessages.describe(c2));
    }
}
