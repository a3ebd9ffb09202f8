package io.podwire.claims;

import io.podwire.verdict.Verdict;
import io.podwire.verdict.Evidence;
import io.podwire.verdict.PodTrail;
import io.podwire.verdict.ClaimId;

import io.podwire.node.ExpectedPod;
import io.podwire.node.NodeState;
import io.podwire.node.PodSideViews;

import io.podwire.profile.CniProfiles;
import io.podwire.verdict.CniProfile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;

/** Evaluates every claim for every expected pod on one node: each pod's trail resolved once, then pure claims. */
public final class ClaimEngine {
    private ClaimEngine() {
    }

    /**
     * All verdicts for the non-hostNetwork pods of this node, catalogue entry by entry, pod by pod, plus each entry's
     * node-wide verdict; a claim that needs a probe only for the pods the pinger was to probe: a pod that was not
     * probed has no reachability verdict at all.
     */
    public static List<Verdict> evaluate(List<ExpectedPod> pods, NodeState node, PodSideViews views) {
        return evaluate(pods, node, views, List.of(ClaimId.values()));
    }

    /** As {@link #evaluate(List, NodeState, PodSideViews)}, judging only the catalogue entries {@code claims}. */
    public static List<Verdict> evaluate(List<ExpectedPod> pods, NodeState node, PodSideViews views,
                                         List<ClaimId> claims) {
        List<PodTrail> trails = pods.stream().filter(p -> !p.hostNetwork()).map(p -> PodTrail.resolve(p, node))
                .toList();
        List<Verdict> verdicts = new ArrayList<>(ClaimId.verdictCount(trails.size(), claims));
        CniProfiles.Detected profile = CniProfiles.of(node);
        String describe = profile.describe();
        for (ClaimId claim : claims) {
            for (PodTrail trail : trails) {
                if (claim.needs() != ClaimId.Needs.PROBE || views.probes(trail.pod())) {
                    verdicts.add(withProfile(judge(claim, trail, node, views, profile.profile()), describe));
                }
            }
            judgeNode(claim, node, profile.profile()).map(v -> withProfile(v, describe)).ifPresent(verdicts::add);
        }
        return verdicts;
    }

    /** Every verdict names the CNI profile its node was judged by (evidence value cniProfile: record, report). */
    static Verdict withProfile(Verdict v, String profile) {
        if (v.evidence().values().containsKey("cniProfile")) {
            return v;
        }
        Map<String, Object> values = new LinkedHashMap<>(v.evidence().values());
        values.put("cniProfile", profile);
        return new Verdict(v.claim(), v.namespace(), v.pod(), v.node(), v.status(), v.reason(), v.expected(),
                v.observed(), new Evidence(v.evidence().commands(), v.evidence().excerpts(),
                Collections.unmodifiableMap(values), v.evidence().fact(), v.evidence().decidedBy()));
    }

    public static Verdict evaluate(ClaimId claim, ExpectedPod pod, NodeState s, PodSideViews views) {
        CniProfiles.Detected profile = CniProfiles.of(s);
        return withProfile(judge(claim, PodTrail.resolve(pod, s), s, views, profile.profile()), profile.describe());
    }

    /**
     * Each catalogue entry's judging function, per pod: the generic claims' own, the CNI's facts from its profile. A
     * switch over the catalogue, so an entry without a function does not compile.
     */
    static Verdict judge(ClaimId claim, PodTrail t, NodeState s, PodSideViews v, CniProfile profile) {
        return switch (claim) {
            case C1 -> PodWiringClaims.c1PauseOwnsNamespaces(t, s);
            case C2 -> PodWiringClaims.c2NetnsPinned(t, s);
            case C3 -> PodWiringClaims.c3OnlyLoAndEth0(t, s);
            case C4 -> profile.podAddressing(t, s);
            case C5 -> profile.hostEnd(t, s);
            case C6 -> profile.hostEndName(t, s);
            case C7 -> PodWiringClaims.c7PodHasOneHostEnd(t, s);
            case C8 -> PodWiringClaims.c8EthtoolPeerIsPodEth0(t, s);
            case C9 -> profile.nodeRouting(t, s);
            case C10 -> PodWiringClaims.c10ContainersShareOneView(t, s, v);
            case C11 -> PodWiringClaims.c11PingerReachesPod(t, s, v);
            case C12 -> profile.ownRecord(t, s);
            case C13 -> CniRecordClaims.c13CachedResultAgreesWithKernel(t, s);
        };
    }

    /** The node-wide half of an entry whose scope has one (C7: no orphan workload link). */
    static Optional<Verdict> judgeNode(ClaimId claim, NodeState s, CniProfile profile) {
        if (claim.scope() != ClaimId.Scope.POD_AND_NODE) {
            return Optional.empty();
        }
        if (claim != ClaimId.C7) {
            throw new IllegalStateException(claim + " is judged node-wide but has no node-wide function");
        }
        return Optional.of(PodWiringClaims.c7NoOrphanWorkloadLinks(s, profile));
    }
}
