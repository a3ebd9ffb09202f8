package io.podwire.run;

import io.podwire.InfrastructureException;
import io.podwire.Log;
import io.podwire.claims.ClaimEngine;
import io.podwire.verdict.ClaimId;
import io.podwire.node.CniConfigs;
import io.podwire.node.ExpectedPod;
import io.podwire.verdict.Verdict;
import io.podwire.node.NodeAccess;
import io.podwire.node.NodeSnapshotter;
import io.podwire.node.NodeState;
import io.podwire.node.NodeStateReader;
import io.podwire.node.NodeTools;
import io.podwire.node.Observed;
import io.podwire.node.PodSideViews;
import io.podwire.node.RuntimeContainer;
import io.podwire.node.Sandbox;

import io.podwire.profile.CniProfiles;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one inspection pipeline: a node is reached, snapshotted with one exec (retaken as the settle policy says),
 * parsed once, its pods chosen (given, e.g. from the API, or the runtime's ready sandboxes) and narrowed by the
 * selector, its pod-side views observed, and every catalogue claim judged. The conformance run, the all-pods audit,
 * the lab's observations, the upgrade observations and the benchmark all inspect through here. Each node is
 * inspected on its own: a node that fails is that node's infrastructure failure, not the run's.
 */
public final class Inspector {

    /** How pod-side views (C10's per-container view, C11's probe) are observed for a node's pods. */
    @FunctionalInterface
    public interface PodSide {
        PodSideViews observe(NodeAccess node, List<ExpectedPod> pods);

        /** No exec in any pod: claims that need a pod-side view are INCONCLUSIVE, probed ones not judged. */
        static PodSide none() {
            return (node, pods) -> PodSideViews.none();
        }
    }

    /** Where a node's parsed snapshot comes from: taken through the pipeline, or reused (e.g. one per run). */
    @FunctionalInterface
    public interface Snapshots {
        NodeState take(NodeAccess node, List<ExpectedPod> expected);
    }

    private final PodSelector selector;
    private final PodSide podSide;
    private final Snapshots snapshots;
    private final List<ClaimId> claims;
    private final Churn churn;
    private final boolean calicoCniOnly;

    private Inspector(PodSelector selector, PodSide podSide, Snapshots snapshots, List<ClaimId> claims, Churn churn,
                      boolean calicoCniOnly) {
        this.selector = selector;
        this.podSide = podSide;
        this.snapshots = snapshots;
        this.claims = List.copyOf(claims);
        this.churn = churn;
        this.calicoCniOnly = calicoCniOnly;
    }

    /** Every claim of the catalogue, every pod, no pod-side views, each snapshot judged as taken. */
    public static Inspector create() {
        return new Inspector(PodSelector.all(), PodSide.none(), (node, expected) -> snapshot(node, expected,
                SettlePolicy.NONE), List.of(ClaimId.values()), Churn.none(), false);
    }

    public Inspector selecting(PodSelector s) {
        return new Inspector(s, podSide, snapshots, claims, churn, calicoCniOnly);
    }

    public Inspector withPodSide(PodSide p) {
        return new Inspector(selector, p, snapshots, claims, churn, calicoCniOnly);
    }

    /** Snapshots retaken while the policy says the node has not settled. */
    public Inspector settling(SettlePolicy policy) {
        return new Inspector(selector, podSide, (node, expected) -> snapshot(node, expected, policy), claims,
                churn, calicoCniOnly);
    }

    /** Snapshots from {@code source} (e.g. a run's cache that calls {@link #snapshot} once per node). */
    public Inspector readingSnapshotsFrom(Snapshots source) {
        return new Inspector(selector, podSide, source, claims, churn, calicoCniOnly);
    }

    /** Judges only these catalogue entries (e.g. {@link ClaimId#nodeSide()}). */
    public Inspector judging(List<ClaimId> judged) {
        return new Inspector(selector, podSide, snapshots, judged, churn, calicoCniOnly);
    }

    /** Asks {@code c}, after each node's snapshot, which listed pods churned (gone, terminating, young): not judged. */
    public Inspector tellingChurn(Churn c) {
        return new Inspector(selector, podSide, snapshots, claims, c, calicoCniOnly);
    }

    /**
     * A node whose runtime loads a CNI config without Calico's plugin is not judged: it fails as
     * {@link NotACalicoCniNode}, saying which CNI wires its pods (Calico as policy engine only), unless a CNI profile
     * of its own judges it (bridge, ptp: io.podwire.profile). A node whose CNI
     * configs can't be read is judged (the claims that need them say so).
     */
    public Inspector requiringCalicoCni() {
        return new Inspector(selector, podSide, snapshots, claims, churn, true);
    }

    /**
     * A node's snapshot, parsed: ONE exec of the snapshot script, taken again every {@code policy.every()} while an
     * expected pod's Felix record is missing, up to {@code policy.bound()}. The one place node output is parsed.
     */
    public static NodeState snapshot(NodeAccess node, List<ExpectedPod> expected, SettlePolicy policy) {
        long deadline = System.nanoTime() + policy.bound().toNanos();
        while (true) {
            NodeState state = NodeStateReader.read(NodeSnapshotter.take(node));
            List<String> missing = SettlePolicy.missingRecords(state, expected);
            if (missing.isEmpty() || System.nanoTime() >= deadline) {
                return state;
            }
            Log.info("Felix has not written the endpoint-status record of " + missing + " on node " + node.nodeName()
                    + " yet: taking the snapshot again in " + policy.every().toSeconds() + " s (up to "
                    + policy.bound().toSeconds() + " s)");
            pause(policy.every());
        }
    }

    /** One node, in the calling thread; {@code expected} empty: the pods its runtime has ready sandboxes for. */
    public NodeInspection inspect(NodeAccess node, Optional<List<ExpectedPod>> expected) {
        long t0 = System.nanoTime();
        NodeState state;
        try {
            state = snapshots.take(node, expected.orElse(List.of()));
        } catch (RuntimeException e) {
            return NodeInspection.failed(node.nodeName(), null, Duration.ofNanos(System.nanoTime() - t0), e);
        }
        long t1 = System.nanoTime();
        // the snapshot (taken here or earlier, e.g. cached) is complete by now
        Instant held = Instant.now();
        Optional<NodeTools> tools = NodeTools.of(state.raw());
        if (tools.isPresent() && !tools.get().missingRequired().isEmpty()) {
            return NodeInspection.failed(node.nodeName(), state, Duration.ofNanos(t1 - t0), new InfrastructureException(
                    "node " + node.nodeName() + " lacks " + String.join(" and ", tools.get().missingRequired())
                            + " (`" + tools.get().command() + "`): the snapshot can't read its pods' wiring without"
                            + " it; node infrastructure, no claim judged (docs/providers.md, support table)"));
        }
        if (calicoCniOnly) {
            Observed<CniConfigs> cni = state.cniConfigs();
            // a CNI with a profile of its own (bridge, ptp; flannel's bridge) is judged by it (io.podwire.profile)
            if (cni.available() && CniProfiles.of(state).unprofiled().isPresent() && !cni.value().chains("calico")) {
                return NodeInspection.failed(node.nodeName(), state, Duration.ofNanos(t1 - t0),
                        new NotACalicoCniNode(node.nodeName(), cni.value(), cni.command()));
            }
        }
        List<ExpectedPod> candidates;
        try {
            candidates = expected.orElseGet(() -> runtimePods(state));
        } catch (InfrastructureException e) {
            return NodeInspection.failed(node.nodeName(), state, Duration.ofNanos(t1 - t0), e);
        }
        Map<String, Sandbox> sandboxes = state.sandboxesByPod().available() ? state.sandboxesByPod().value() : Map.of();
        List<ExpectedPod> selected = candidates.stream()
                .filter(p -> selector.selects(p, Optional.ofNullable(sandboxes.get(p.key())))).toList();
        List<NotJudged> notJudged;
        try {
            // asked after the snapshot: a pod that left since the list is told apart from one with no sandbox
            notJudged = churn.atSnapshot(node.nodeName(), selected, state.raw().takenAt(), held);
        } catch (RuntimeException e) {
            return NodeInspection.failed(node.nodeName(), state, Duration.ofNanos(t1 - t0), new InfrastructureException(
                    "the pods of node " + node.nodeName() + " could not be listed again after its snapshot, so a pod"
                            + " that left could not be told from a pod without a sandbox: " + e.getMessage(), e));
        }
        Set<String> churned = notJudged.stream().map(NotJudged::podKey).collect(Collectors.toSet());
        List<ExpectedPod> pods = selected.stream().filter(p -> !churned.contains(p.key())).toList();
        PodSideViews views = podSide.observe(node, pods);
        List<Verdict> verdicts = ClaimEngine.evaluate(pods, state, views, claims);
        return new NodeInspection(node.nodeName(), pods, state, views, verdicts, Duration.ofNanos(t1 - t0),
                Duration.ofNanos(System.nanoTime() - t1), Optional.empty(), notJudged);
    }

    /** Every node with its expected pods (empty: the runtime's), at most {@code parallelism} at once, in order. */
    public List<NodeInspection> inspectAll(Map<? extends NodeAccess, Optional<List<ExpectedPod>>> nodes,
                                           int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
        }
        if (nodes.isEmpty()) {
            return List.of();
        }
        List<NodeAccess> order = new ArrayList<>(nodes.keySet());
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, order.size()), r -> {
            Thread t = new Thread(r, "podwire-inspect");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<NodeInspection>> futures = new ArrayList<>();
            order.forEach(n -> futures.add(pool.submit(() -> inspect(n, nodes.get(n)))));
            List<NodeInspection> out = new ArrayList<>();
            for (int i = 0; i < order.size(); i++) {
                try {
                    out.add(futures.get(i).get());
                } catch (ExecutionException e) {
                    RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : new InfrastructureException(
                            "inspection of node " + order.get(i).nodeName() + " failed", e.getCause());
                    out.add(NodeInspection.failed(order.get(i).nodeName(), null, Duration.ZERO, cause));
                }
            }
            return List.copyOf(out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("the inspection of " + order.size() + " node(s) was interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The expected pods grouped by their node, nodes in name order, each node reached through {@code access}. */
    public static Map<NodeAccess, Optional<List<ExpectedPod>>> expectedByNode(List<ExpectedPod> pods,
                                                                             Function<String, NodeAccess> access) {
        Map<String, List<ExpectedPod>> byName = new TreeMap<>();
        pods.forEach(p -> byName.computeIfAbsent(p.node(), n -> new ArrayList<>()).add(p));
        Map<NodeAccess, Optional<List<ExpectedPod>>> out = new LinkedHashMap<>();
        byName.forEach((node, onNode) -> out.put(access.apply(node), Optional.of(List.copyOf(onNode))));
        return out;
    }

    /** Every node, each with the pods its runtime has ready sandboxes for. */
    public List<NodeInspection> inspectRuntimePods(List<? extends NodeAccess> nodes, int parallelism) {
        Map<NodeAccess, Optional<List<ExpectedPod>>> all = new LinkedHashMap<>();
        nodes.forEach(n -> all.put(n, Optional.empty()));
        return inspectAll(all, parallelism);
    }

    /**
     * The pods of a node as its runtime records them: one per ready sandbox, with the sandbox's IP, its containers
     * (by name, in start order) and hostNetwork from the sandbox's network namespace mode.
     */
    public static List<ExpectedPod> runtimePods(NodeState state) {
        Observed<Map<String, Sandbox>> sandboxes = state.sandboxesByPod();
        if (!sandboxes.available()) {
            throw new InfrastructureException("no pod list was given and the node runtime's sandboxes could not be read on "
                    + state.node() + ": " + sandboxes.problem());
        }
        List<ExpectedPod> pods = new ArrayList<>();
        for (Sandbox sb : sandboxes.value().values()) {
            Observed<List<RuntimeContainer>> cs = state.containers(sb.id());
            List<String> names = cs.available() ? cs.value().stream().sorted(Comparator.comparingInt(RuntimeContainer::pid))
                    .map(RuntimeContainer::name).toList() : List.of();
            pods.add(new ExpectedPod(sb.namespace(), sb.podName(), state.node(), sb.ip(), names, sb.hostNetwork(),
                    sb.ipv6()));
        }
        pods.sort(Comparator.comparing(ExpectedPod::key));
        return List.copyOf(pods);
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted while waiting for Felix's endpoint-status records", e);
        }
    }
}
