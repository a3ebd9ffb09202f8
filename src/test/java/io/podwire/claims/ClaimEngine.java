package io.podwire.claims;

import io.podwire.node.NodeState;
import io.podwire.node.PodSideViews;

import java.util.List;

/** Evaluates every claim for every expected pod on one node: pure, no I/O. */
public final class ClaimEngine {
    private ClaimEngine() {
    }

    /** All verdicts for the pods of this node, claim by claim, pod by pod (plus node-wide C7). */
    public static List<Verdict> evaluate(List<ExpectedPod> pods, NodeState node, PodSideViews views) {
        throw new UnsupportedOperationException("being written");
    }
}
