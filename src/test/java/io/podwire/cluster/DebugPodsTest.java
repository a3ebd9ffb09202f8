package io.podwire.cluster;

import io.podwire.run.RunEvents;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.podwire.InfrastructureException;
import io.podwire.lab.LabPod;
import io.podwire.node.NodeAccess;
import io.podwire.node.AnsweringNode;
import io.podwire.node.SyntheticSnapshot;
import io.podwire.run.Inspector;
import io.podwire.run.NodeInspection;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kubeconfig provider's debug pods against fabric8's mock server: only this run's, in this run's namespace, only
 * where needed, created together, and each node decided on its own (one pod that never runs loses only its node).
 */
@EnableKubernetesMockClient(crud = true)
class DebugPodsTest {
    private static final RunScope RUN = new RunScope("a1b2c3d4", RunScope.SWEEP_AFTER);
    private static final String NS = RUN.debugNamespace();
    private static final Duration LONG = Duration.ofMinutes(3);
    KubernetesClient client;

    @Test
    void aDebugNamespaceSomeoneElseCreatedIsRefusedAndLeftIntact() {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
                .create();
        pod("their-pod", Map.of());

        InfrastructureException e = assertThrows(InfrastructureException.class,
                () -> DebugPodNodeAccess.prepareNamespace(client, RUN));

        assertTrue(e.getMessage().startsWith("namespace " + NS + " exists on the cluster but was not created by podwire"),
                e.getMessage());
        assertTrue(client.namespaces().withName(NS).get().getMetadata().getLabels().isEmpty(), "their namespace, unlabelled");
        assertNotNull(client.pods().inNamespace(NS).withName("their-pod").get(), "their pod, untouched");
    }

    @Test
    void theDebugNamespaceIsTheRunsOwnAndAdmitsPrivilegedPods() {
        DebugPodNodeAccess.prepareNamespace(client, RUN);

        var ns = client.namespaces().withName(NS).get();
        assertEquals("podwire-a1b2c3d4-nodes", ns.getMetadata().getName());
        assertTrue(RUN.owns(ns), "labelled managed-by=podwire and podwire.io/run=a1b2c3d4");
        assertEquals("privileged", ns.getMetadata().getLabels().get("pod-security.kubernetes.io/enforce"),
                "the debug namespace admits privileged pods");
    }

