package io.podwire.claims;

import io.podwire.node.NodeState;
import io.podwire.node.PodSideViews;

import java.util.ArrayList;
import java.util.List;

/** Evaluates every claim for every expected pod on one node: each pod's trail resolved once, then pure claims. */
public final class ClaimEngine {
    private ClaimEngine() {
    }

    /**
     * All verdicts for the non-hostNetwork pods of this node, claim by claim, pod by pod, plus the node-wide C7; C11
     * only for the pods the pinger was to probe: a pod that was not probed has no reachability verdict at all.
     */
    public static List<Verdict> evaluate(List<ExpectedPod> pods, NodeState node, PodSideViews views) {
        List<PodTrail> trails = pods.stream().filter(p -> !p.hostNetwork()).map(p -> PodTrail.resolve(p, node))
                .toList();
        List<Verdict> verdicts = new ArrayList<>(trails.size() * ClaimId.values().length + 1);
        for (ClaimId claim : ClaimId.values()) {
            for (PodTrail trail : trails) {
                if (claim != ClaimId.C11 || views.probes(trail.pod())) {
                    verdicts.add(evaluate(claim, trail, node, views));
                }
            }
            if (claim == ClaimId.C7) {
                verdicts.add(PodWiringClaims.c7NoOrphanCaliLinks(node));
            }
        }
        return verdicts;
    }

    public static Verdict evaluate(ClaimId claim, ExpectedPod pod, NodeState s, PodSideViews views) {
        return evaluate(claim, PodTrail.resolve(pod, s), s, views);
    }

    static Verdict evaluate(ClaimId claim, PodTrail t, NodeState s, PodSideViews views) {
        return switch (claim) {
            case C1 -> PodWiringClaims.c1PauseOwnsNamespaces(t, s);
            case C2 -> PodWiringClaims.c2NetnsPinned(t, s);
            case C3 -> PodWiringClaims.c3OnlyLoAndEth0(t, s);
            case C4 -> PodWiringClaims.c4Slash32AndGatewayRoutes(t, s);
            case C5 -> PodWiringClaims.c5HostEndIsCaliVethIntoPodNetns(t, s);
            case C6 -> PodWiringClaims.c6HostVethNameFromWorkload(t, s);
            case C7 -> PodWiringClaims.c7PodHasOneCaliLink(t, s);
            case C8 -> PodWiringClaims.c8EthtoolPeerIsPodEth0(t, s);
            case C9 -> PodWiringClaims.c9NodeRoutesPodThroughCali(t, s);
            case C10 -> PodWiringClaims.c10ContainersShareOneView(t, s, views);
            case C11 -> PodWiringClaims.c11PingerReachesPod(t, s, views);
            case C12 -> CalicoRecordClaims.c12FelixRecordAgreesWithKernel(t, s);
        };
    }
}
