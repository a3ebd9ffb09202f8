package io.podwire.cluster;

import io.podwire.lab.LabNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the run record names before the target is reached, so that a target that never comes up is still named. */
class IntendedTargetTest {
    private static ClusterSettings settings(Map<String, String> props) {
        return ClusterSettings.from(props::get, k -> null, Path.of("."));
    }

    @Test
    void aK3sTargetThatNeverCameUpIsNamedByItsImageAndCalicoVersion() {
        ConformanceRun.Intended i = ConformanceRun.intended(settings(Map.of("podwire.k3s.image", "rancher/k3s:v1.33.1-k3s1",
                "calico.version", "3.31.7")));

        assertTrue(i.provider().startsWith("k3s "), i::toString);
        assertTrue(i.provider().contains("rancher/k3s:v1.33.1-k3s1"), i::toString);
        assertTrue(i.kubernetes().startsWith("v1.33.1-k3s1 "), i::toString);
        assertTrue(i.calico().startsWith("3.31.7 "), i::toString);
        assertEquals(java.util.Set.of("rancher/k3s:v1.33.1-k3s1"), i.images().keySet());
    }

    @Test
    void aMultiNodeTargetThatNeverCameUpSaysHowManyNodesItWasToHave() {
        assertEquals("k3s (Testcontainers, " + ClusterSettings.K3S_IMAGE + ", server and 1 agent(s)) (intended; the"
                + " target was not reached)", ConformanceRun.intended(settings(Map.of("podwire.cluster.nodes", "2")))
                .provider());
        assertEquals("kind (cluster podwire, 3 schedulable nodes) (intended; the target was not reached)",
                ConformanceRun.intended(settings(Map.of("podwire.cluster", "kind", "podwire.cluster.nodes", "3")))
                        .provider());
        assertTrue(!ConformanceRun.intended(settings(Map.of())).provider().contains("agent"), "one node: as before");
    }

    @Test
    void theDefaultTargetIsNamedWithTheDefaultsNotUnknown() {
        ConformanceRun.Intended i = ConformanceRun.intended(settings(Map.of()));

        assertTrue(i.provider().contains(ClusterSettings.K3S_IMAGE), i::toString);
        assertTrue(i.calico().startsWith(ClusterSettings.CALICO_VERSION + " "), i::toString);
        for (String v : new String[] {i.provider(), i.kubernetes(), i.calico()}) {
            assertTrue(!v.contains("unknown"), v);
        }
    }

    @Test
    void aClusterWhoseCalicoPodwireDoesNotInstallIsNotNamedWithAVersionPodwireWouldHaveInstalled() {
        ConformanceRun.Intended i = ConformanceRun.intended(settings(Map.of("podwire.cluster", "kubeconfig",
                "podwire.kubeconfig", "/etc/kube/prod")));

        assertTrue(i.provider().startsWith("kubeconfig (/etc/kube/prod"), i::toString);
        assertTrue(!i.calico().contains(ClusterSettings.CALICO_VERSION), i::toString);
    }

    @Test
    void aLabTargetIsNamedByItsImage() {
        ConformanceRun.Intended i = ConformanceRun.intended(settings(Map.of("podwire.cluster", "lab")));

        assertEquals(java.util.Set.of(LabNode.IMAGE), i.images().keySet());
    }
}
