package io.podwire.cluster;

import io.podwire.Timeouts;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.podwire.Log;
import io.podwire.node.ExecResult;
import io.podwire.node.NodeAccess;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A node of an existing cluster reached through a privileged hostPID/hostNetwork pod pinned to it; every command
 * runs in the node's own namespaces (`nsenter -t 1 -m -u -i -n -p`), so it sees the node's tools, netns mounts
 * and runtime, as `kubectl debug node/… --profile=sysadmin` does.
 */
public final class DebugPodNodeAccess implements NodeAccess {
    public static final String NAMESPACE = "podwire-debug";
    /** The well-known node label the kubelet sets from the node's OS; the snapshot script needs a Linux node. */
    static final String OS_LABEL = "kubernetes.io/os";

    private final KubernetesClient client;
    private final String nodeName;
    private final String podName;

    DebugPodNodeAccess(KubernetesClient client, String nodeName, String podName) {
        this.client = client;
        this.nodeName = nodeName;
        this.podName = podName;
    }

    /**
     * The debug namespace, podwire's own: refused when someone else created one of that name; a leftover of a
     * killed run keeps its namespace but loses its podwire-labelled pods (swept before any new one is made).
     */
    static void prepareNamespace(KubernetesClient client) {
        var existing = client.namespaces().withName(NAMESPACE).get();
        if (existing != null) {
            Ownership.requireOurs(existing);
            sweepLeftoverPods(client);
            return;
        }
        client.resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE)
                .addToLabels(Ownership.MANAGED_BY, Ownership.PODWIRE)
                // the debug pods are privileged on purpose; Pod Security admission must allow them here
                .addToLabels("pod-security.kubernetes.io/enforce", "privileged").endMetadata().build()).create();
    }

    private static void sweepLeftoverPods(KubernetesClient client) {
        var leftovers = client.pods().inNamespace(NAMESPACE).withLabel(Ownership.MANAGED_BY, Ownership.PODWIRE);
        if (leftovers.list().getItems().isEmpty()) {
            return;
        }
        Log.info("deleting debug pods left in " + NAMESPACE + " by an earlier podwire run");
        leftovers.delete();
        Waits.until("leftover debug pods in " + NAMESPACE + " to be deleted", Timeouts.CLEANUP,
                () -> assertEquals(List.of(), leftovers.list().getItems(), "podwire-labelled pods in " + NAMESPACE));
    }

    /** One debug pod per node, all created first and then awaited together: n nodes cost one wait, not n. */
    static Map<String, DebugPodNodeAccess> createAll(KubernetesClient client, Collection<String> nodeNames,
                                                     String image) {
        Map<String, String> podByNode = new LinkedHashMap<>();
        for (String node : nodeNames) {
            String podName = podName(node);
            client.resource(pod(node, podName, image)).create();
            podByNode.put(node, podName);
        }
        PullFailures pulls = new PullFailures(Timeouts.IMAGE_PULL_FAILING);
        Waits.until("debug pods " + podByNode.values() + " (" + image + ") Running in " + NAMESPACE,
                Timeouts.DEBUG_POD_READY, () -> {
                    List<Pod> pods = new ArrayList<>();
                    for (String podName : podByNode.values()) {
                        Pod p = client.pods().inNamespace(NAMESPACE).withName(podName).get();
                        if (p != null) {
                            pods.add(p);
                        }
                    }
                    pulls.check(pods, Instant.now());
                    for (Map.Entry<String, String> e : podByNode.entrySet()) {
                        Pod p = pods.stream().filter(x -> x.getMetadata().getName().equals(e.getValue())).findFirst()
                                .orElse(null);
                        assertEquals("Running", p == null || p.getStatus() == null ? null : p.getStatus().getPhase(),
                                "phase of debug pod " + e.getValue() + " on node " + e.getKey());
                    }
                });
        Map<String, DebugPodNodeAccess> access = new LinkedHashMap<>();
        podByNode.forEach((node, podName) -> access.put(node, new DebugPodNodeAccess(client, node, podName)));
        return access;
    }

    static String podName(String nodeName) {
        return "podwire-node-" + Integer.toHexString(nodeName.hashCode());
    }

    static Pod pod(String nodeName, String podName, String image) {
        return new PodBuilder()
                .withNewMetadata().withName(podName).withNamespace(NAMESPACE)
                .addToLabels(Ownership.MANAGED_BY, Ownership.PODWIRE).endMetadata()
                .withNewSpec()
                .withNodeName(nodeName)
                // nsenter and the snapshot script are Linux tools; a Windows node must never get this pod
                .addToNodeSelector(OS_LABEL, "linux")
                .withHostPID(true).withHostNetwork(true).withHostIPC(true)
                .withRestartPolicy("Never").withTerminationGracePeriodSeconds(0L)
                .addNewToleration().withOperator("Exists").endToleration()
                .addNewContainer().withName("debug").withImage(image)
                .withCommand("sleep", "86400")
                .withNewSecurityContext().withPrivileged(true).endSecurityContext()
                .endContainer()
                .endSpec().build();
    }

    @Override
    public String nodeName() {
        return nodeName;
    }

    @Override
    public ExecResult exec(String... command) {
        return execWithInput(null, command);
    }

    @Override
    public ExecResult execWithInput(String input, String... command) {
        List<String> full = new ArrayList<>(List.of("nsenter", "-t", "1", "-m", "-u", "-i", "-n", "-p", "--"));
        full.addAll(List.of(command));
        ExecResult r = FabricPodExec.exec(client, NAMESPACE, podName, "debug", input, full.toArray(String[]::new));
        // report the command the node ran, not the nsenter wrapper around it
        return new ExecResult(List.of(command), r.exitCode(), r.stdout(), r.stderr());
    }
}
