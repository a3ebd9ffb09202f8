package io.podwire.claims;

import io.podwire.profile.calico.CalicoProfile;

import io.podwire.verdict.Verdict;
import io.podwire.verdict.VerdictMessages;
import io.podwire.verdict.VerdictAssertions;
import io.podwire.verdict.ClaimId;

import io.podwire.node.ExpectedPod;
import io.podwire.lab.LabPod;
import io.podwire.node.RecordedSnapshots;
import io.podwire.node.NodeState;
import io.podwire.node.PodSideViews;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The claims as pure functions, on snapshots recorded from lab nodes: no Docker needed. */
@DisplayName("Claims on recorded lab snapshots (pure functions)")
class ClaimsOnRecordedSnapshotsTest {
    private static final List<ExpectedPod> PODS = LabPod.standard().stream().map(p -> p.expected("lab-node")).toList();

    @Test
    @DisplayName("C1–C8 hold for every pod of the recorded correct wiring, C7 node-wide too, each with its deciding raw lines")
    void nodeSideClaimsHoldOnCorrectWiring() {
        // the recording predates C9's sysctl sections and Felix's records (C12): the claims it has sections for
        List<ClaimId> recorded = List.of(ClaimId.C1, ClaimId.C2, ClaimId.C3, ClaimId.C4, ClaimId.C5, ClaimId.C6,
                ClaimId.C7, ClaimId.C8);
        List<Verdict> nodeSide = ClaimEngine.evaluate(PODS, RecordedSnapshots.state(RecordedSnapshots.THREE_PODS), PodSideViews.none(),
                recorded);
        assertEquals(ClaimId.verdictCount(3, recorded), nodeSide.size(), recorded + " for 3 pods, node-wide halves too");
        VerdictAssertions.assertAllHold(nodeSide);
        // an auditor sees the raw lines behind every pass, not only behind a failure
        nodeSide.forEach(v -> assertFalse(v.evidence().excerpts().isEmpty(), "no deciding raw lines: " + VerdictMessages.describe(v)));
    }

    @Test
    @DisplayName("without pod-side views C10 is INCONCLUSIVE, never PASS, and no pod gets a C11 reachability verdict")
    void missingPodSideViewsAreInconclusive() {
        List<Verdict> verdicts = ClaimEngine.evaluate(PODS, RecordedSnapshots.state(RecordedSnapshots.THREE_PODS), PodSideViews.none());
        verdicts.stream().filter(v -> v.claim() == ClaimId.C10).forEach(v ->
                assertEquals(Verdict.Status.INCONCLUSIVE, v.status(), VerdictMessages.describe(v)));
        assertEquals(List.of(), verdicts.stream().filter(v -> v.claim() == ClaimId.C11).map(VerdictMessages::describe)
                .toList(), "a pod that was not probed has no reachability verdict");
    }

    @Test
    @DisplayName("C2 fails for a pod whose netns is no longer pinned; its netns-side claims are INCONCLUSIVE, not PASS")
    void unpinnedNetnsFailsC2AndLeavesNetnsClaimsInconclusive() {
        NodeState s = RecordedSnapshots.state(RecordedSnapshots.WEB_NETNS_UNPINNED);
        ExpectedPod web = PODS.get(2);
        Verdict c2 = ClaimEngine.evaluate(ClaimId.C2, web, s, PodSideViews.none());
        assertEquals(Verdict.Status.FAIL, c2.status(), VerdictMessages.describe(c2));
        assertTrue(c2.reason().contains("does not list"), c2::reason);
        for (ClaimId claim : List.of(ClaimId.C3, ClaimId.C4, ClaimId.C5, ClaimId.C6, ClaimId.C8)) {
            Verdict v = ClaimEngine.evaluate(claim, web, s, PodSideViews.none());
            assertEquals(Verdict.Status.INCONCLUSIVE, v.status(), VerdictMessages.describe(v));
            assertTrue(v.reason().contains("pinned under no name"), v::reason);
        }
        Verdict orphans = PodWiringClaims.c7NoOrphanWorkloadLinks(s, CalicoProfile.INSTANCE);
        assertEquals(Verdict.Status.FAIL, orphans.status(), "web's cali leads to an unpinned netns: "
                + VerdictMessages.describe(orphans));
    }

