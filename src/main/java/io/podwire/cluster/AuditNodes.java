package io.podwire.cluster;

import io.podwire.InfrastructureException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Which nodes the all-pods audit reaches, and how many at once: on a kubeconfig target each reached node gets a
 * privileged hostPID/hostNetwork debug pod, so that is the cluster owner's explicit choice (docs/providers.md).
 * -Dpodwire.audit.nodes = `workload` (the nodes running pinger and app, which the run reaches anyway), `all`, or a
 * comma-separated list of node names. Default: `workload` on a kubeconfig target, `all` on the k3s and kind clusters
 * podwire creates (their nodes are containers reached by docker exec, no debug pod). -Dpodwire.audit.batch = nodes
 * holding a debug pod at once (default 4); a batch's debug pods are removed before the next batch is reached.
 */
public record AuditNodes(Mode mode, Set<String> named, int batch) {
    public static final String NODES_PROPERTY = "podwire.audit.nodes";
    public static final String BATCH_PROPERTY = "podwire.audit.batch";
    public static final int BATCH = 4;

    public enum Mode { WORKLOAD, ALL, NAMED }

    public AuditNodes {
        named = Set.copyOf(named);
        if (batch < 1) {
            throw new InfrastructureException("-D" + BATCH_PROPERTY + "=" + batch + " must be at least 1");
        }
    }

    public static AuditNodes from(Function<String, String> props, ClusterKind kind) {
        String nodes = value(props, NODES_PROPERTY);
        String batchValue = value(props, BATCH_PROPERTY);
        int batch;
        try {
            batch = batchValue.isEmpty() ? BATCH : Integer.parseInt(batchValue);
        } catch (NumberFormatException e) {
            throw new InfrastructureException("-D" + BATCH_PROPERTY + "=" + batchValue + " is not a number of nodes", e);
        }
        if (nodes.isEmpty()) {
            return new AuditNodes(kind == ClusterKind.KUBECONFIG ? Mode.WORKLOAD : Mode.ALL, Set.of(), batch);
        }
        return switch (nodes) {
            case "workload" -> new AuditNodes(Mode.WORKLOAD, Set.of(), batch);
            case "all" -> new AuditNodes(Mode.ALL, Set.of(), batch);
            default -> new AuditNodes(Mode.NAMED, new LinkedHashSet<>(Arrays.stream(nodes.split(","))
                    .map(String::strip).filter(n -> !n.isEmpty()).toList()), batch);
        };
    }

    /** The nodes to audit among those that run a candidate pod, given the workload's nodes. */
    public List<String> choose(Collection<String> withPods, Collection<String> workloadNodes) {
        return withPods.stream().distinct().sorted().filter(n -> switch (mode) {
            case WORKLOAD -> workloadNodes.contains(n);
            case ALL -> true;
            case NAMED -> named.contains(n);
        }).toList();
    }

    /** The chosen nodes in batches of at most {@link #batch()}. */
    public List<List<String>> batches(List<String> nodes) {
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i += batch) {
            out.add(List.copyOf(nodes.subList(i, Math.min(nodes.size(), i + batch))));
        }
        return out;
    }

    /** One line for the log and the report: what was chosen and how it can be changed. */
    public String describe() {
        return switch (mode) {
            case WORKLOAD -> "only the workload's nodes (-D" + NODES_PROPERTY + "=all or =node-a,node-b to audit more)";
            case ALL -> "every node running a selected pod, " + batch + " at a time (-D" + BATCH_PROPERTY + ")";
            case NAMED -> "nodes " + named + ", " + batch + " at a time (-D" + NODES_PROPERTY + ")";
        };
    }

    private static String value(Function<String, String> props, String key) {
        String v = props.apply(key);
        return v == null ? "" : v.strip();
    }
}
