package io.podwire.run;

import io.podwire.node.ExpectedPod;
import io.podwire.verdict.Verdict;
import io.podwire.node.NodeState;
import io.podwire.node.PodSideViews;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One node inspected: the pods judged, its parsed snapshot (raw output inside), the pod-side views, every verdict,
 * what each phase took, the infrastructure failure that stopped it, if any (then nothing was judged), and the
 * listed pods that churned by the snapshot (gone, terminating, young: not judged, with the reason).
 */
public record NodeInspection(String node, List<ExpectedPod> pods, NodeState state, PodSideViews views,
                             List<Verdict> verdicts, Duration snapshot, Duration evaluation,
                             Optional<RuntimeException> failure, List<NotJudged> notJudged) {

    static NodeInspection failed(String node, NodeState state, Duration snapshot, RuntimeException why) {
        return new NodeInspection(node, List.of(), state, PodSideViews.none(), List.of(), snapshot, Duration.ZERO,
                Optional.of(why), List.of());
    }

    public boolean failed() {
        return failure.isPresent();
    }
}