    @Test
    @DisplayName("a failing snapshot command makes its claims INCONCLUSIVE with the command and its stderr")
    void failingCommandIsInconclusiveWithCommandAndStderr() {
        NodeState s = RecordedSnapshots.withFailedSection(RecordedSnapshots.THREE_PODS, "ethtool.calia900becc4a6", 127,
                "sh: ethtool: not found");
        Verdict v = ClaimEngine.evaluate(ClaimId.C8, PODS.get(0), s, PodSideViews.none());
        assertEquals(Verdict.Status.INCONCLUSIVE, v.status(), VerdictMessages.describe(v));
        assertTrue(v.reason().contains("ethtool -S calia900becc4a6") && v.reason().contains("exited 127")
                && v.reason().contains("ethtool: not found"), v::reason);
        NodeState noRuntime = RecordedSnapshots.withFailedSection(RecordedSnapshots.THREE_PODS, "runtime.sandboxes", 1,
                "crictl: connect: connection refused");
        ClaimEngine.evaluate(PODS, noRuntime, PodSideViews.none()).stream()
                .filter(x -> x.claim() != ClaimId.C10)
                .forEach(x -> assertEquals(Verdict.Status.INCONCLUSIVE, x.status(), VerdictMessages.describe(x)));
    }

    @Test
    @DisplayName("a pod the node runtime does not know fails C1 (no sandbox), never passes")
    void unknownPodFailsC1() {
        ExpectedPod ghost = new ExpectedPod("test", "ghost", "lab-node", "10.42.0.99", List.of("ghost"), false);
        Verdict v = ClaimEngine.evaluate(ClaimId.C1, ghost, RecordedSnapshots.state(RecordedSnapshots.THREE_PODS), PodSideViews.none());
        assertEquals(Verdict.Status.FAIL, v.status(), VerdictMessages.describe(v));
    }

    @Test
    @DisplayName("hostNetwork pods are not held to pod-netns claims")
    void hostNetworkPodsAreSkippedByDesign() {
        ExpectedPod host = new ExpectedPod("kube-system", "calico-node-x", "lab-node", "172.17.0.2", List.of("calico-node"), true);
        List<Verdict> verdicts = ClaimEngine.evaluate(List.of(host), RecordedSnapshots.state(RecordedSnapshots.THREE_PODS), PodSideViews.none());
        assertEquals(1, verdicts.size(), "only the node-wide C7 verdict");
        assertEquals(Verdict.NODE_SCOPE, verdicts.get(0).pod(), "node-wide");
    }

    @Test
    @DisplayName("a lost probe FAILs C11 on its ping summary, and the reason says a policy may drop it")
    void aLostProbeFailsC11AndNamesPolicy() {
        ExpectedPod pinger = PODS.get(0);
        ExpectedPod app = PODS.stream().filter(p -> p.name().equals("app")).findFirst().orElseThrow();
        String summary = "2 packets transmitted, 0 received, 100% packet loss, time 1001ms";
        io.podwire.node.Reachability lost = io.podwire.node.Reachability.parse("ping", pinger.key(), app.ip(),
                "PING " + app.ip() + "\n" + summary + "\n");
        PodSideViews views = new PodSideViews(java.util.Map.of(),
                java.util.Map.of(app.key(), io.podwire.node.Observed.of(lost, "ping -c 2 -W 2 " + app.ip())),
                true, pinger.key());

        Verdict c11 = ClaimEngine.evaluate(List.of(app), RecordedSnapshots.state(RecordedSnapshots.THREE_PODS), views,
                List.of(ClaimId.C11)).get(0);

        DecidingFact.assertFailsOn(c11, "ping", summary);
        assertTrue(c11.reason().contains(PodWiringClaims.POLICY_MAY_DROP), c11::reason);
    }
}
