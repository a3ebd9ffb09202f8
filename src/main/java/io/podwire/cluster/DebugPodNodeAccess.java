package io.podwire.cluster;

import io.podwire.Timeouts;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.podwire.InfrastructureException;
import io.podwire.Log;
import io.podwire.node.ExecResult;
import io.podwire.node.NodeAccess;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A node of an existing cluster reached through a privileged hostPID/hostNetwork pod pinned to it; every command
 * runs in the node's own namespaces (`nsenter -t 1 -m -u -i -n -p`), so it sees the node's tools, netns mounts
 * and runtime, as `kubectl debug node/… --profile=sysadmin` does.
 */
public final class DebugPodNodeAccess implements NodeAccess {
    /** The well-known node label the kubelet sets from the node's OS; the snapshot script needs a Linux node. */
    static final String OS_LABEL = "kubernetes.io/os";

    private final KubernetesClient client;
    private final String namespace;
    private final String nodeName;
    private final String podName;

    DebugPodNodeAccess(KubernetesClient client, String namespace, String nodeName, String podName) {
        this.client = client;
        this.namespace = namespace;
        this.nodeName = nodeName;
        this.podName = podName;
    }

    /**
     * The run's own debug namespace ({@link RunScope#debugNamespace()}), labelled with the run id and admitting
     * privileged pods; refused when it exists and is not this run's. Another run's debug pods live in that run's
     * namespace, so neither run can sweep or delete the other's.
     */
    static void prepareNamespace(KubernetesClient client, RunScope run) {
        String name = run.debugNamespace();
        Ownership.requireFreeFor(client, run, name);
        if (client.namespaces().withName(name).get() != null) {
            return;
        }
        client.resource(new NamespaceBuilder().withNewMetadata().withName(name).addToLabels(run.labels())
                // the debug pods are privileged on purpose; Pod Security admission must allow them here
                .addToLabels("pod-security.kubernetes.io/enforce", "privileged").endMetadata().build()).create();
    }

    /**
     * One debug pod per node, all created first, then awaited together up to `atMost`; each node is decided on its
     * own: a pod that is Running gives that node's access, a pod that could not be created, cannot pull its image,
     * ended, or is not Running when the bound is reached makes only its node {@link UnreachableNode} (whose every
     * exec is that node's infrastructure failure, as the inspection records it), never the other nodes.
     */
    static Map<String, NodeAccess> createAll(KubernetesClient client, RunScope run, Collection<String> nodeNames,
                                             String image, Duration atMost) {
        String ns = run.debugNamespace();
        Map<String, String> podByNode = new LinkedHashMap<>();
        Map<String, String> unreachable = new ConcurrentHashMap<>();
        for (String node : nodeNames) {
            String podName = podName(node);
            podByNode.put(node, podName);
            try {
                client.resource(pod(ns, run, node, podName, image)).create();
            } catch (KubernetesClientException e) {
                // admission (Pod Security, Kyverno, Gatekeeper, an SCC) refuses here: docs/providers.md names the exceptions
                unreachable.put(node, "debug pod " + ns + "/" + podName + " could not be created: " + e.getMessage());
            }
        }
        Map<String, PullFailures> pulls = new ConcurrentHashMap<>();
        Map<String, String> lastSeen = new ConcurrentHashMap<>();
        Set<String> running = ConcurrentHashMap.newKeySet();
        try {
            Waits.until("debug pods " + podByNode.values() + " (" + image + ") Running in " + ns + ", each node on its own",
                    atMost, () -> {
                        List<String> pending = new ArrayList<>();
                        for (Map.Entry<String, String> e : podByNode.entrySet()) {
                            if (unreachable.containsKey(e.getKey()) || running.contains(e.getKey())) {
                                continue;
                            }
                            Pod p = client.pods().inNamespace(ns).withName(e.getValue()).get();
                            Optional<String> why = notReachableBecause(p, pulls.computeIfAbsent(e.getKey(),
                                    n -> new PullFailures(Timeouts.IMAGE_PULL_FAILING)), Instant.now());
                            if (why.isPresent()) {
                                unreachable.put(e.getKey(), why.get());
                            } else if (isRunning(p)) {
                                running.add(e.getKey());
                            } else {
                                pending.add(e.getValue() + " on node " + e.getKey());
                                lastSeen.put(e.getKey(), Diagnostics.describePods(List.of(p)).strip());
                            }
                        }
                        assertEquals(List.of(), pending, "debug pods not Running yet");
                    });
        } catch (InfrastructureException timedOut) {
            podByNode.forEach((node, podName) -> {
                if (!unreachable.containsKey(node) && !running.contains(node)) {
                    unreachable.put(node, "debug pod " + ns + "/" + podName + " was not Running after "
                            + Timeouts.human(atMost) + ": " + lastSeen.getOrDefault(node, timedOut.getMessage()));
                }
            });
        }
        Map<String, NodeAccess> access = new LinkedHashMap<>();
        podByNode.forEach((node, podName) -> access.put(node, unreachable.containsKey(node)
                ? new UnreachableNode(node, unreachable.get(node))
                : new DebugPodNodeAccess(client, ns, node, podName)));
        unreachable.forEach((node, why) -> Log.info("node " + node + " cannot be reached: " + why));
        return access;
    }

    /** Why a debug pod will not become Running (gone, ended, image that can't be pulled); empty while it may yet. */
    static Optional<String> notReachableBecause(Pod p, PullFailures pulls, Instant now) {
        if (p == null) {
            return Optional.of("the debug pod is gone (deleted by someone else, or evicted)");
        }
        String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
        if ("Failed".equals(phase) || "Succeeded".equals(phase)) {
            // a kubelet that rejects a pod (OutOfcpu, NodeAffinity, a taint it does not tolerate) sets phase Failed
            return Optional.of("debug pod " + p.getMetadata().getNamespace() + "/" + p.getMetadata().getName()
                    + " ended (phase " + phase + ", reason " + p.getStatus().getReason() + "): "
                    + Objects.requireNonNullElse(p.getStatus().getMessage(), "(no message)"));
        }
        try {
            pulls.check(List.of(p), now);
        } catch (InfrastructureException e) {
            return Optional.of(e.getMessage());
        }
        return Optional.empty();
    }

    private static boolean isRunning(Pod p) {
        return p != null && p.getStatus() != null && "Running".equals(p.getStatus().getPhase());
    }

    /** Deletes this run's debug pod of each node (its namespace goes when the run ends); never throws. */
    static void removeAll(KubernetesClient client, RunScope run, Collection<String> nodeNames) {
        for (String node : nodeNames) {
            try {
                Pod p = client.pods().inNamespace(run.debugNamespace()).withName(podName(node)).get();
                if (p != null && run.owns(p)) {
                    client.resource(p).delete();
                }
            } catch (RuntimeException e) {
                Log.info("debug pod of node " + node + " was not removed: " + e.getMessage());
            }
        }
    }

    static String podName(String nodeName) {
        return "podwire-node-" + Integer.toHexString(nodeName.hashCode());
    }

    static Pod pod(String namespace, RunScope run, String nodeName, String podName, String image) {
        return new PodBuilder()
                .withNewMetadata().withName(podName).withNamespace(namespace).addToLabels(run.labels()).endMetadata()
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
        ExecResult r = FabricPodExec.exec(client, namespace, podName, "debug", input, full.toArray(String[]::new));
        // report the command the node ran, not the nsenter wrapper around it
        return new ExecResult(List.of(command), r.exitCode(), r.stdout(), r.stderr());
    }
}
