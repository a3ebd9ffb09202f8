package io.podwire.cluster;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.podwire.node.ExecResult;
import io.podwire.node.NodeAccess;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A node of an existing cluster reached through a privileged hostPID/hostNetwork pod pinned to it; every command
 * runs in the node's own namespaces (`nsenter -t 1 -m -u -i -n -p`), so it sees the node's tools, netns mounts
 * and runtime, as `kubectl debug node/… --profile=sysadmin` does.
 */
public final class DebugPodNodeAccess implements NodeAccess {
    public static final String NAMESPACE = "podwire-debug";

    private final KubernetesClient client;
    private final String nodeName;
    private final String podName;

    private DebugPodNodeAccess(KubernetesClient client, String nodeName, String podName) {
        this.client = client;
        this.nodeName = nodeName;
        this.podName = podName;
    }

    public static DebugPodNodeAccess create(KubernetesClient client, String nodeName, String image) {
        String podName = "podwire-node-" + Integer.toHexString(nodeName.hashCode());
        client.resource(pod(nodeName, podName, image)).fieldManager(CalicoInstaller.FIELD_MANAGER).forceConflicts()
                .serverSideApply();
        PullFailures pulls = new PullFailures(Timeouts.IMAGE_PULL_FAILING);
        Waits.until("debug pod " + NAMESPACE + "/" + podName + " (" + image + ") Running on node " + nodeName,
                Timeouts.DEBUG_POD_READY, () -> {
                    Pod p = client.pods().inNamespace(NAMESPACE).withName(podName).get();
                    pulls.check(p == null ? List.of() : List.of(p), Instant.now());
                    assertEquals("Running", p == null || p.getStatus() == null ? null : p.getStatus().getPhase(),
                            "phase of debug pod " + podName);
                });
        return new DebugPodNodeAccess(client, nodeName, podName);
    }

    static Pod pod(String nodeName, String podName, String image) {
        return new PodBuilder()
                .withNewMetadata().withName(podName).withNamespace(NAMESPACE)
                .addToLabels("app.kubernetes.io/managed-by", "podwire").endMetadata()
                .withNewSpec()
                .withNodeName(nodeName)
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
        List<String> full = new ArrayList<>(List.of("nsenter", "-t", "1", "-m", "-u", "-i", "-n", "-p", "--"));
        full.addAll(List.of(command));
        ExecResult r = FabricPodExec.exec(client, NAMESPACE, podName, "debug", full.toArray(String[]::new));
        // report the command the node ran, not the nsenter wrapper around it
        return new ExecResult(List.of(command), r.exitCode(), r.stdout(), r.stderr());
    }
}
