package io.podwire.cluster;

import io.podwire.InfrastructureException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterSettingsTest {
    private static final Path BASE = Path.of("/work/project");

    @Test
    void withoutPropertiesTheProviderIsK3sWithPinnedVersionsAndCalicoInstalled() {
        ClusterSettings s = settings(Map.of());

        assertEquals(ClusterKind.K3S, s.kind());
        assertEquals(ClusterSettings.K3S_IMAGE, s.k3sImage());
        assertEquals(ClusterSettings.CALICO_VERSION, s.calicoVersion());
        assertEquals("10.42.0.0/16", s.podCidr(), "k3s's default cluster CIDR");
        assertTrue(s.installCalico(), "k3s gets Calico from the suite");
        assertEquals(BASE.resolve("manifests"), s.manifestsDir());
        assertEquals(BASE.resolve("target/podwire"), s.workDir());
    }

    @Test
    void kindUsesThePodSubnetOfKindConfig() {
        ClusterSettings s = settings(Map.of("podwire.cluster", "kind"));

        assertEquals(ClusterKind.KIND, s.kind());
        assertEquals("10.244.0.0/16", s.podCidr());
        assertEquals("podwire", s.kindClusterName());
    }

    @Test
    void kubeconfigProviderAssumesCalicoInstalled() {
        ClusterSettings s = settings(Map.of("podwire.cluster", "KubeConfig"));

        assertEquals(ClusterKind.KUBECONFIG, s.kind(), "provider names are case-insensitive");
        assertEquals(false, s.installCalico());
    }

    @Test
    void theDistributionsOwnCniIsChosenExplicitlyAndInstallsNoCalico() {
        assertEquals(ClusterSettings.ClusterCni.CALICO, settings(Map.of()).cni(), "Calico unless asked otherwise");
        ClusterSettings k3sFlannel = settings(Map.of("podwire.cluster.cni", "default"));
        assertEquals(ClusterSettings.ClusterCni.DEFAULT, k3sFlannel.cni());
        assertEquals(false, k3sFlannel.installCalico(), "no Calico install over the distribution's CNI");
        assertEquals(false, k3sFlannel.calicoIsTheCni());
        assertEquals(false, settings(Map.of("podwire.cluster.cni", "default", "podwire.calico.install", "true"))
                .installCalico(), "the explicit CNI choice wins over the install flag");

        InfrastructureException e = assertThrows(InfrastructureException.class,
                () -> settings(Map.of("podwire.cluster.cni", "cilium")));
        assertTrue(e.getMessage().startsWith("-Dpodwire.cluster.cni=cilium is neither calico"), e.getMessage());
    }

    @Test
    void anUnknownProviderIsRefusedListingTheValidOnes() {
        InfrastructureException e = assertThrows(InfrastructureException.class,
                () -> settings(Map.of("podwire.cluster", "minikube")));

        assertEquals("-Dpodwire.cluster=minikube is not a cluster provider; valid values: k3s, kind, kubeconfig, lab"
                + " (default k3s)", e.getMessage());
    }

    @Test
    void dualStackIsAskedForWithAnIpv6RangeOrTheTargetsDefault() {
        assertEquals(Optional.empty(), settings(Map.of()).podCidr6(), "single-stack by default");
        assertEquals(Optional.of("fd00:10:42::/56"), settings(Map.of("podwire.dualstack", "true")).podCidr6(), "k3s");
        assertEquals(Optional.of("fd00:10:244::/64"),
                settings(Map.of("podwire.cluster", "kind", "podwire.dualstack", "true")).podCidr6(), "kind-config's");
        assertEquals(Optional.of("fd12::/64"), settings(Map.of("podwire.pod.cidr6", "fd12::/64")).podCidr6(), "given");
        InfrastructureException e = assertThrows(InfrastructureException.class,
                () -> settings(Map.of("podwire.pod.cidr6", "10.1.0.0/16")));
        assertTrue(e.getMessage().startsWith("-Dpodwire.pod.cidr6=10.1.0.0/16 is not an IPv6 CIDR"), e.getMessage());
    }

    @Test
    void aCalicoVersionThatIsNotMajorMinorPatchIsRefused() {
        InfrastructureException e = assertThrows(InfrastructureException.class,
                () -> settings(Map.of("calico.version", "3.32")));

        assertTrue(e.getMessage().startsWith("-Dcalico.version=3.32 is not a Calico release version"), e.getMessage());
    }

    @Test
    void aLeadingVInTheCalicoVersionIsAccepted() {
        assertEquals("3.31.7", settings(Map.of("calico.version", "v3.31.7")).calicoVersion());
    }

    @Test
    void aMissingCalicoManifestFileIsRefusedNamingIt() {
        InfrastructureException e = assertThrows(InfrastructureException.class,
                () -> settings(Map.of("calico.manifest", "no/such/calico.yaml")));

        assertEquals("-Dcalico.manifest=/work/project/no/such/calico.yaml is not a readable file", e.getMessage());
    }

    @Test
    void aMirroredOrDigestPinnedK3sImageIsAcceptedAndAnInvalidReferenceRefused() {
        assertEquals("registry.corp:5000/mirror/k3s:v1.34.9-k3s1",
                settings(Map.of("podwire.k3s.image", "registry.corp:5000/mirror/k3s:v1.34.9-k3s1")).k3sImage());
        String pinned = "rancher/k3s@sha256:" + "a".repeat(64);
        assertEquals(pinned, settings(Map.of("podwire.k3s.image", pinned)).k3sImage());

        InfrastructureException e = assertThrows(InfrastructureException.class,
                () -> settings(Map.of("podwire.k3s.image", "Rancher/K3S:v1")));
        assertTrue(e.getMessage().startsWith("-Dpodwire.k3s.image=Rancher/K3S:v1 is not a Docker image reference"),
                e.getMessage());
    }

    @Test
    void kubeconfigComesFromThePropertyThenKubeconfigEnvThenHome() {
        Map<String, String> props = new HashMap<>(Map.of("user.home", "/home/ci"));
        assertEquals(Optional.of(Path.of("/home/ci/.kube/config")), settings(props).kubeconfig());

        assertEquals(Optional.of(Path.of("/etc/kube/a")), ClusterSettings.from(props::get,
                Map.of("KUBECONFIG", "/etc/kube/a:/etc/kube/b")::get, BASE).kubeconfig(), "first entry of KUBECONFIG");

        props.put("podwire.kubeconfig", "ci/kubeconfig");
        assertEquals(Optional.of(BASE.resolve("ci/kubeconfig")), settings(props).kubeconfig());
    }

    @Test
    void anImpossibleCidrIsRefusedNamingTheProperty() {
        assertEquals("-Dpodwire.pod.cidr=999.999.999.999/99 is not an IPv4 CIDR such as 10.42.0.0/16",
                assertThrows(InfrastructureException.class,
                        () -> settings(Map.of("podwire.pod.cidr", "999.999.999.999/99"))).getMessage());
        assertEquals("-Dpodwire.pod.cidr=10.42.0.0/33 is not an IPv4 CIDR such as 10.42.0.0/16",
                assertThrows(InfrastructureException.class,
                        () -> settings(Map.of("podwire.pod.cidr", "10.42.0.0/33"))).getMessage());
        assertEquals("-Dpodwire.pod.cidr6=fd00::/129 is not an IPv6 CIDR such as fd00:10:42::/56",
                assertThrows(InfrastructureException.class,
                        () -> settings(Map.of("podwire.pod.cidr6", "fd00::/129"))).getMessage());
        assertEquals("-Dpodwire.pod.cidr6=fd00:::1::/64 is not an IPv6 CIDR such as fd00:10:42::/56",
                assertThrows(InfrastructureException.class,
                        () -> settings(Map.of("podwire.pod.cidr6", "fd00:::1::/64"))).getMessage());
        assertEquals("10.0.0.0/8", settings(Map.of("podwire.pod.cidr", "10.0.0.0/8")).podCidr());
    }

    @Test
    void aBooleanThatIsNotTrueOrFalseIsRefusedRatherThanReadAsFalse() {
        assertEquals("-Dpodwire.dualstack=yes is not a boolean; expected true or false",
                assertThrows(InfrastructureException.class, () -> settings(Map.of("podwire.dualstack", "yes"))).getMessage());
        assertEquals("-Dpodwire.calico.install=nope is not a boolean; expected true or false",
                assertThrows(InfrastructureException.class,
                        () -> settings(Map.of("podwire.calico.install", "nope"))).getMessage());
        assertEquals(false, settings(Map.of("podwire.calico.install", "FALSE")).installCalico());
    }

    @Test
    void oneNodeUnlessMoreAreAskedForAndThenOnlyWhereAClusterCanHaveThem() {
        assertEquals(1, settings(Map.of()).nodes(), "the default stays one node: nothing changes without the property");
        assertEquals(false, settings(Map.of()).multiNode());
        ClusterSettings two = settings(Map.of("podwire.cluster.nodes", " 2 "));
        assertEquals(2, two.nodes());
        assertTrue(two.multiNode());
        assertEquals(3, settings(Map.of("podwire.cluster", "kind", "podwire.cluster.nodes", "3")).nodes());
        assertEquals(5, settings(Map.of("podwire.cluster", "kubeconfig", "podwire.cluster.nodes", "5")).nodes());
        assertEquals(1, settings(Map.of("podwire.cluster", "lab", "podwire.cluster.nodes", "1")).nodes());

        assertEquals("-Dpodwire.cluster.nodes=two is not a number of nodes; expected 1 (the default: one node) to 5",
                assertThrows(InfrastructureException.class,
                        () -> settings(Map.of("podwire.cluster.nodes", "two"))).getMessage());
        for (String outOfRange : new String[]{"0", "-1", "6"}) {
            String m = assertThrows(InfrastructureException.class,
                    () -> settings(Map.of("podwire.cluster.nodes", outOfRange))).getMessage();
            assertTrue(m.startsWith("-Dpodwire.cluster.nodes=" + outOfRange + " is out of range; expected 1"), m);
        }
        String lab = assertThrows(InfrastructureException.class,
                () -> settings(Map.of("podwire.cluster", "lab", "podwire.cluster.nodes", "2"))).getMessage();
        assertTrue(lab.startsWith("-Dpodwire.cluster.nodes=2 asks for a multi-node cluster, but -Dpodwire.cluster=lab"
                + " is one lab node") && lab.contains("CrossNodeLabIT"), lab);
    }

    private static ClusterSettings settings(Map<String, String> props) {
        return ClusterSettings.from(props::get, k -> null, BASE);
    }
}
