package io.podwire.lab;

import io.podwire.claims.ClaimEngine;
import io.podwire.claims.ClaimId;
import io.podwire.claims.Verdict;
import io.podwire.node.NodeSnapshotter;
import io.podwire.node.NodeState;
import io.podwire.node.NodeStateReader;
import io.podwire.node.PodSideViews;
import io.podwire.node.RawSnapshot;

import java.util.List;

/** One look at a lab node: its snapshot (one exec), the pod-side views, and every verdict. */
public record LabObservation(RawSnapshot raw, NodeState state, PodSideViews views, List<Verdict> verdicts) {

    public static LabObservation of(LabNode lab) {
        RawSnapshot raw = NodeSnapshotter.take(lab.access());
        NodeState state = NodeStateReader.read(raw);
        PodSideViews views = PodSideViews.observe(lab.expectedPods(), lab.podExec());
        return new LabObservation(raw, state, views, ClaimEngine.evaluate(lab.expectedPods(), state, views));
    }

    /** The node-side claims only (C1–C9): one snapshot exec, no exec in any pod (for nodes with many pods). */
    public static LabObservation nodeSide(LabNode lab) {
        RawSnapshot raw = NodeSnapshotter.take(lab.access());
        NodeState state = NodeStateReader.read(raw);
        List<Verdict> verdicts = ClaimEngine.evaluate(lab.expectedPods(), state, PodSideViews.none()).stream()
                .filter(v -> v.claim().ordinal() <= ClaimId.C9.ordinal()).toList();
        return new LabObservation(raw, state, PodSideViews.none(), verdicts);
    }

    public List<Verdict> of(ClaimId claim) {
        return verdicts.stream().filter(v -> v.claim() == claim).toList();
    }

    public Verdict of(ClaimId claim, String pod) {
        return verdicts.stream().filter(v -> v.claim() == claim && v.pod().equals(pod)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no verdict " + claim + " for " + pod));
    }
}
