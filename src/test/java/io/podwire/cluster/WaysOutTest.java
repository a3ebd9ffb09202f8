package io.podwire.cluster;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WaysOutTest {

    private static ClusterSettings settings(Map<String, String> props) {
        return ClusterSettings.from(props::get, env -> null, Path.of("."));
    }

    @Test
    void theDefaultK3sRunNamesEveryImageItsClusterPullsAndEveryWayOut() {
        String text = WaysOut.of(settings(Map.of()));

        for (String needle : new String[] {ClusterSettings.K3S_IMAGE, WaysOut.K3S_PAUSE_IMAGE,
                "docker.io/calico/cni:v" + ClusterSettings.CALICO_VERSION, "docker.io/calico/node:v" + ClusterSettings.CALICO_VERSION,
                "docker.io/calico/kube-controllers:v" + ClusterSettings.CALICO_VERSION,
                "nginx:1.27.0 (workload, app.yaml)", "busybox:1.36.1 (workload, pinger.yaml)",
                "docker load", "/var/lib/rancher/k3s/agent/images/", "kind load docker-image", "-Dcalico.manifest=",
                "-Dpodwire.cluster=kind", "-Dpodwire.cluster=kubeconfig", "-Dpodwire.cluster=lab"}) {
            assertTrue(text.contains(needle), () -> "missing " + needle + " in:" + text);
        }
    }

    @Test
    void aCalicoManifestFromDiskNamesItsOwnImagesAndAnExistingClusterPullsNoNodeImage() {
        String text = WaysOut.of(settings(Map.of("podwire.cluster", "kubeconfig", "podwire.calico.install", "true",
                "calico.manifest", "src/test/resources/fixtures/calico/small-manifest.yaml")));

        assertFalse(text.contains(ClusterSettings.K3S_IMAGE) || text.contains(WaysOut.K3S_PAUSE_IMAGE), text);
        assertTrue(text.contains("busybox:1.36.1 (node debug pods; -Dpodwire.debug.image)"), text);
        assertTrue(text.contains("quay.io/calico/node:v3.32.1 (Calico, from -Dcalico.manifest)"), text);
        assertFalse(text.contains("docker.io/calico/"), "the default images are not the manifest's");
    }
}
