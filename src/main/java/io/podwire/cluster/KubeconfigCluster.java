package io.podwire.cluster;

import io.podwire.Timeouts;

import io.podwire.Log;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.podwire.node.NodeAccess;

import java.util.Collection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Any existing cluster with Calico already installed. Nodes are reached through one privileged debug pod per Linux
 * node that is read, in the run's own debug namespace ({@link RunScope#debugNamespace()}), created on first use and
 * removed with that namespace when the run ends, also on failure; what a killed run left is swept by a later run once
 * it is old (Ownership.sweepAbandoned). A node that cannot be reached is that node's failure only.
 */
public final class KubeconfigCluster implements KubernetesCluster {
    private final KubernetesClient client;
    private final RunScope run;
    private final String debugImage;
    private final String where;
    private final Map<String, NodeAccess> nodes = new ConcurrentHashMap<>();

    private KubeconfigCluster(KubernetesClient client, RunScope run, String debugImage, String where) {
        this.client = client;
        this.run = run;
        this.debugImage = debugImage;
        this.where = where;
    }

    static final String HOW_TO_GET_NODES = "Point -Dpodwire.kubeconfig/-Dpodwire.kube.context at a cluster with that"
            + " many, or leave -D" + ClusterSettings.NODES_PROPERTY + " at 1 (pinger and app on one node, same-node traffic only)";

    public static KubeconfigCluster start(ClusterSettings s, RunScope run, Diagnostics diagnostics) {
        KubernetesClient client = Kubeconfigs.connect(s.kubeconfig(), s.kubeContext(), "the kubeconfig provider");
        try {
            Nodes.requireSchedulable(client, s.nodes(), HOW_TO_GET_NODES);
            if (s.calicoIsTheCni()) {
                // refused before the wait: a policy-only Calico is Ready too, and its wiring claims would not apply
                CalicoInstaller.requireCalicoCni(client);
                CalicoInstaller.awaitReady(client, CalicoInstaller.installedNamespace(client));
            }
            return on(client, run, s.debugImage(), "existing cluster at " + client.getMasterUrl()
                    + s.kubeContext().map(c -> " (context " + c + ")").orElse(""), diagnostics);
        } catch (RuntimeException e) {
            diagnostics.cluster(client);
            client.close();
            throw e;
        }
    }

    /** The provider on a connected client (the mock server's in unit tests): the run's debug namespace prepared. */
    static KubeconfigCluster on(KubernetesClient client, RunScope run, String debugImage, String where,
                                Diagnostics diagnostics) {
        diagnostics.include(run.debugNamespace());
        DebugPodNodeAccess.prepareNamespace(client, run);
        return new KubeconfigCluster(client, run, debugImage, where);
    }

    @Override
    public String description() {
        return where;
    }

    @Override
    public KubernetesClient client() {
        return client;
    }

    @Override
    public NodeAccess node(String nodeName) {
        reach(List.of(nodeName));
        return nodes.get(nodeName);
    }

    /**
     * Debug pods only on the nodes asked for, created together; a node that is missing, not Linux, or whose debug pod
     * does not run is an {@link UnreachableNode}: its inspection fails as infrastructure, the others' go on.
     */
    @Override
    public synchronized void reach(Collection<String> nodeNames) {
        List<String> missing = nodeNames.stream().filter(n -> !nodes.containsKey(n)).distinct().toList();
        List<String> linux = new ArrayList<>();
        for (String n : missing) {
            Node node = client.nodes().withName(n).get();
            String os = node == null || node.getMetadata().getLabels() == null ? null
                    : node.getMetadata().getLabels().get(DebugPodNodeAccess.OS_LABEL);
            if (node == null) {
                nodes.put(n, new UnreachableNode(n, "the cluster has no node " + n));
            } else if (!"linux".equals(os)) {
                nodes.put(n, new UnreachableNode(n, "node " + n + " has " + DebugPodNodeAccess.OS_LABEL + "=" + os
                        + "; podwire reads Linux nodes only (nsenter, ip, crictl)"));
            } else {
                linux.add(n);
            }
        }
        if (!linux.isEmpty()) {
            nodes.putAll(DebugPodNodeAccess.createAll(client, run, linux, debugImage, Timeouts.DEBUG_POD_READY));
        }
    }

    /** Removes these nodes' debug pods now (the audit's batches), so they may be reached again later. */
    @Override
    public synchronized void release(Collection<String> nodeNames) {
        DebugPodNodeAccess.removeAll(client, run, nodeNames);
        nodeNames.forEach(nodes::remove);
    }

    @Override
    public Map<String, String> nodeLogs() {
        return Map.of();
    }

    @Override
    public void close() {
        try {
            Ownership.deleteRunNamespace(client, run, run.debugNamespace());
        } catch (RuntimeException e) {
            Log.info("debug namespace " + run.debugNamespace() + " was not removed: " + e.getMessage()
                    + "; delete it by hand: kubectl delete namespace " + run.debugNamespace());
        } finally {
            client.close();
        }
    }
}
