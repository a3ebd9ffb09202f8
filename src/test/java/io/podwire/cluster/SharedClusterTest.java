package io.podwire.cluster;

import io.podwire.run.RunEvents;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.podwire.node.ExpectedPod;
import io.podwire.node.NodeAccess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two conformance runs at once against one cluster (fabric8's mock server, crud) that also has its own namespace
 * `test` with a pod pinger: each run applies pinger and app into its own namespace, gets debug pods in its own debug
 * namespace, and removes only its own; the other run's objects and the cluster owner's `test` are never touched.
 */
@EnableKubernetesMockClient(crud = true)
class SharedClusterTest {
    private static final Path MANIFESTS = Path.of(System.getProperty("basedir", "."), "manifests");
    private static final String NODE = "node-1";
    KubernetesClient client;
    private ScheduledExecutorService kubelet;

    @BeforeEach
    void clusterWithItsOwnTestNamespaceAndAKubelet() {
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName(NODE)
                .addToLabels("kubernetes.io/os", "linux").endMetadata().build()).create();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("test")
                .addToLabels("team", "payments").endMetadata().build()).create();
        client.pods().inNamespace("test").resource(new PodBuilder().withNewMetadata().withName("pinger")
                .withNamespace("test").endMetadata().withNewSpec().addNewContainer().withName("theirs")
                .withImage("their/image:1").endContainer().endSpec().build()).create();
        // the mock has no kubelet: this one runs every podwire pod on NODE and makes it Ready
        kubelet = Executors.newSingleThreadScheduledExecutor();
        kubelet.scheduleWithFixedDelay(this::runPodwirePods, 0, 100, TimeUnit.MILLISECONDS);
    }

    @AfterEach
    void stopKubelet() {
        kubelet.shutdownNow();
    }

    @Test
    void twoRunsAtOnceNeverTouchEachOthersObjectsNorTheClustersOwnTestNamespace() throws Exception {
        RunScope a = new RunScope("aaaa0001", RunScope.SWEEP_AFTER);
        RunScope b = new RunScope("bbbb0002", RunScope.SWEEP_AFTER);
        CompletableFuture<Workload> startA = CompletableFuture.supplyAsync(() -> Workload.apply(client, MANIFESTS, a));
        CompletableFuture<Workload> startB = CompletableFuture.supplyAsync(() -> Workload.apply(client, MANIFESTS, b));
        Workload wa = startA.get(120, TimeUnit.SECONDS);
        Workload wb = startB.get(120, TimeUnit.SECONDS);
        // each run has its own client, as two mvn verify processes would (a provider closes its client at the end)
        KubeconfigCluster ca = KubeconfigCluster.on(ownClient(), a, "busybox:1.36.1", "mock", diagnostics());
        KubeconfigCluster cb = KubeconfigCluster.on(ownClient(), b, "busybox:1.36.1", "mock", diagnostics());
        CompletableFuture<NodeAccess> reachA = CompletableFuture.supplyAsync(() -> ca.node(NODE));
        CompletableFuture<NodeAccess> reachB = CompletableFuture.supplyAsync(() -> cb.node(NODE));
        assertInstanceOf(DebugPodNodeAccess.class, reachA.get(120, TimeUnit.SECONDS), "run a reaches " + NODE);
        assertInstanceOf(DebugPodNodeAccess.class, reachB.get(120, TimeUnit.SECONDS), "run b reaches " + NODE);

        assertEquals(List.of("podwire-aaaa0001/app", "podwire-aaaa0001/pinger"),
                wa.pods().stream().map(ExpectedPod::key).toList(), "run a's expected pods");
        assertEquals(List.of("podwire-bbbb0002/app", "podwire-bbbb0002/pinger"),
                wb.pods().stream().map(ExpectedPod::key).toList(), "run b's expected pods");
        for (RunScope run : List.of(a, b)) {
            // the run's own probe traffic is allowed in its own namespace only, by a policy it owns
            NetworkPolicy allow = client.network().v1().networkPolicies().inNamespace(run.namespace())
                    .withName("podwire-allow-probe").get();
            assertNotNull(allow, run.namespace() + " has the run's allow-probe policy");
            assertTrue(run.owns(allow), "the policy carries run " + run.id() + "'s labels");
            assertEquals(List.of("Ingress", "Egress"), allow.getSpec().getPolicyTypes());
            assertEquals(Map.of(), allow.getSpec().getPodSelector().getMatchLabels() == null ? Map.of()
                    : allow.getSpec().getPodSelector().getMatchLabels(), "every pod of the run's namespace");
            NetworkPolicyPeer from = allow.getSpec().getIngress().get(0).getFrom().get(0);
            NetworkPolicyPeer to = allow.getSpec().getEgress().get(0).getTo().get(0);
            for (NetworkPolicyPeer peer : List.of(from, to)) {
                assertNull(peer.getNamespaceSelector(), "no other namespace is opened");
                assertNull(peer.getIpBlock(), "no address block is opened");
                assertNotNull(peer.getPodSelector(), "the pods of the run's own namespace");
            }
        }
        assertEquals(Set.of("a", "b"), Set.of(owner(a.namespace()), owner(b.namespace())).stream()
                .map(id -> id.substring(0, 1)).collect(Collectors.toSet()), "each namespace carries its run's id");

        wa.close();
        ca.close();

        assertNull(client.namespaces().withName(a.namespace()).get(), "run a's workload namespace removed");
        assertNull(client.namespaces().withName(a.debugNamespace()).get(), "run a's debug namespace removed");
        assertEquals("bbbb0002", owner(b.namespace()), "run b's workload namespace kept");
        assertEquals("bbbb0002", owner(b.debugNamespace()), "run b's debug namespace kept");
        assertEquals(Set.of("app", "pinger"), names(b.namespace()), "run b's pods untouched");
        assertEquals(Set.of(DebugPodNodeAccess.podName(NODE)), names(b.debugNamespace()), "run b's debug pod untouched");
        theClustersOwnTestNamespaceIsAsItWas();

        wb.close();
        cb.close();

        assertNull(client.namespaces().withName(b.namespace()).get(), "run b's workload namespace removed");
        assertNull(client.namespaces().withName(b.debugNamespace()).get(), "run b's debug namespace removed");
        theClustersOwnTestNamespaceIsAsItWas();
    }

    private void theClustersOwnTestNamespaceIsAsItWas() {
        assertEquals(Map.of("team", "payments"), client.namespaces().withName("test").get().getMetadata().getLabels(),
                "their namespace test, labels unchanged");
        Pod theirs = client.pods().inNamespace("test").withName("pinger").get();
        assertNotNull(theirs, "their pod test/pinger");
        assertEquals("their/image:1", theirs.getSpec().getContainers().get(0).getImage(), "their pinger, not ours");
    }

    private String owner(String namespace) {
        return client.namespaces().withName(namespace).get().getMetadata().getLabels().get(RunScope.RUN_LABEL);
    }

    private Set<String> names(String namespace) {
        return client.pods().inNamespace(namespace).list().getItems().stream().map(p -> p.getMetadata().getName())
                .collect(Collectors.toSet());
    }

    private KubernetesClient ownClient() {
        return new KubernetesClientBuilder().withConfig(client.getConfiguration()).build();
    }

    private static Diagnostics diagnostics() {
        return new Diagnostics(Path.of("target", "podwire-test"), RunEvents.NONE);
    }

    private void runPodwirePods() {
        try {
            for (Pod p : client.pods().inAnyNamespace().withLabel(Ownership.MANAGED_BY, Ownership.PODWIRE).list()
                    .getItems()) {
                if (p.getStatus() != null && "Running".equals(p.getStatus().getPhase())) {
                    continue;
                }
                String ns = p.getMetadata().getNamespace();
                Pod scheduled = client.pods().inNamespace(ns).withName(p.getMetadata().getName())
                        .edit(x -> new PodBuilder(x).editSpec().withNodeName(NODE).endSpec().build());
                scheduled.setStatus(new PodStatusBuilder().withPhase("Running").withPodIP("10.42.0." + (ns.hashCode() & 0x7f))
                        .addNewCondition().withType("Ready").withStatus("True").endCondition().build());
                client.pods().inNamespace(ns).resource(scheduled).updateStatus();
            }
        } catch (RuntimeException e) {
            // a pod deleted between list and update: the next round sees the cluster as it is
        }
    }
}
