package io.podwire.claims;

import io.podwire.node.ExpectedPod;
import io.podwire.node.NodeState;
import io.podwire.node.PodSideViews;

import io.podwire.profile.CniProfiles;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;

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
        String profile = CniProfiles.of(node).describe();
        for (ClaimId claim : claims) {
            for (PodTrail trail : trails) {
                if (claim.needs() != ClaimId.Needs.PROBE || views.probes(trail.pod())) {
                    verdicts.add(withProfile(claim.judge(trail, node, views), profile));
                }
            }
            claim.judgeNode(node).map(v -> withProfile(v, profile)).ifPresent(verdicts::add);
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
        return withProfile(claim.judge(PodTrail.resolve(pod, s), s, views), CniProfiles.of(s).describe());
    }
}
