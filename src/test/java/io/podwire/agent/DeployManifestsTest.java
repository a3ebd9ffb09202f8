package io.podwire.agent;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.podwire.node.NodeSnapshotter;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * deploy/: the Sonobuoy plugin and the plain DaemonSet run the agent the way it needs: on every Linux node, in the
 * node's PID and network namespaces, privileged, with every node path the snapshot reads mounted read-only from the
 * same path (the pinned netns with HostToContainer propagation), and no other mount of the node.
 */
@DisplayName("Agent deployment: the Sonobuoy plugin and the plain DaemonSet give the agent what it reads")
class DeployManifestsTest {
    private static final Path BASE = Path.of(System.getProperty("basedir", "."));
    private static final Path PLUGIN = BASE.resolve("deploy/sonobuoy/podwire-plugin.yaml");
    private static final Path DAEMONSET = BASE.resolve("deploy/daemonset/podwire-agent.yaml");
    private static final KubernetesSerialization YAML = new KubernetesSerialization();

    @Test
    @DisplayName("the every-node paths the agent mounts are the paths snapshot.sh reads")
    void nodePathsAreWhatTheSnapshotReads() {
        NodePaths.ALL.forEach(p -> assertTrue(NodeSnapshotter.SCRIPT.contains(p.path()), p.path() + " in snapshot.sh"));
    }

    @Test
    @DisplayName("Sonobuoy plugin: DaemonSet driver, junit results, hostPID, hostNetwork, privileged, the node paths read-only")
    void sonobuoyPluginRunsTheAgentAsItNeeds() throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> plugin = YAML.unmarshal(Files.readString(PLUGIN), Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> config = (Map<String, Object>) plugin.get("sonobuoy-config");
        assertEquals("DaemonSet", config.get("driver"), "driver");
        assertEquals("junit", config.get("result-format"), "result-format (JUnitResults writes it)");
        assertEquals("podwire", config.get("plugin-name"), "plugin-name");
        PodSpec pod = YAML.convertValue(plugin.get("podSpec"), PodSpec.class);
        Container agent = YAML.convertValue(plugin.get("spec"), Container.class);
        List<Volume> volumes = Arrays.asList(YAML.convertValue(plugin.get("extra-volumes"), Volume[].class));
        checkAgentPod(pod, agent, volumes, "the Sonobuoy plugin");
    }

    @Test
    @DisplayName("plain DaemonSet: the same pod, its own privileged namespace, results in an emptyDir")
    void plainDaemonSetRunsTheSameAgent() throws IOException {
        List<HasMetadata> all;
        try (KubernetesClient parser = new KubernetesClientBuilder().build(); InputStream in = Files.newInputStream(DAEMONSET)) {
            all = parser.load(in).items();
        }
        DaemonSet ds = all.stream().filter(DaemonSet.class::isInstance).map(DaemonSet.class::cast).findFirst().orElseThrow();
        Namespace ns = all.stream().filter(Namespace.class::isInstance).map(Namespace.class::cast).findFirst().orElseThrow();
        assertEquals(ds.getMetadata().getNamespace(), ns.getMetadata().getName(), "the DaemonSet's namespace is the one created");
        assertEquals("privileged", ns.getMetadata().getLabels().get("pod-security.kubernetes.io/enforce"),
                "Pod Security admits the agent's pod");
        PodSpec pod = ds.getSpec().getTemplate().getSpec();
        Container agent = pod.getContainers().get(0);
        assertEquals(1, pod.getContainers().size(), "one container");
        assertEquals(Optional.of("/tmp/sonobuoy/results"), env(agent, NodeAgent.RESULTS_DIR_ENV), "results directory");
        VolumeMount results = agent.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp/sonobuoy/results"))
                .findFirst().orElseThrow();
        assertTrue(pod.getVolumes().stream().anyMatch(v -> v.getName().equals(results.getName()) && v.getEmptyDir() != null),
                "results in an emptyDir: nothing is left on the node");
        checkAgentPod(pod, agent, pod.getVolumes(), "the plain DaemonSet");
    }

    private static void checkAgentPod(PodSpec pod, Container agent, List<Volume> volumes, String where) {
        assertEquals(Boolean.TRUE, pod.getHostPID(), where + ": hostPID (pause pids, /proc/PID/ns, nsenter -t 1)");
        assertEquals(Boolean.TRUE, pod.getHostNetwork(), where + ": hostNetwork (the node's links, routes, sysctls)");
        assertEquals(Map.of("kubernetes.io/os", "linux"), pod.getNodeSelector(), where + ": Linux nodes only");
        assertTrue(pod.getTolerations().stream().anyMatch(t -> "Exists".equals(t.getOperator()) && t.getKey() == null),
                where + ": every node, tainted ones too");
        assertEquals(Boolean.TRUE, agent.getSecurityContext().getPrivileged(), where + ": privileged");
        assertTrue(String.join(" ", agent.getCommand()).contains(NodeAgent.class.getName()), where + ": runs " + NodeAgent.class.getName());
        assertTrue(agent.getImage().startsWith("podwire/agent:"), where + ": the image mvn -Pagent-image builds");
        EnvVar node = agent.getEnv().stream().filter(e -> e.getName().equals(NodeAgent.NODE_NAME_ENV)).findFirst().orElseThrow();
        assertEquals("spec.nodeName", node.getValueFrom().getFieldRef().getFieldPath(), where + ": NODE_NAME from the downward API");
        for (NodePaths.NodePath p : NodePaths.ALL.stream().filter(NodePaths.NodePath::everyCalicoNode).toList()) {
            VolumeMount m = agent.getVolumeMounts().stream().filter(vm -> vm.getMountPath().equals(p.path())).findFirst()
                    .orElseThrow(() -> new AssertionError(where + ": no mount at " + p.path()));
            assertEquals(Boolean.TRUE, m.getReadOnly(), where + ": " + p.path() + " read-only");
            assertEquals(p.newMountsMustPropagate() ? "HostToContainer" : null, m.getMountPropagation(),
                    where + ": " + p.path() + " propagation");
            Volume v = volumes.stream().filter(vol -> vol.getName().equals(m.getName())).findFirst().orElseThrow();
            assertEquals(p.path(), v.getHostPath().getPath(), where + ": " + p.path() + " is the node's own path");
            assertEquals("Directory", v.getHostPath().getType(), where + ": " + p.path() + " never created on a node");
        }
        List<String> nodeMounts = agent.getVolumeMounts().stream().filter(m -> volumes.stream()
                .anyMatch(v -> v.getName().equals(m.getName()) && v.getHostPath() != null)).map(VolumeMount::getMountPath).toList();
        assertEquals(NodePaths.ALL.stream().filter(NodePaths.NodePath::everyCalicoNode).map(NodePaths.NodePath::path).toList(),
                nodeMounts, where + ": the node's paths mounted, no other");
    }

    private static Optional<String> env(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst();
    }
}
