package io.podwire.lab;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Capability;
import io.podwire.InfrastructureException;
import io.podwire.docker.OwnedContainers;
import io.podwire.node.ExpectedPod;
import io.podwire.docker.ImagePreflight;
import io.podwire.Timeouts;
import io.podwire.node.ContainerNodeAccess;
import io.podwire.node.ExecResult;
import io.podwire.node.NodeAccess;
import io.podwire.node.PodExec;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A lab node: a container whose kernel objects the suite wires exactly as containerd + Calico would (LabWiring).
 * It is never presented as a Kubernetes cluster: it proves the claim engine on real kernel state, and lets a person
 * run the lab's own commands (ci/lab-mode.sh).
 */
public final class LabNode implements AutoCloseable {
    public static final String IMAGE = "podwire/lab-node:bookworm";
    public static final String NODE_NAME = "lab-node";
    public static final String DESCRIPTION = "lab node (real kernel state wired as containerd + Calico do; not a Kubernetes cluster)";
    public static final String HOW_TO_GET_ONE = "run `ci/prepare-machine.sh` (installs and starts Docker, builds "
            + IMAGE + ") or `ci/build-lab-image.sh` when Docker already runs";

    /** Bytes of one wiring script: under MAX_ARG_STRLEN (128 KiB), with room for the shell's own arguments. */
    static final int SCRIPT_LIMIT = 100 * 1024;

    private final GenericContainer<?> container;
    private final NodeAccess access;
    private final List<WiredPod> pods = new ArrayList<>();
    private final List<PluginPod> pluginPods = new ArrayList<>();
    private LabCalico calico = LabCalico.DEFAULT;

    private LabNode(GenericContainer<?> container) {
        this.container = container;
        this.access = new ContainerNodeAccess(container, NODE_NAME, Timeouts.EXEC);
    }

    /**
     * Why a lab node can't be started here, or null when it can. Checked with a plain Docker client and one pull
     * attempt of Ryuk's image: Testcontainers' own client would retry an unreachable registry for minutes first.
     */
    public static String unavailableReason() {
        try {
            DockerClient docker = ImagePreflight.docker();
            ImagePreflight.ensureRyuk(docker);
            docker.inspectImageCmd(IMAGE).exec();
            return null;
        } catch (NotFoundException e) {
            return "the lab image " + IMAGE + " is not built: " + HOW_TO_GET_ONE;
        } catch (InfrastructureException e) {
            return e.getMessage() + "; for the lab tests: " + HOW_TO_GET_ONE;
        }
    }

    /** Starts an empty lab node (no pods yet). */
    public static LabNode start() {
        return start(null);
    }

