package io.podwire.cluster;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.podwire.InfrastructureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CalicoManifestTest {
    private static final String MINI = FixtureFiles.read("calico/small-manifest.yaml");
    private static final CniDirs K3S_DIRS = new CniDirs("/var/lib/rancher/k3s/data/cni",
            "/var/lib/rancher/k3s/agent/etc/cni/net.d");

    @Test
    void everyDocumentOfTheManifestBecomesATypedResource() {
        List<HasMetadata> resources = CalicoManifest.patch(MINI, "10.42.0.0/16", CniDirs.DEFAULTS);

        assertEquals(List.of(ConfigMap.class, CustomResourceDefinition.class, DaemonSet.class),
                resources.stream().map(Object::getClass).toList(), "resource types in document order");
    }

    @Test
    void poolCidrIsTheClusterCidr() {
        assertEquals("10.42.0.0/16", env(calicoNode(CniDirs.DEFAULTS), "CALICO_IPV4POOL_CIDR"));
    }

    @Test
    void ipipAndVxlanAreOffOnASingleNode() {
        Container node = calicoNode(CniDirs.DEFAULTS);

        assertEquals("Never", env(node, "CALICO_IPV4POOL_IPIP"), "CALICO_IPV4POOL_IPIP (Always in calico.yaml)");
        assertEquals("Never", env(node, "CALICO_IPV4POOL_VXLAN"), "CALICO_IPV4POOL_VXLAN");
        assertEquals(1, node.getEnv().stream().filter(e -> e.getName().equals("CALICO_IPV4POOL_IPIP")).count(),
                "CALICO_IPV4POOL_IPIP is replaced, not added twice");
    }

    @Test
    void aDualStackPatchAssignsBothFamiliesAndTurnsFelixIpv6On() {
        List<HasMetadata> resources = CalicoManifest.patch(MINI, "10.42.0.0/16", java.util.Optional.of("fd00:10:42::/56"),
                CniDirs.DEFAULTS);
        Container node = ((DaemonSet) resources.get(2)).getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals(CalicoManifest.CALICO_NODE)).findFirst().orElseThrow();

        assertEquals("fd00:10:42::/56", env(node, "CALICO_IPV6POOL_CIDR"));
        assertEquals("autodetect", env(node, "IP6"));
        assertEquals("true", env(node, "FELIX_IPV6SUPPORT"));
        String json = ((ConfigMap) resources.get(0)).getData().get("cni_network_config").replace("__CNI_MTU__", "0");
        JsonNode ipam = JsonMapper.builder().build().readTree(json).path("plugins").get(0).path("ipam");
        assertEquals("calico-ipam", ipam.path("type").asString());
        assertEquals("true", ipam.path("assign_ipv4").asString());
        assertEquals("true", ipam.path("assign_ipv6").asString());
        assertEquals(null, env(calicoNode(CniDirs.DEFAULTS), "CALICO_IPV6POOL_CIDR"), "single-stack sets no IPv6 pool");
    }

    @Test
    void envFromConfigMapsIsKept() {
        EnvVar mtu = calicoNode(CniDirs.DEFAULTS).getEnv().stream().filter(e -> e.getName().equals("FELIX_IPINIPMTU"))
                .findFirst().orElseThrow();

        assertEquals("veth_mtu", mtu.getValueFrom().getConfigMapKeyRef().getKey(), "FELIX_IPINIPMTU valueFrom");
    }

    @Test
    void cniConfigAllowsIpForwardingInTheCalicoPlugin() {
        ConfigMap cm = (ConfigMap) CalicoManifest.patch(MINI, "10.42.0.0/16", CniDirs.DEFAULTS).get(0);
        // install-cni substitutes the placeholders; only then is the template JSON
        String json = cm.getData().get("cni_network_config").replace("__CNI_MTU__", "0");

        JsonNode calico = JsonMapper.builder().build().readTree(json).path("plugins").get(0);

        assertEquals("calico", calico.path("type").asString(), "first plugin");
        assertTrue(calico.path("container_settings").path("allow_ip_forwarding").asBoolean(false),
                "container_settings.allow_ip_forwarding in " + calico);
    }

    @Test
    void allowIpForwardingIsNotAddedTwice() {
        String once = CalicoManifest.allowIpForwarding("{\"plugins\": [{\"type\": \"calico\", \"ipam\": {}}]}");

        assertEquals(once, CalicoManifest.allowIpForwarding(once), "patching the patched config changes nothing");
    }

    @Test
    void defaultCniDirsLeaveTheHostPathsAlone() {
        PodSpec pod = podSpec(CniDirs.DEFAULTS);

        assertEquals(Map.of("cni-bin-dir", "/opt/cni/bin", "cni-net-dir", "/etc/cni/net.d"), hostPaths(pod));
        assertNull(env(pod.getInitContainers().get(0), "CNI_NET_DIR"), "CNI_NET_DIR of install-cni");
    }

    @Test
    void k3sOwnCniDirsMoveTheHostPathsAndTheConflistKubeconfig() {
        PodSpec pod = podSpec(K3S_DIRS);

        assertEquals(Map.of("cni-bin-dir", K3S_DIRS.binDir(), "cni-net-dir", K3S_DIRS.confDir()), hostPaths(pod));
        assertEquals(K3S_DIRS.confDir(), env(pod.getInitContainers().get(0), "CNI_NET_DIR"), "CNI_NET_DIR of install-cni");
    }

    @Test
    void aManifestWithoutCalicoNodeIsRefusedNamingWhatIsMissing() {
        InfrastructureException e = assertThrows(InfrastructureException.class, () ->
                CalicoManifest.patch(FixtureFiles.read("calico/no-daemonset.yaml"), "10.42.0.0/16", CniDirs.DEFAULTS));

        assertTrue(e.getMessage().contains("no DaemonSet named calico-node"), e.getMessage());
    }

    @Test
    void aManifestFileGivenByPropertyIsReadWithoutDownloading(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("calico.yaml");
        Files.writeString(file, MINI);
        ClusterSettings s = ClusterSettings.from(Map.of("calico.manifest", file.toString())::get, k -> null, dir);

        assertEquals(MINI, CalicoManifest.load(s));
    }

    @Test
    void aCachedDownloadUnderTargetIsReusedForTheSameVersion(@TempDir Path dir) throws Exception {
        ClusterSettings s = ClusterSettings.from(Map.of("calico.version", "3.31.7")::get, k -> null, dir);
        Path cache = s.workDir().resolve("calico").resolve("calico-v3.31.7.yaml");
        Files.createDirectories(cache.getParent());
        Files.writeString(cache, MINI);

        assertEquals(MINI, CalicoManifest.load(s));
    }

    @Test
    void releaseUrlFollowsCalicoDocsPattern() {
        ClusterSettings s = ClusterSettings.from(Map.of("calico.version", "v3.31.7")::get, k -> null, Path.of("."));

        assertEquals("https://raw.githubusercontent.com/projectcalico/calico/v3.31.7/manifests/calico.yaml",
                s.calicoManifestUrl());
    }

    private static PodSpec podSpec(CniDirs dirs) {
        DaemonSet ds = (DaemonSet) CalicoManifest.patch(MINI, "10.42.0.0/16", dirs).get(2);
        return ds.getSpec().getTemplate().getSpec();
    }

    private static Container calicoNode(CniDirs dirs) {
        return podSpec(dirs).getContainers().get(0);
    }

    private static String env(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst().orElse(null);
    }

    private static Map<String, String> hostPaths(PodSpec pod) {
        return Map.of("cni-bin-dir", path(pod, "cni-bin-dir"), "cni-net-dir", path(pod, "cni-net-dir"));
    }

    private static String path(PodSpec pod, String volume) {
        return pod.getVolumes().stream().filter(v -> v.getName().equals(volume)).findFirst().orElseThrow()
                .getHostPath().getPath();
    }
}
