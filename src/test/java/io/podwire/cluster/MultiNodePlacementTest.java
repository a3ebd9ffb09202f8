package io.podwire.cluster;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.podwire.InfrastructureException;
import io.podwire.node.ExpectedPod;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Multi-node placement on fabric8's mock server (crud): a stand-in scheduler that places each podwire pod by the
 * required pod (anti-)affinity terms its manifest carries, and a stand-in kubelet that makes it Ready. The manifests'
 * own terms decide where each pod lands: the test asserts the placement the workload then checks and records.
 */
@EnableKubernetesMockClient(crud = true)
@DisplayName("Multi-node: pinger and app share a node, remote runs on another; too few nodes is refused up front")
class MultiNodePlacementTest {
    private static final Path MANIFESTS = Path.of(System.getProperty("basedir", "."), "manifests");
    KubernetesClient client;
    private ScheduledExecutorService scheduler;

    @AfterEach
    void stopScheduler() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    @Test
    @DisplayName("with two nodes, remote (anti-affinity to pinger) lands on the other node; pinger and app stay together")
    void twoNodesGiveACrossNodeProbeTarget() {
        nodes("node-a", "node-b");
        schedule(this::byAffinity);

        Workload w = Workload.apply(client, MANIFESTS, new RunScope("c0ffee01", RunScope.SWEEP_AFTER), 2);

        Map<String, String> nodeOf = w.pods().stream().collect(Collectors.toMap(ExpectedPod::name, ExpectedPod::node));
        assertEquals(java.util.Set.of("pinger", "app", "remote"), nodeOf.keySet());
        assertEquals(nodeOf.get("pinger"), nodeOf.get("app"), "app's pod affinity: pinger's node");
        assertTrue(!nodeOf.get("remote").equals(nodeOf.get("pinger")), "remote's anti-affinity: another node " + nodeOf);
        assertTrue(w.pods().stream().allMatch(p -> p.uid() != null), "each pod's uid recorded at listing");
    }

    @Test
    @DisplayName("one node (the default) applies pinger and app only: nothing changes without the property")
    void oneNodeAppliesTheWorkloadAsBefore() {
        nodes("node-a", "node-b");
        schedule(this::byAffinity);

        Workload w = Workload.apply(client, MANIFESTS, new RunScope("c0ffee02", RunScope.SWEEP_AFTER));

        assertEquals(List.of("app", "pinger"), w.pods().stream().map(ExpectedPod::name).sorted().toList());
        assertEquals(Workload.FILES, Workload.files(1));
    }

    @Test
    @DisplayName("a remote placed on pinger's node (a scheduler ignoring the term) fails as infrastructure, naming where each runs")
    void aRemoteOnPingersNodeIsRefused() {
        nodes("node-a", "node-b");
        schedule((pod, placed) -> "node-a");

        InfrastructureException e = assertThrows(InfrastructureException.class,
                () -> Workload.apply(client, MANIFESTS, new RunScope("c0ffee03", RunScope.SWEEP_AFTER), 2));

        assertTrue(e.getMessage().startsWith("remote must run on another node than pinger") && e.getMessage()
                .contains("remote@node-a") && e.getMessage().contains("pinger@node-a"), e.getMessage());
    }