    /**
     * Starts an empty lab node on {@code network} (a user-defined Docker network other lab nodes share, as a cluster's
     * nodes share theirs), or on Docker's default one when null.
     */
    public static LabNode start(Network network) {
        String reason = unavailableReason();
        if (reason != null) {
            throw new InfrastructureException(reason);
        }
        OwnedContainers.sweepOnce(ImagePreflight.docker());
        GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(IMAGE))
                .withLabels(OwnedContainers.labels())
                .withCommand("sleep", "infinity")
                .withCopyToContainer(Transferable.of(resource("/lab/crictl"), 0755), "/usr/local/bin/crictl")
                .withCopyToContainer(Transferable.of(resource("/lab/pod-exec"), 0755), "/usr/local/bin/pod-exec")
                // the runtime's record templates as files: the wiring script, shown in any error, never holds a decoy
                .withCopyToContainer(Transferable.of(LabRuntimeRecords.sandboxTemplate()), LabRuntimeRecords.SANDBOX_TEMPLATE_FILE)
                .withCopyToContainer(Transferable.of(LabRuntimeRecords.containerTemplate()), LabRuntimeRecords.CONTAINER_TEMPLATE_FILE)
                // --privileged fails on our machines (CAP_SYS_RESOURCE not in the bounding set): name the capabilities
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig()
                        .withCapAdd(Capability.NET_ADMIN, Capability.SYS_ADMIN, Capability.SYS_PTRACE)
                        .withSecurityOpts(List.of("seccomp=unconfined", "apparmor=unconfined")));
        if (network != null) {
            c.withNetwork(network);
        }
        try {
            c.start();
        } catch (RuntimeException e) {
            throw new InfrastructureException("the lab node container (" + IMAGE + ") did not start: " + e.getMessage(), e);
        }
        return new LabNode(c);
    }

    /**
     * Wires the pods into the node, in as few execs as fit: the script is one exec argument, which Linux caps at
     * 128 KiB (MAX_ARG_STRLEN), so pods are taken in chunks whose script, prelude included, stays under
     * {@link #SCRIPT_LIMIT}.
     */
    public List<WiredPod> wire(List<LabPod> lab) {
        return wire(lab, calico);
    }

    /**
     * Wires the pods under another Calico configuration (Felix's environment, the CNI config), as a Calico so
     * installed would; the pods wired so far should be unwired first, as a re-install would leave them.
     */
    public List<WiredPod> wire(List<LabPod> lab, LabCalico config) {
        calico = config;
        List<WiredPod> planned = LabWiring.plan(lab, config);
        List<WiredPod> chunk = new ArrayList<>();
        for (WiredPod pod : planned) {
            chunk.add(pod);
            if (chunk.size() > 1 && scriptLength(chunk) > SCRIPT_LIMIT) {
                chunk.remove(chunk.size() - 1);
                run("wire " + chunk.size() + " pods", LabWiring.script(chunk));
                chunk = new ArrayList<>(List.of(pod));
            }
        }
        if (!chunk.isEmpty()) {
            run("wire " + chunk.size() + " pods", LabWiring.script(chunk));
        }
        pods.addAll(planned);
        return List.copyOf(planned);
    }

    private static int scriptLength(List<WiredPod> chunk) {
        return (LabWiring.PRELUDE + LabWiring.script(chunk)).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    /** Unwires every pod and wires the standard pods again under the given Calico configuration. */
    public List<WiredPod> rewire(LabCalico config) {
        pods().forEach(this::unwire);
        return wire(LabPod.standard(), config);
    }

    /** Wires the pods with one of Debian's reference CNI plugins, run as the runtime runs it ({@link PluginWiring}). */
    public List<PluginPod> wire(ReferencePlugin plugin, List<LabPod> lab) {
        List<PluginPod> wired = PluginWiring.wire(this, plugin, lab);
        pluginPods.addAll(wired);
        return wired;
    }

    public List<PluginPod> pluginPods() {
        return List.copyOf(pluginPods);
    }

    /** Removes one pod as kubelet + CNI DEL would. */
    public void unwire(WiredPod pod) {
        run("unwire " + pod.pod().key(), LabWiring.unwireScript(pod));
        pods.remove(pod);
    }

    /** Runs a bash script on the node with the wiring functions loaded; fails loudly when it fails. */
    public ExecResult run(String what, String script) {
        ExecResult r = access.exec("bash", "-c", LabWiring.PRELUDE + script);
        if (!r.succeeded()) {
            throw new InfrastructureException("lab node: " + what + " failed (exit " + r.exitCode() + "): "
                    + r.stderr().strip());
        }
        return r;
    }

    /** The lab node's container, for what must share its namespaces (the node agent's container does). */
    public String containerId() {
        return container.getContainerId();
    }

    /** The node's own IPv4 address on its eth0 (the address other nodes route pod blocks via). */
    public String address() {
        String out = run("the node's eth0 address", "ip -4 -o addr show dev eth0 | awk '{print $4}' | cut -d/ -f1 | head -1")
                .stdout().strip();
        if (out.isEmpty()) {
            throw new InfrastructureException("lab node: eth0 has no IPv4 address");
        }
        return out;
    }

    public NodeAccess access() {
        return access;
    }

    public List<WiredPod> pods() {
        return List.copyOf(pods);
    }

    public WiredPod pod(String name) {
        return pods.stream().filter(p -> p.pod().name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no lab pod " + name));
    }

    public List<ExpectedPod> expectedPods() {
        return Stream.concat(pods.stream().map(WiredPod::pod), pluginPods.stream().map(PluginPod::pod))
                .map(p -> p.expected(NODE_NAME)).toList();
    }

    /** Runs a command inside a lab container's network namespace: the lab's `kubectl exec`. */
    public PodExec podExec() {
        return (pod, containerName, command) -> {
            String id = Stream.concat(pods.stream().filter(p -> p.pod().key().equals(pod.key())).map(WiredPod::containerIds),
                            pluginPods.stream().filter(p -> p.pod().key().equals(pod.key())).map(PluginPod::containerIds))
                    .findFirst().map(ids -> ids.get(containerName))
                    .orElseThrow(() -> new IllegalArgumentException("no lab container " + pod.key() + "/" + containerName));
            String[] cmd = Stream.concat(Stream.of("sh", "-c", "exec nsenter -t \"$(cat " + WiredPod.pidFile(id)
                    + ")\" -n -u -- \"$@\"", "pod-exec"), Stream.of(command)).toArray(String[]::new);
            return access.exec(cmd);
        };
    }

    public Map<String, String> describe() {
        return Map.of("image", IMAGE, "container", container.getContainerName(), "node", NODE_NAME);
    }

    @Override
    public void close() {
        container.stop();
    }

    private static byte[] resource(String path) {
        try (InputStream in = LabNode.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is not on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