    @Test
    void debugPodsOfAllNodesAreCreatedBeforeAnyIsAwaited() throws Exception {
        DebugPodNodeAccess.prepareNamespace(client, RUN);
        CompletableFuture<Map<String, NodeAccess>> reached = CompletableFuture.supplyAsync(
                () -> DebugPodNodeAccess.createAll(client, RUN, List.of("worker-1", "worker-2"), "busybox:1.36.1", LONG));
        String p1 = DebugPodNodeAccess.podName("worker-1");
        String p2 = DebugPodNodeAccess.podName("worker-2");

        // both exist while neither is Running: creation does not wait for the one before
        Awaitility.await("both debug pods created").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertNotNull(client.pods().inNamespace(NS).withName(p1).get(), p1);
            assertNotNull(client.pods().inNamespace(NS).withName(p2).get(), p2);
        });
        assertFalse(reached.isDone(), "createAll still waits for Running");
        phase(p1, "Running", null);
        phase(p2, "Running", null);

        Map<String, NodeAccess> access = reached.get(60, TimeUnit.SECONDS);
        assertEquals(List.of("worker-1", "worker-2"), List.copyOf(access.keySet()));
        assertTrue(access.values().stream().allMatch(a -> a instanceof DebugPodNodeAccess), access.toString());
    }

    @Test
    void aDebugPodTheKubeletRejectsLosesOnlyItsOwnNode() throws Exception {
        DebugPodNodeAccess.prepareNamespace(client, RUN);
        CompletableFuture<Map<String, NodeAccess>> reached = CompletableFuture.supplyAsync(
                () -> DebugPodNodeAccess.createAll(client, RUN, List.of("worker-1", "worker-2"), "busybox:1.36.1", LONG));
        String p1 = DebugPodNodeAccess.podName("worker-1");
        String p2 = DebugPodNodeAccess.podName("worker-2");
        Awaitility.await("both debug pods created").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertNotNull(client.pods().inNamespace(NS).withName(p1).get(), p1);
            assertNotNull(client.pods().inNamespace(NS).withName(p2).get(), p2);
        });
        phase(p1, "Running", null);
        // what a kubelet sets on a pod pinned to a node without room for it (kubelet lifecycle/predicate.go)
        phase(p2, "Failed", "OutOfcpu");

        // decided as soon as every pod is Running or has failed: no timeout is spent on the failed one
        Map<String, NodeAccess> access = reached.get(60, TimeUnit.SECONDS);
        assertInstanceOf(DebugPodNodeAccess.class, access.get("worker-1"), "worker-1 is reached");
        UnreachableNode down = assertInstanceOf(UnreachableNode.class, access.get("worker-2"), "worker-2");
        assertTrue(down.reason().contains("ended (phase Failed, reason OutOfcpu)"), down.reason());
        InfrastructureException e = assertThrows(InfrastructureException.class, () -> down.exec("true"));
        assertTrue(e.getMessage().startsWith("node worker-2 cannot be reached: debug pod " + NS + "/" + p2), e.getMessage());
    }

    @Test
    void aDebugPodThatNeverRunsFailsItsNodeWhenTheBoundIsReached() {
        DebugPodNodeAccess.prepareNamespace(client, RUN);

        // nobody sets the pod Running: the bound passes, and the node is unreachable, not the run aborted
        Map<String, NodeAccess> access = DebugPodNodeAccess.createAll(client, RUN, List.of("worker-1"), "busybox:1.36.1",
                Duration.ofSeconds(1));

        UnreachableNode down = assertInstanceOf(UnreachableNode.class, access.get("worker-1"));
        assertTrue(down.reason().contains("was not Running after 1 s"), down.reason());
    }

    @Test
    void anImageThatCanNeverBePulledFailsOnlyThatNodeAtOnce() {
        Pod p = DebugPodNodeAccess.pod(NS, RUN, "worker-2", "podwire-node-x", "no such image");
        p.setStatus(new PodStatusBuilder().withPhase("Pending").addNewContainerStatus().withName("debug")
                .withImage("no such image").withNewState().withNewWaiting().withReason("InvalidImageName")
                .withMessage("couldn't parse image name").endWaiting().endState().endContainerStatus().build());

        String why = DebugPodNodeAccess.notReachableBecause(p, new PullFailures(Duration.ofSeconds(90)), Instant.now())
                .orElseThrow();

        assertTrue(why.contains("on node worker-2: container debug cannot pull image"), why);
        assertTrue(DebugPodNodeAccess.notReachableBecause(DebugPodNodeAccess.pod(NS, RUN, "worker-1", "p", "busybox"),
                new PullFailures(Duration.ofSeconds(90)), Instant.now()).isEmpty(), "a pod just created may still run");
    }

    @Test
    void aMissingOrWindowsNodeIsUnreachableAndTheInspectionJudgesTheOthers() {
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("win-1")
                .addToLabels("kubernetes.io/os", "windows").endMetadata().build()).create();
        KubeconfigCluster cluster = KubeconfigCluster.on(client, RUN, "busybox:1.36.1", "mock",
                new Diagnostics(Path.of("target", "podwire-test"), RunEvents.NONE));

        cluster.reach(List.of("gone-1", "win-1"));

        NodeAccess gone = cluster.node("gone-1");
        NodeAccess win = cluster.node("win-1");
        assertEquals("the cluster has no node gone-1", assertInstanceOf(UnreachableNode.class, gone).reason());
        assertTrue(assertInstanceOf(UnreachableNode.class, win).reason().contains("kubernetes.io/os=windows"));
        assertEquals(List.of(), client.pods().inNamespace(NS).list().getItems(), "no debug pod on either");
        List<NodeInspection> seen = Inspector.create().inspectRuntimePods(List.of(gone, answering("node-a", 3), win), 2);
        assertEquals(List.of(true, false, true), seen.stream().map(NodeInspection::failed).toList(),
                "failed, per node in order");
        assertEquals(3, seen.get(1).pods().size(), "node-a's pods are judged");
        assertTrue(seen.get(0).failure().orElseThrow().getMessage().startsWith("node gone-1 cannot be reached"));
    }

    @Test
    void aDebugPodRunsOnlyOnLinuxAndCarriesTheRunsLabels() {
        Pod pod = DebugPodNodeAccess.pod(NS, RUN, "worker-1", "podwire-node-1", "busybox:1.36.1");

        assertEquals(Map.of("kubernetes.io/os", "linux"), pod.getSpec().getNodeSelector());
        assertTrue(RUN.owns(pod), "labelled managed-by=podwire, podwire.io/run=a1b2c3d4");
    }

    /** A node answering the snapshot script with the synthetic output of n lab pods. */
    private static NodeAccess answering(String name, int pods) {
        return new AnsweringNode(name, SyntheticSnapshot.text(LabPod.many(pods).stream().map(p -> p.expected(name)).toList()));
    }

    private void phase(String podName, String phase, String reason) {
        Pod pod = client.pods().inNamespace(NS).withName(podName).get();
        pod.setStatus(new PodStatusBuilder().withPhase(phase).withReason(reason).build());
        client.pods().inNamespace(NS).resource(pod).updateStatus();
    }

    private void pod(String name, Map<String, String> labels) {
        client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(name).withNamespace(NS)
                .withLabels(labels).endMetadata().withNewSpec().addNewContainer().withName("c").withImage("busybox")
                .endContainer().endSpec().build()).create();
    }
}
