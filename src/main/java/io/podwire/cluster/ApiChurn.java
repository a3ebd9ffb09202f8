package io.podwire.cluster;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.podwire.node.ExpectedPod;
import io.podwire.run.Churn;
import io.podwire.run.NotJudged;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Churn as the API tells it: after a node's snapshot the pods are listed again (one list shared by the nodes whose
 * snapshots were complete when it started), and a listed pod is
 * not judged when the API no longer has it on that node, has a new pod of its name (another uid than the one the
 * listing recorded in {@link ExpectedPod#uid()}: replaced), has it ended, has it terminating, or started it less than
 * the settle bound before the snapshot. A pod still there without a sandbox is judged (missing: C1 FAILs).
 */
final class ApiChurn {
    private final KubernetesClient client;
    private List<Pod> relisted;
    private Instant relistedAt;

    ApiChurn(KubernetesClient client) {
        this.client = client;
    }

    /**
     * Churn with pods younger than {@code settle} at the snapshot not judged (zero: age never keeps a pod from being
     * judged, as for the workload, whose snapshot is retaken until Felix has written its records).
     */
    Churn settlingFor(Duration settle) {
        return (node, pods, at, completeBy) -> {
            Map<String, Pod> now = listingAfter(completeBy).stream()
                    .filter(p -> p.getSpec() != null && node.equals(p.getSpec().getNodeName()))
                    .collect(Collectors.toMap(p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName(),
                            Function.identity(), (a, b) -> a));
            return pods.stream().map(p -> classify(p, Optional.ofNullable(now.get(p.key())), at, settle))
                    .flatMap(Optional::stream).toList();
        };
    }

    /**
     * Every pod, as listed by a list that started after {@code instant}: the last one when it did (the nodes of an
     * audit batch, snapshotted in parallel, mostly share one), else a new one.
     */
    private synchronized List<Pod> listingAfter(Instant instant) {
        if (relisted == null || relistedAt.isBefore(instant)) {
            relistedAt = Instant.now();
            relisted = client.pods().inAnyNamespace().list().getItems();
        }
        return relisted;
    }

    /**
     * The rule, a pure function of the listing and the re-listing: why a listed pod is not judged from the snapshot
     * taken at {@code snapshotAt}, or empty when it is judged. Ages compare the API server's clock (startTime) with
     * this machine's (the snapshot's time): a skew of seconds moves the bound by as much.
     */
    static Optional<NotJudged> classify(ExpectedPod listed, Optional<Pod> now, Instant snapshotAt, Duration settle) {
        String node = listed.node();
        if (now.isEmpty()) {
            return Optional.of(new NotJudged(listed.namespace(), listed.name(), node, NotJudged.Outcome.GONE,
                    "the API has no pod " + listed.key() + " on node " + node + " when listed again after the node's"
                            + " snapshot (" + snapshotAt + "): it was deleted since the run listed it"));
        }
        Pod pod = now.get();
        String uid = pod.getMetadata().getUid();
        // a pod listed without a uid (none recorded) is taken to be the one re-listed, as before uids were kept
        if (listed.uid() != null && uid != null && !listed.uid().equals(uid)) {
            return Optional.of(new NotJudged(listed.namespace(), listed.name(), node, NotJudged.Outcome.REPLACED,
                    "the pod the run listed (uid " + listed.uid() + ") was deleted and a new pod of the same name"
                            + " (uid " + uid + ") runs on " + node + " when listed again after the node's snapshot ("
                            + snapshotAt + "): the snapshot may hold either one's wiring, so neither is judged"));
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
            return Optional.of(new NotJudged(listed.namespace(), listed.name(), node, NotJudged.Outcome.GONE,
                    "the pod ended (phase " + phase + ") since the run listed it: kubelet removes an ended pod's"
                            + " sandbox"));
        }
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            return Optional.of(new NotJudged(listed.namespace(), listed.name(), node, NotJudged.Outcome.TERMINATING,
                    "the pod is being deleted (deletionTimestamp " + pod.getMetadata().getDeletionTimestamp()
                            + ", grace " + pod.getMetadata().getDeletionGracePeriodSeconds() + " s): kubelet tears its"
                            + " containers and sandbox down, so its wiring is no longer what the claims hold"));
        }
        Optional<Instant> started = startedAt(pod);
        if (!settle.isZero() && started.isPresent() && started.get().isAfter(snapshotAt.minus(settle))) {
            return Optional.of(new NotJudged(listed.namespace(), listed.name(), node, NotJudged.Outcome.YOUNG,
                    "the pod started at " + started.get() + ", " + Duration.between(started.get(), snapshotAt)
                            .toSeconds() + " s before the node's snapshot (" + snapshotAt + "), within the settle bound"
                            + " of " + settle.toSeconds() + " s: Calico may not have finished wiring it nor Felix"
                            + " written its record"));
        }
        return Optional.empty();
    }

    /** status.startTime (kubelet accepted the pod; its sandbox follows), else metadata.creationTimestamp. */
    private static Optional<Instant> startedAt(Pod pod) {
        String t = pod.getStatus() != null && pod.getStatus().getStartTime() != null ? pod.getStatus().getStartTime()
                : pod.getMetadata().getCreationTimestamp();
        try {
            return Optional.ofNullable(t).map(Instant::parse);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
