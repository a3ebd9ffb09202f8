package io.podwire.cluster;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** kind-config/, parsed: what the kind provider expects of the cluster CI creates from each file. */
@DisplayName("kind configs: the single-node ones unchanged, the multi-node ones give two schedulable workers")
class KindConfigTest {
    private static final Path DIR = Path.of("kind-config");
    private static final YAMLMapper YAML = new YAMLMapper();

    @Test
    @DisplayName("every config is a kind Cluster on kind's pod subnet; Calico's turn kindnet off, kindnet's keep it")
    void everyConfigIsAKindClusterOnThePodSubnetThePropertiesDefaultTo() throws IOException {
        List<Path> files = files();
        assertTrue(files.size() >= 5, "kind configs: " + files);
        for (Path f : files) {
            JsonNode c = read(f);
            assertEquals("Cluster", c.path("kind").asString(), f.toString());
            assertEquals("kind.x-k8s.io/v1alpha4", c.path("apiVersion").asString(), f.toString());
            assertEquals(ClusterSettings.KIND_POD_CIDR, c.path("networking").path("podSubnet").asString().split(",")[0],
                    f + ": podSubnet (IPv4) = -Dpodwire.pod.cidr's kind default");
            boolean kindnet = f.getFileName().toString().contains("kindnet");
            assertEquals(!kindnet, c.path("networking").path("disableDefaultCNI").asBoolean(false),
                    f + ": kindnet off exactly where podwire installs Calico");
        }
    }

    @Test
    @DisplayName("the single-node configs still have one node; the multi-node ones a control-plane and two workers")
    void multiNodeConfigsHaveTwoWorkersBecauseKindTaintsTheControlPlane() throws IOException {
        Map<String, List<String>> expected = Map.of(
                "podwire-cluster.yaml", List.of("control-plane"),
                "podwire-cluster-dualstack.yaml", List.of("control-plane"),
                "podwire-cluster-kindnet.yaml", List.of("control-plane"),
                "podwire-cluster-multinode.yaml", List.of("control-plane", "worker", "worker"),
                "podwire-cluster-kindnet-multinode.yaml", List.of("control-plane", "worker", "worker"));
        for (Map.Entry<String, List<String>> e : expected.entrySet()) {
            List<String> roles = new ArrayList<>();
            read(DIR.resolve(e.getKey())).path("nodes").forEach(n -> roles.add(n.path("role").asString()));
            assertEquals(e.getValue(), roles, e.getKey());
        }
    }

    @Test
    @DisplayName("a multi-node kind run that finds too few nodes names the config of its CNI, which exists")
    void theHintNamesTheMultiNodeConfigOfTheChosenCni() {
        ClusterSettings calico = settings(Map.of("podwire.cluster", "kind", "podwire.cluster.nodes", "2"));
        ClusterSettings kindnet = settings(Map.of("podwire.cluster", "kind", "podwire.cluster.nodes", "2",
                "podwire.cluster.cni", "default", "podwire.kind.cluster", "podwire-kindnet"));

        assertTrue(KindCluster.howToGetNodes(calico).contains("kind create cluster --name podwire --config "
                + KindCluster.MULTINODE_CONFIG), KindCluster.howToGetNodes(calico));
        assertTrue(KindCluster.howToGetNodes(kindnet).contains("kind create cluster --name podwire-kindnet --config "
                + KindCluster.MULTINODE_KINDNET_CONFIG), KindCluster.howToGetNodes(kindnet));
        assertTrue(Files.isRegularFile(Path.of(KindCluster.MULTINODE_CONFIG)));
        assertTrue(Files.isRegularFile(Path.of(KindCluster.MULTINODE_KINDNET_CONFIG)));
    }

    private static ClusterSettings settings(Map<String, String> props) {
        return ClusterSettings.from(props::get, k -> null, Path.of("."));
    }

    private static List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(DIR)) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    private static JsonNode read(Path f) throws IOException {
        return YAML.readTree(Files.readString(f));
    }
}
