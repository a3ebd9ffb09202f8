package io.podwire.cluster;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.podwire.InfrastructureException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kubeconfig provider's debug pods against fabric8's mock server: only podwire's, only where needed, together. */
@EnableKubernetesMockClient(crud = true)
class DebugPodsTest {
    private static final String NS = DebugPodNodeAccess.NAMESPACE;
    KubernetesClient client;

    @Test
    void aDebugNamespaceSomeoneElseCreatedIsRefusedAndLeftIntact() {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
                .create();
        pod("their-pod", Map.of());

        InfrastructureException e = assertThrows(InfrastructureException.class,
                () -> DebugPodNodeAccess.prepareNamespace(client));

        assertTrue(e.getMessage().startsWith("namespace " + NS + " exists on the cluster but was not created by podwire"),
                e.getMessage());
        assertTrue(client.namespaces().withName(NS).get().getMetadata().getLabels().isEmpty(), "their namespace, unlabelled");
        assertNotNull(client.pods().inNamespace(NS).withName("their-pod").get(), "their pod, untouched");
    }

    @Test
    void leftoverPodwireDebugPodsAreSweptAtStartAndNothingElse() {
        DebugPodNodeAccess.prepareNamespace(client);
        pod("podwire-node-left", Map.of(Ownership.MANAGED_BY, Ownership.PODWIRE));
        pod("not-ours", Map.of());

        DebugPodNodeAccess.prepareNamespace(client);

        assertNull(client.pods().inNamespace(NS).withName("podwire-node-left").get(), "leftover of a killed run swept");
        assertNotNull(client.pods().inNamespace(NS).withName("not-ours").get(), "an unlabelled pod is kept");
    }

    @Test
    void theDebugNamespaceIsCreatedLabelledAsPodwires() {
        DebugPodNodeAccess.prepareNamespace(client);

        var ns = client.namespaces().withName(NS).get();
        assertTrue(Ownership.isOurs(ns), "labelled managed-by=podwire");
        assertEquals("privileged", ns.getMetadata().getLabels().get("pod-security.kubernetes.io/enforce"),
                "the debug namespace admits privileged pods");
    }

    @Test
    void debugPodsOfAllNodesAreCreatedBeforeAnyIsAwaited() throws Exception {
        CompletableFuture<Map<String, DebugPodNodeAccess>> reached = CompletableFuture.supplyAsync(
                () -> DebugPodNodeAccess.createAll(client, List.of("worker-1", "worker-2"), "busybox:1.36.1"));
        String p1 = DebugPodNodeAccess.podName("worker-1");
        String p2 = DebugPodNodeAccess.podName("worker-2");

        // both exist while neither is Running: creation does not wait for the one before
        Awaitility.await("both debug pods created").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertNotNull(client.pods().inNamespace(NS).withName(p1).get(), p1);
            assertNotNull(client.pods().inNamespace(NS).withName(p2).get(), p2);
        });
        assertTrue(!reached.isDone(), "createAll still waits for Running");
        for (String p : List.of(p1, p2)) {
            Pod pod = client.pods().inNamespace(NS).withName(p).get();
            pod.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Running").build());
            client.pods().inNamespace(NS).resource(pod).updateStatus();
        }

        assertEquals(List.of("worker-1", "worker-2"), List.copyOf(reached.get(60, TimeUnit.SECONDS).keySet()));
    }

    @Test
    void aDebugPodRunsOnlyOnLinuxAndCarriesPodwiresLabel() {
        Pod pod = DebugPodNodeAccess.pod("worker-1", "podwire-node-1", "busybox:1.36.1");

        assertEquals(Map.of("kubernetes.io/os", "linux"), pod.getSpec().getNodeSelector());
        assertTrue(Ownership.isOurs(pod), "labelled managed-by=podwire");
    }

    private void pod(String name, Map<String, String> labels) {
        client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(name).withNamespace(NS)
                .withLabels(labels).endMetadata().withNewSpec().addNewContainer().withName("c").withImage("busybox")
                .endContainer().endSpec().build()).create();
    }
}
