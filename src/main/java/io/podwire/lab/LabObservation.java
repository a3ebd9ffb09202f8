package io.podwire.lab;

import io.podwire.verdict.ClaimId;
import io.podwire.verdict.Verdict;
import io.podwire.node.NodeState;
import io.podwire.node.PodSideViews;
import io.podwire.node.RawSnapshot;
import io.podwire.run.Inspector;
import io.podwire.run.NodeInspection;

import java.util.List;
import java.util.Optional;

/** One look at a lab node through the inspection pipeline: its snapshot (one exec), the pod-side views, every verdict. */
public record LabObservation(RawSnapshot raw, NodeState state, PodSideViews views, List<Verdict> verdicts) {

    public static LabObservation of(LabNode lab) {
        return of(lab, Inspector.create().withPodSide((node, pods) -> PodSideViews.observe(pods, lab.podExec())));
    }

    /** The claims judged from the snapshot alone: one snapshot exec, no exec in any pod (for nodes with many pods). */
    public static LabObservation nodeSide(LabNode lab) {
        return of(lab, Inspector.create().judging(ClaimId.nodeSide()));
    }

    private static LabObservation of(LabNode lab, Inspector inspector) {
        NodeInspection i = inspector.inspect(lab.access(), Optional.of(lab.expectedPods()));
        if (i.failed()) {
            throw i.failure().get();
        }
        return new LabObservation(i.state().raw(), i.state(), i.views(), i.verdicts());
    }

    public List<Verdict> of(ClaimId claim) {
        return verdicts.stream().filter(v -> v.claim() == claim).toList();
    }

    public Verdict of(ClaimId claim, String pod) {
        return verdicts.stream().filter(v -> v.claim() == claim && v.pod().equals(pod)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no verdict " + claim + " for " + pod));
    }
}