    @Test
    @DisplayName("too few schedulable nodes is refused before anything is applied, naming each node left out and why")
    void tooFewSchedulableNodesIsRefusedUpFront() {
        // kind with one worker: its control-plane is tainted once the cluster has more than one node
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("podwire-control-plane")
                .addToLabels("kubernetes.io/os", "linux").endMetadata().withNewSpec().withTaints(new TaintBuilder()
                        .withKey("node-role.kubernetes.io/control-plane").withEffect("NoSchedule").build()).endSpec()
                .build()).create();
        // not Ready yet (no CNI before Calico): that taint goes away by itself, so the worker counts
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("podwire-worker")
                .addToLabels("kubernetes.io/os", "linux").endMetadata().withNewSpec().withTaints(new TaintBuilder()
                        .withKey("node.kubernetes.io/not-ready").withEffect("NoSchedule").build()).endSpec().build())
                .create();
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("win").addToLabels("kubernetes.io/os",
                "windows").endMetadata().build()).create();
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("cordoned").addToLabels("kubernetes.io/os",
                "linux").endMetadata().withNewSpec().withUnschedulable(true).endSpec().build()).create();
        ClusterSettings kind = ClusterSettings.from(Map.of("podwire.cluster", "kind", "podwire.cluster.nodes", "2")::get,
                k -> null, Path.of("."));

        InfrastructureException e = assertThrows(InfrastructureException.class,
                () -> Nodes.requireSchedulable(client, kind.nodes(), KindCluster.howToGetNodes(kind)));

        assertEquals("-Dpodwire.cluster.nodes=2 needs 2 nodes the workload can be scheduled on, to put the pinger and"
                + " a probed pod on different nodes; this cluster has 1 [podwire-worker], not counted: {cordoned=cordoned"
                + " (spec.unschedulable), podwire-control-plane=tainted node-role.kubernetes.io/control-plane:NoSchedule,"
                + " win=not Linux (kubernetes.io/os=windows)}. " + KindCluster.howToGetNodes(kind), e.getMessage());
        assertTrue(client.namespaces().list().getItems().isEmpty(), "nothing applied");

        nodes("podwire-worker2");
        assertDoesNotThrow(() -> Nodes.requireSchedulable(client, 2, "unused"), "two workers are enough");
        assertDoesNotThrow(() -> Nodes.requireSchedulable(client, 1, "unused"), "one node never needs a check");
    }

    @Test
    @DisplayName("k3s: the server's node is the one registered node that is not an agent podwire named")
    void theServersNodeIsTheOneThatIsNotAnAgent() {
        nodes("3f2a9c1d7e00", K3sCommandLine.agentName(1), K3sCommandLine.agentName(2));

        assertEquals("3f2a9c1d7e00", Nodes.awaitServerAndAgents(client,
                List.of(K3sCommandLine.agentName(1), K3sCommandLine.agentName(2))));
    }

    private void nodes(String... names) {
        for (String n : names) {
            client.nodes().resource(new NodeBuilder().withNewMetadata().withName(n).addToLabels("kubernetes.io/os", "linux")
                    .endMetadata().build()).create();
        }
    }

    /** The scheduler's choice for a pod given the podwire pods already placed (name -> node); null: not yet. */
    private void schedule(BiFunction<Pod, Map<String, String>, String> choose) {
        scheduler = Executors.newSingleThreadScheduledExecutor();
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                List<Pod> pods = client.pods().inAnyNamespace().withLabel(Ownership.MANAGED_BY, Ownership.PODWIRE).list()
                        .getItems();
                Map<String, String> placed = pods.stream().filter(p -> p.getSpec().getNodeName() != null)
                        .collect(Collectors.toMap(p -> p.getMetadata().getName(), p -> p.getSpec().getNodeName()));
                for (Pod p : pods) {
                    if (p.getSpec().getNodeName() != null) {
                        continue;
                    }
                    String node = choose.apply(p, placed);
                    if (node == null) {
                        continue;
                    }
                    String ns = p.getMetadata().getNamespace();
                    Pod bound = client.pods().inNamespace(ns).withName(p.getMetadata().getName())
                            .edit(x -> new PodBuilder(x).editSpec().withNodeName(node).endSpec().build());
                    bound.setStatus(new PodStatusBuilder().withPhase("Running")
                            .withPodIP("10.42." + (node.hashCode() & 0x7f) + "." + (p.getMetadata().getName().hashCode() & 0x7f))
                            .addNewCondition().withType("Ready").withStatus("True").endCondition().build());
                    client.pods().inNamespace(ns).resource(bound).updateStatus();
                    placed.put(p.getMetadata().getName(), node);
                }
            } catch (RuntimeException e) {
                // a pod changed between list and update: the next round sees the cluster as it is
            }
        }, 0, 50, TimeUnit.MILLISECONDS);
    }

    /** Required pod affinity: the matched pod's node; anti-affinity: a node without it; neither: the first node. */
    private String byAffinity(Pod pod, Map<String, String> placed) {
        List<String> nodes = Nodes.names(client);
        var affinity = pod.getSpec().getAffinity();
        Optional<String> with = affinity == null || affinity.getPodAffinity() == null ? Optional.empty()
                : affinity.getPodAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().stream()
                .map(t -> matched(t, placed)).findFirst();
        Optional<String> without = affinity == null || affinity.getPodAntiAffinity() == null ? Optional.empty()
                : affinity.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().stream()
                .map(t -> matched(t, placed)).findFirst();
        if (with.isPresent()) {
            return placed.get(with.get());
        }
        if (without.isPresent()) {
            String avoid = placed.get(without.get());
            return avoid == null ? null : nodes.stream().filter(n -> !n.equals(avoid)).findFirst().orElse(null);
        }
        return nodes.get(0);
    }

    /** The pod a term's label selector names (by app.kubernetes.io/name), on topology kubernetes.io/hostname. */
    private static String matched(PodAffinityTerm term, Map<String, String> placed) {
        assertEquals("kubernetes.io/hostname", term.getTopologyKey());
        LabelSelector s = term.getLabelSelector();
        return s.getMatchLabels().get("app.kubernetes.io/name");
    }
}
