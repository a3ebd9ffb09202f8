package io.podwire.run;

import io.podwire.node.ExpectedPod;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What became of a node's listed pods by the time its snapshot was taken: pods are listed once and nodes are
 * snapshotted later (a few at a time), so on a live cluster a pod may have gone, be terminating, or have just started.
 * Asked after the snapshot (the pod list is taken again), so that a pod that is gone is told apart from a pod that is
 * there and has no sandbox (missing: that one is judged, and FAILs C1).
 */
@FunctionalInterface
public interface Churn {

    /**
     * The pods of {@code pods} (all on {@code node}) not to judge from the snapshot started at {@code snapshotAt} and
     * complete by {@code completeBy}: a pod list that started after {@code completeBy} is one taken after the snapshot.
     */
    List<NotJudged> atSnapshot(String node, List<ExpectedPod> pods, Instant snapshotAt, Instant completeBy);

    /** Every listed pod is judged: for snapshots of pods that cannot churn (fixtures, recorded snapshots). */
    static Churn none() {
        return (node, pods, at, by) -> List.of();
    }

    /** A pod that {@code list}, taken again after the snapshot, no longer names on its node is gone. */
    static Churn relisting(Supplier<List<ExpectedPod>> list) {
        return (node, pods, at, by) -> {
            Set<String> now = list.get().stream().filter(p -> node.equals(p.node())).map(ExpectedPod::key)
                    .collect(Collectors.toSet());
            return pods.stream().filter(p -> !now.contains(p.key()))
                    .map(p -> new NotJudged(p.namespace(), p.name(), node, NotJudged.Outcome.GONE, "listed before the"
                            + " snapshot of " + node + " (" + at + "), no longer listed on it after: it left while the run"
                            + " went, so its wiring is not judged"))
                    .toList();
        };
    }
}
