package io.podwire.cluster;

import io.podwire.Log;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.podwire.InfrastructureException;
import io.podwire.node.NodeAccess;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Any existing cluster with Calico already installed. Nodes are reached through one privileged debug pod per node
 * (namespace podwire-debug), created on first use and removed with the namespace when the run ends, also on failure.
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
            client.resource(new NamespaceBuilder().withNewMetadata().withName(DebugPodNodeAccess.NAMESPACE)
                            // the debug pods are privileged on purpose; Pod Security admission must allow them here
                            .addToLabels("pod-security.kubernetes.io/enforce", "privileged").endMetadata().build())
                    .fieldManager(CalicoInstaller.FIELD_MANAGER).forceConflicts().serverSideApply();
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
        if (client.nodes().withName(nodeName).get() == null) {
            throw new InfrastructureException("the cluster has no node " + nodeName);
        }
        return nodes.computeIfAbsent(nodeName, n -> DebugPodNodeAccess.create(client, n, debugImage));
    }

    @Override
    public Map<String, String> nodeLogs() {
        return Map.of();
    }

    @Override
    public void close() {
        try {
            client.namespaces().withName(DebugPodNodeAccess.NAMESPACE).delete();
            Waits.until("namespace " + DebugPodNodeAccess.NAMESPACE + " (debug pods) to be deleted", Timeouts.CLEANUP,
                    () -> assertEquals(null, client.namespaces().withName(DebugPodNodeAccess.NAMESPACE).get(),
                            "namespace " + DebugPodNodeAccess.NAMESPACE));
        } catch (RuntimeException e) {
            Log.info("debug namespace " + DebugPodNodeAccess.NAMESPACE + " was not removed: " + e.getMessage()
                    + "; delete it by hand: kubectl delete namespace " + DebugPodNodeAccess.NAMESPACE);
        } finally {
            client.close();
        }
    }
}
