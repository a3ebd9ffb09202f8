package io.podwire.cluster;

import io.podwire.Log;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.podwire.InfrastructureException;
import io.podwire.node.NodeAccess;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Any existing cluster with Calico already installed. Nodes are reached through one privileged debug pod per Linux
 * node that is read (namespace podwire-debug, podwire's own), created on first use and removed with the namespace when
 * the run ends, also on failure; leftovers of a killed run are swept at the next start.
 */
public final class KubeconfigCluster implements Cluster {
    private final KubernetesClient client;
    private final String debugImage;
    private final String where;
    private final Map<String, DebugPodNodeAccess> nodes = new ConcurrentHashMap<>();

    private KubeconfigCluster(KubernetesClient client, String debugImage, String where) {
        this.client = client;
        this.debugImage = debugImage;
        this.where = where;
    }

    public static KubeconfigCluster start(ClusterSettings s, Diagnostics diagnostics) {
        KubernetesClient client = Kubeconfigs.connect(s.kubeconfig(), s.kubeContext(), "the kubeconfig provider");
        try {
            CalicoInstaller.awaitReady(client, CalicoInstaller.installedNamespace(client));
            DebugPodNodeAccess.prepareNamespace(client);
            return new KubeconfigCluster(client, s.debugImage(), "existing cluster at " + client.getMasterUrl()
                    + s.kubeContext().map(c -> " (context " + c + ")").orElse(""));
        } catch (RuntimeException e) {
            diagnostics.cluster(client);
            client.close();
            throw e;
        }
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

    /** Debug pods only on the nodes asked for, created together; a node that is missing or not Linux is refused. */
    @Override
    public synchronized void reach(Collection<String> nodeNames) {
        List<String> missing = nodeNames.stream().filter(n -> !nodes.containsKey(n)).distinct().toList();
        for (String n : missing) {
            Node node = client.nodes().withName(n).get();
            if (node == null) {
                throw new InfrastructureException("the cluster has no node " + n);
            }
            String os = node.getMetadata().getLabels() == null ? null
                    : node.getMetadata().getLabels().get(DebugPodNodeAccess.OS_LABEL);
            if (!"linux".equals(os)) {
                throw new InfrastructureException("node " + n + " has " + DebugPodNodeAccess.OS_LABEL + "=" + os
                        + "; podwire reads Linux nodes only (nsenter, ip, crictl)");
            }
        }
        if (!missing.isEmpty()) {
            nodes.putAll(DebugPodNodeAccess.createAll(client, missing, debugImage));
        }
    }

    @Override
    public Map<String, String> nodeLogs() {
        return Map.of();
    }

    @Override
    public void close() {
        try {
            Ownership.deleteOwnNamespace(client, DebugPodNodeAccess.NAMESPACE);
        } catch (RuntimeException e) {
            Log.info("debug namespace " + DebugPodNodeAccess.NAMESPACE + " was not removed: " + e.getMessage()
                    + "; delete it by hand: kubectl delete namespace " + DebugPodNodeAccess.NAMESPACE);
        } finally {
            client.close();
        }
    }
}
