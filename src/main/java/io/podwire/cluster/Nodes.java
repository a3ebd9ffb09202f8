package io.podwire.cluster;

import io.podwire.Timeouts;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

    public static List<String> names(KubernetesClient client) {
        return client.nodes().list().getItems().stream().map(n -> n.getMetadata().getName()).sorted().toList();
    }
}
