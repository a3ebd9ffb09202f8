package io.podwire.claims;

import io.podwire.InfrastructureException;
import io.podwire.node.NodeAccess;
import io.podwire.node.NodeSnapshotter;
import io.podwire.node.NodeState;
import io.podwire.node.NodeStateReader;
import io.podwire.node.Observed;
import io.podwire.node.PodSideViews;
import io.podwire.node.RuntimeContainer;
import io.podwire.node.RawSnapshot;
import io.podwire.node.Sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * All-pods mode (issue 6): every claim for every selected non-hostNetwork pod of every node, the nodes snapshotted
 * (one exec each) and evaluated in parallel on a bounded pool. The pods of a node are the ones given (from the API)
 * or, when none are given, the node runtime's own ready sandboxes. This class runs the snapshots; the claims it
 * evaluates stay pure.
 */
public final class ClusterAudit {

    /** Which pods to audit: by namespace (empty = all) and by labels, read from the node runtime's sandbox record. */
    public record PodSelector(Set<String> namespaces, Map<String, String> labels) {
        public static PodSelector all() {
            return new PodSelector(Set.of(), Map.of());
        }

        public static PodSelector namespaces(String... namespaces) {
            return new PodSelector(Set.of(namespaces), Map.of());
        }

        public PodSelector withLabel(String key, String value) {
            Map<String, String> l = new LinkedHashMap<>(labels);
            l.put(key, value);
            return new PodSelector(namespaces, Map.copyOf(l));
        }

        /** A pod the runtime has no sandbox for is kept under a label selector: C1 must fail for it, not skip it. */
        boolean selects(ExpectedPod pod, Optional<Sandbox> sandbox) {
            if (!namespaces.isEmpty() && !namespaces.contains(pod.namespace())) {
                return false;
            }
            return sandbox.isEmpty() || labels.entrySet().stream()
                    .allMatch(e -> e.getValue().equals(sandbox.get().labels().get(e.getKey())));
        }
    }

    /** How pod-side views (C9 ping, C10) are observed on one node; default: none (C10 INCONCLUSIVE). */
    @FunctionalInterface
    public interface PodSide {
        PodSideViews observe(NodeAccess node, List<ExpectedPod> pods);
    }

    /** One node's audit: the pods audited, the parsed snapshot, every verdict, and what each phase took. */
    public record NodeAudit(String node, List<ExpectedPod> pods, NodeState state, List<Verdict> verdicts,
                            Duration snapshot, Duration evaluation, Optional<RuntimeException> failure) {
        public boolean failed() {
            return failure.isPresent();
        }
    }

    private final int parallelism;
    private final PodSelector selector;
    private final PodSide podSide;
    private final Function<NodeAccess, RawSnapshot> snapshots;

    public ClusterAudit(int parallelism, PodSelector selector, PodSide podSide) {
        this(parallelism, selector, podSide, NodeSnapshotter::take);
    }

    private ClusterAudit(int parallelism, PodSelector selector, PodSide podSide,
                         Function<NodeAccess, RawSnapshot> snapshots) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
        }
        this.parallelism = parallelism;
        this.selector = selector;
        this.podSide = podSide;
        this.snapshots = snapshots;
    }

    /** The same audit, reading each node's snapshot from the caller (e.g. one already taken this run). */
    public ClusterAudit readingSnapshotsWith(Function<NodeAccess, RawSnapshot> source) {
        return new ClusterAudit(parallelism, selector, podSide, source);
    }

    /** Node-side claims only (no pod-side views): C10 comes out INCONCLUSIVE. */
    public ClusterAudit(int parallelism, PodSelector selector) {
        this(parallelism, selector, (node, pods) -> PodSideViews.none());
    }

    /** Audits the given pods of each node (e.g. from the API); the selector narrows them. */
    public List<NodeAudit> audit(Map<? extends NodeAccess, List<ExpectedPod>> podsByNode) {
        List<NodeAccess> nodes = new ArrayList<>(podsByNode.keySet());
        return inParallel(nodes, node -> auditNode(node, Optional.of(podsByNode.get(node))));
    }

    /** Audits every pod each node's runtime has a ready sandbox for (no pod list needed, e.g. on a lab node). */
    public List<NodeAudit> auditRuntimePods(List<? extends NodeAccess> nodes) {
        return inParallel(new ArrayList<>(nodes), node -> auditNode(node, Optional.empty()));
    }

    /** One node, in the calling thread. */
    public NodeAudit auditNode(NodeAccess node, Optional<List<ExpectedPod>> given) {
        long t0 = System.nanoTime();
        NodeState state;
        try {
            state = NodeStateReader.read(snapshots.apply(node));
        } catch (RuntimeException e) {
            return new NodeAudit(node.nodeName(), List.of(), null, List.of(), Duration.ofNanos(System.nanoTime() - t0),
                    Duration.ZERO, Optional.of(e));
        }
        long t1 = System.nanoTime();
        List<ExpectedPod> candidates;
        try {
            candidates = given.orElseGet(() -> podsFromRuntime(state));
        } catch (InfrastructureException e) {
            return new NodeAudit(node.nodeName(), List.of(), state, List.of(), Duration.ofNanos(t1 - t0), Duration.ZERO,
                    Optional.of(e));
        }
        Map<String, Sandbox> sandboxes = state.sandboxesByPod().available() ? state.sandboxesByPod().value() : Map.of();
        List<ExpectedPod> pods = candidates.stream()
                .filter(p -> selector.selects(p, Optional.ofNullable(sandboxes.get(p.key())))).toList();
        List<Verdict> verdicts = ClaimEngine.evaluate(pods, state, podSide.observe(node, pods));
        return new NodeAudit(node.nodeName(), pods, state, verdicts, Duration.ofNanos(t1 - t0),
                Duration.ofNanos(System.nanoTime() - t1), Optional.empty());
    }

    /**
     * The pods of a node as its runtime records them: one per ready sandbox, with the sandbox's IP, its containers
     * (by name, in start order) and hostNetwork from the sandbox's network namespace mode.
     */
    public static List<ExpectedPod> podsFromRuntime(NodeState state) {
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

    private interface NodeJob {
        NodeAudit run(NodeAccess node);
    }

    private List<NodeAudit> inParallel(List<NodeAccess> nodes, NodeJob job) {
        if (nodes.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, nodes.size()), r -> {
            Thread t = new Thread(r, "podwire-audit");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<NodeAudit>> futures = new ArrayList<>();
            nodes.forEach(n -> futures.add(pool.submit(() -> job.run(n))));
            List<NodeAudit> audits = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) {
                try {
                    audits.add(futures.get(i).get());
                } catch (ExecutionException e) {
                    RuntimeException cause = e.getCause() instanceof RuntimeException r ? r
                            : new InfrastructureException("audit of node " + nodes.get(i).nodeName() + " failed", e.getCause());
                    audits.add(new NodeAudit(nodes.get(i).nodeName(), List.of(), null, List.of(), Duration.ZERO,
                            Duration.ZERO, Optional.of(cause)));
                }
            }
            return List.copyOf(audits);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("the cluster audit was interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }
}
