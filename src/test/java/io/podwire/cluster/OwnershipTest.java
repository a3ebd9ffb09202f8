package io.podwire.cluster;

import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
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
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Against fabric8's mock server: a run uses, changes and deletes only what it created itself. */
@EnableKubernetesMockClient(crud = true)
class OwnershipTest {
    private static final Path MANIFESTS = Path.of(System.getProperty("basedir", "."), "manifests");
    private static final RunScope RUN = new RunScope("a1b2c3d4", Duration.ofHours(6));
    KubernetesClient client;

    @Test
    void aRunNamespaceSomeoneElseCreatedIsRefusedAndLeftIntact() {
        namespace(RUN.namespace(), Map.of("team", "payments"));
        client.configMaps().inNamespace(RUN.namespace()).resource(new ConfigMapBuilder().withNewMetadata()
                .withName("their-config").endMetadata().addToData("k", "v").build()).create();

        InfrastructureException e = assertThrows(InfrastructureException.class,
                () -> Workload.apply(client, MANIFESTS, RUN));

        assertTrue(e.getMessage().startsWith("namespace " + RUN.namespace() + " exists on the cluster but was not"
                + " created by podwire"), e.getMessage());
        Namespace after = client.namespaces().withName(RUN.namespace()).get();
        assertEquals(Map.of("team", "payments"), after.getMetadata().getLabels(), "their labels, unchanged");
        assertNotNull(client.configMaps().inNamespace(RUN.namespace()).withName("their-config").get(),
                "their config map, untouched");
        assertEquals(List.of(), client.pods().inNamespace(RUN.namespace()).list().getItems(), "no pod applied");
    }

    @Test
    void anotherRunsNamespaceOfTheSameNameIsRefused() {
        namespace(RUN.namespace(), Map.of(Ownership.MANAGED_BY, Ownership.PODWIRE, RunScope.RUN_LABEL, "ffff0000"));

        InfrastructureException e = assertThrows(InfrastructureException.class,
                () -> Ownership.requireFreeFor(client, RUN, RUN.namespace()));

        assertTrue(e.getMessage().contains("belongs to another podwire run (podwire.io/run=ffff0000)"), e.getMessage());
    }

    @Test
    void onlyThisRunsNamespaceIsDeleted() {
        namespace("theirs", Map.of());
        namespace("other-run", Map.of(Ownership.MANAGED_BY, Ownership.PODWIRE, RunScope.RUN_LABEL, "ffff0000"));
        namespace("argo", Map.of(Ownership.MANAGED_BY, "argocd", RunScope.RUN_LABEL, RUN.id()));
        namespace("ours", RUN.labels());

        for (String ns : List.of("theirs", "other-run", "argo", "ours")) {
            Ownership.deleteRunNamespace(client, RUN, ns);
        }

        assertNotNull(client.namespaces().withName("theirs").get(), "unlabelled namespace kept");
        assertNotNull(client.namespaces().withName("other-run").get(), "another podwire run's namespace kept");
        assertNotNull(client.namespaces().withName("argo").get(), "managed-by=argocd is not ours, whatever its run label");
        assertNull(client.namespaces().withName("ours").get(), "this run's namespace deleted");
    }

    @Test
    void onlyOldLeftoversOfOtherPodwireRunsAreSwept() {
        // the API server (and the mock) sets creationTimestamp itself: the namespaces below are seconds old
        namespace("podwire-dead0001", Map.of(Ownership.MANAGED_BY, Ownership.PODWIRE, RunScope.RUN_LABEL, "dead0001"));
        namespace("old-but-theirs", Map.of(RunScope.RUN_LABEL, "dead0002"));
        namespace("test", Map.of(Ownership.MANAGED_BY, Ownership.PODWIRE));
        namespace(RUN.namespace(), RUN.labels());

        assertEquals(List.of(), Ownership.sweepAbandoned(client, RUN, Instant.now()),
                "a podwire run's namespace younger than 6 h may be a live run's: kept");
        List<String> swept = Ownership.sweepAbandoned(client, RUN, Instant.now().plus(Duration.ofHours(6)));

        assertEquals(List.of("podwire-dead0001"), swept, "6 h later, the other run's namespace only");
        assertNull(client.namespaces().withName("podwire-dead0001").get(), "deleted");
        for (String kept : List.of("old-but-theirs", "test", RUN.namespace())) {
            assertNotNull(client.namespaces().withName(kept).get(), kept + " kept");
        }
    }

    @Test
    void theWorkloadIsMovedIntoTheRunsNamespaceUnderItsOwnNamesWithTheRunLabel() {
        List<HasMetadata> all = new java.util.ArrayList<>();
        for (String f : Workload.FILES) {
            Path p = MANIFESTS.resolve(f);
            for (HasMetadata r : Workload.load(client, p)) {
                Workload.scope(r, RUN, p);
                all.add(r);
            }
        }

        Map<String, String> where = new HashMap<>();
        all.forEach(r -> where.put(r.getKind() + "/" + r.getMetadata().getName(),
                String.valueOf(r.getMetadata().getNamespace())));
        // the Namespace is cluster-scoped (no namespace of its own); the pods keep their names
        assertEquals(Map.of("Namespace/podwire-a1b2c3d4", "null", "Pod/pinger", "podwire-a1b2c3d4",
                "Pod/app", "podwire-a1b2c3d4", "NetworkPolicy/podwire-allow-probe", "podwire-a1b2c3d4"), where,
                "kind/name -> namespace");
        assertTrue(all.stream().allMatch(RUN::owns), "every object carries the run label");
        assertEquals("baseline", all.get(0).getMetadata().getLabels().get("pod-security.kubernetes.io/enforce"),
                "namespace.yaml's own labels are kept");
    }

    @Test
    void aClusterScopedObjectOtherThanTheNamespaceIsRefused() {
        var role = new ClusterRoleBuilder().withNewMetadata().withName("podwire-reader")
                .withLabels(Map.of(Ownership.MANAGED_BY, Ownership.PODWIRE)).endMetadata().build();

        InfrastructureException e = assertThrows(InfrastructureException.class,
                () -> Workload.scope(role, RUN, Path.of("extra.yaml")));

        assertEquals("ClusterRole podwire-reader in extra.yaml is cluster-scoped; podwire applies the workload into"
                + " each run's own namespace only", e.getMessage());
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
