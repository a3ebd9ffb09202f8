package io.podwire.cluster;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.podwire.InfrastructureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Against fabric8's mock server: podwire never uses, changes or deletes a namespace it did not create. */
@EnableKubernetesMockClient(crud = true)
class OwnershipTest {
    private static final Path MANIFESTS = Path.of(System.getProperty("basedir", "."), "manifests");
    KubernetesClient client;

    @Test
    void aPreExistingUnlabelledTestNamespaceIsRefusedAndLeftIntact() {
        namespace(Workload.NAMESPACE, Map.of("team", "payments"));
        client.configMaps().inNamespace(Workload.NAMESPACE).resource(new ConfigMapBuilder().withNewMetadata()
                .withName("their-config").endMetadata().addToData("k", "v").build()).create();

        InfrastructureException e = assertThrows(InfrastructureException.class,
                () -> Workload.apply(client, MANIFESTS));

        assertTrue(e.getMessage().startsWith("namespace test exists on the cluster but was not created by podwire"),
                e.getMessage());
        Namespace after = client.namespaces().withName(Workload.NAMESPACE).get();
        assertNotNull(after, "their namespace test still exists");
        assertEquals(Map.of("team", "payments"), after.getMetadata().getLabels(), "their labels, unchanged");
        assertNotNull(client.configMaps().inNamespace(Workload.NAMESPACE).withName("their-config").get(),
                "their config map, untouched");
        assertEquals(List.of(), client.pods().inNamespace(Workload.NAMESPACE).list().getItems(), "no pod applied");
    }

    @Test
    void onlyAPodwireLabelledNamespaceIsDeleted() {
        namespace("theirs", Map.of());
        namespace("ours", Map.of(Ownership.MANAGED_BY, Ownership.PODWIRE));

        Ownership.deleteOwnNamespace(client, "theirs");
        Ownership.deleteOwnNamespace(client, "ours");

        assertNotNull(client.namespaces().withName("theirs").get(), "unlabelled namespace kept");
        assertNull(client.namespaces().withName("ours").get(), "podwire's namespace deleted");
    }

    @Test
    void theWorkloadsCloseLeavesATestNamespaceSomeoneElseCreatedMeanwhile() {
        namespace(Workload.NAMESPACE, Map.of(Ownership.MANAGED_BY, "argocd"));

        Ownership.deleteOwnNamespace(client, Workload.NAMESPACE);

        assertNotNull(client.namespaces().withName(Workload.NAMESPACE).get(), "managed-by=argocd is not ours");
    }

    @Test
    void aLeftoverOfAnEarlierPodwireRunIsClearedBeforeTheRun() {
        namespace(Workload.NAMESPACE, Map.of(Ownership.MANAGED_BY, Ownership.PODWIRE));

        Ownership.clearNamespaceForUs(client, Workload.NAMESPACE);

        assertNull(client.namespaces().withName(Workload.NAMESPACE).get(), "leftover removed");
    }

    @Test
    void aWorkloadManifestWithoutTheOwnershipLabelIsNotApplied(@TempDir Path dir) throws IOException {
        Path unlabelled = dir.resolve("pinger.yaml");
        Files.writeString(unlabelled, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: pinger\n  namespace: test\n"
                + "spec:\n  containers:\n    - name: pinger\n      image: busybox:1.36.1\n");

        InfrastructureException e = assertThrows(InfrastructureException.class, () -> Workload.load(client, unlabelled));

        assertEquals("Pod pinger in " + unlabelled + " has no label app.kubernetes.io/managed-by: podwire; podwire"
                + " applies only what it can later recognise as its own", e.getMessage());
    }

    private void namespace(String name, Map<String, String> labels) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).withLabels(labels)
                .endMetadata().build()).create();
    }
}
