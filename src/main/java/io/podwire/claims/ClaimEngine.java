package io.podwire.claims;

import io.podwire.node.NodeState;
import io.podwire.node.PodSideViews;

import java.util.ArrayList;
import java.util.List;

/** Evaluates every claim for every expected pod on one node: pure, no I/O. */
public final class ClaimEngine {
    private ClaimEngine() {
    }

    /**
     * All verdicts for the non-hostNetwork pods of this node, claim by claim, pod by pod, plus the node-wide C7; C11
     * only for the pods the pinger was to probe: a pod that was not probed has no reachability verdict at all.
     */
    public static List<Verdict> evaluate(List<ExpectedPod> pods, NodeState node, PodSideViews views) {
        List<ExpectedPod> wired = pods.stream().filter(p -> !p.hostNetwork()).toList();
        List<Verdict> verdicts = new ArrayList<>(wired.size() * 11 + 1);
        for (ClaimId claim : ClaimId.values()) {
            for (ExpectedPod pod : wired) {
                if (claim != ClaimId.C11 || views.probes(pod)) {
                    verdicts.add(evaluate(claim, pod, node, views));
                }
            }
            if (claim == ClaimId.C7) {
                verdicts.add(PodWiringClaims.c7NoOrphanCaliLinks(node));
            }
        }
        return verdicts;
    }

    public static Verdict evaluate(ClaimId claim, ExpectedPod pod, NodeState s, PodSideViews views) {
        return switch (claim) {
            case C1 -> PodWiringClaims.c1PauseOwnsNamespaces(pod, s);
            case C2 -> PodWiringClaims.c2NetnsPinned(pod, s);
            case C3 -> PodWiringClaims.c3OnlyLoAndEth0(pod, s);
            case C4 -> PodWiringClaims.c4Slash32AndGatewayRoutes(pod, s);
            case C5 -> PodWiringClaims.c5HostEndIsCaliVethIntoPodNetns(pod, s);
            case C6 -> PodWiringClaims.c6HostVethNameFromWorkload(pod, s);
            case C7 -> PodWiringClaims.c7PodHasOneCaliLink(pod, s);
            case C8 -> PodWiringClaims.c8EthtoolPeerIsPodEth0(pod, s);
            case C9 -> PodWiringClaims.c9NodeRoutesPodThroughCali(pod, s);
            case C10 -> PodWiringClaims.c10ContainersShareOneView(pod, s, views);
            case C11 -> PodWiringClaims.c11PingerReachesPod(pod, s, views);
        };
    }
}
