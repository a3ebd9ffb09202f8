package io.podwire.cluster;

import io.podwire.Timeouts;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.podwire.InfrastructureException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Node objects as the API reports them. */
public final class Nodes {
    private Nodes() {
    }

    /** Waits until exactly one node is registered (k3s registers its node only after "up and running"). */
    public static String awaitSingleNode(KubernetesClient client) {
        AtomicReference<String> name = new AtomicReference<>();
        Waits.until("the k3s node to be registered with the API", Timeouts.NODE_REGISTERED, () -> {
            List<Node> nodes = client.nodes().list().getItems();
            assertEquals(1, nodes.size(), "registered nodes");
            name.set(nodes.get(0).getMetadata().getName());
        });
        return name.get();
    }

    /**
     * Waits until the server's node and every named agent are registered; returns the server's node (the one node not
     * among the agents). A node of any other name is not one podwire started: the cluster is not what it seems.
     */
    public static String awaitServerAndAgents(KubernetesClient client, Collection<String> agents) {
        AtomicReference<String> server = new AtomicReference<>();
        Waits.until("the k3s server's node and agents " + agents + " to be registered with the API",
                Timeouts.NODE_REGISTERED, () -> {
                    List<String> names = names(client);
                    assertTrue(names.containsAll(agents), "registered nodes " + names + " lack an agent of " + agents);
                    List<String> others = names.stream().filter(n -> !agents.contains(n)).toList();
                    assertEquals(1, others.size(), "nodes other than the agents (the server's): " + others);
                    server.set(others.get(0));
                });
        return server.get();
    }

    /**
     * Refuses a cluster with fewer than {@code wanted} nodes a pod of the workload could be scheduled on, before
     * anything is applied or installed: Linux, not cordoned, no NoSchedule/NoExecute taint the workload does not
     * tolerate. The taints of a node without its CNI yet (not-ready, unreachable) are not counted against it: the
     * Calico install clears them. Names each node left out and why, and how to get such a cluster.
     */
    public static void requireSchedulable(KubernetesClient client, int wanted, String howToGetOne) {
        if (wanted <= 1) {
            return;
        }
        List<Node> nodes = client.nodes().list().getItems();
        Map<String, String> excluded = new TreeMap<>();
        List<String> usable = new ArrayList<>();
        for (Node n : nodes) {
            Optional<String> why = unschedulable(n);
            why.ifPresentOrElse(w -> excluded.put(n.getMetadata().getName(), w), () -> usable.add(n.getMetadata().getName()));
        }
        if (usable.size() < wanted) {
            throw new InfrastructureException("-D" + ClusterSettings.NODES_PROPERTY + "=" + wanted + " needs " + wanted
                    + " nodes the workload can be scheduled on, to put the pinger and a probed pod on different nodes;"
                    + " this cluster has " + usable.size() + (usable.isEmpty() ? "" : " " + usable)
                    + (excluded.isEmpty() ? "" : ", not counted: " + excluded) + ". " + howToGetOne);
        }
    }

    /** Why the workload could not be placed on this node, if it could not. */
    static Optional<String> unschedulable(Node n) {
        Map<String, String> labels = n.getMetadata().getLabels() == null ? Map.of() : n.getMetadata().getLabels();
        String os = labels.get(DebugPodNodeAccess.OS_LABEL);
        if (os != null && !os.equals("linux")) {
            return Optional.of("not Linux (" + DebugPodNodeAccess.OS_LABEL + "=" + os + ")");
        }
        if (n.getSpec() != null && Boolean.TRUE.equals(n.getSpec().getUnschedulable())) {
            return Optional.of("cordoned (spec.unschedulable)");
        }
        List<Taint> taints = n.getSpec() == null || n.getSpec().getTaints() == null ? List.of() : n.getSpec().getTaints();
        return taints.stream().filter(t -> ("NoSchedule".equals(t.getEffect()) || "NoExecute".equals(t.getEffect()))
                        && !TRANSIENT_TAINTS.contains(t.getKey()))
                .findFirst().map(t -> "tainted " + t.getKey() + (t.getValue() == null ? "" : "=" + t.getValue())
                        + ":" + t.getEffect());
    }

    /** Set by the node lifecycle controller while a node has no CNI or no kubelet heartbeat: gone once it is Ready. */
    static final Set<String> TRANSIENT_TAINTS = Set.of("node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable",
            "node.kubernetes.io/network-unavailable", "node.cloudprovider.kubernetes.io/uninitialized");

    public static List<String> names(KubernetesClient client) {
        return client.nodes().list().getItems().stream().map(n -> n.getMetadata().getName()).sorted().toList();
    }
}
