package io.podwire.upgrade;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.podwire.cluster.CalicoManifest;
import io.podwire.Timeouts;
import io.podwire.cluster.Waits;

import java.util.List;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Waits until a Calico upgrade has rolled out: calico-node and calico-kube-controllers observed their new spec,
 * every replica is updated, Ready and running the new version's images. "Ready" alone is not enough: right after the
 * apply the old pods are still Ready.
 */
public final class CalicoRollout {
    private CalicoRollout() {
    }

    public static void await(KubernetesClient client, String namespace, String version) {
        String tag = ":v" + version;
        Waits.until("Calico " + version + " rolled out in " + namespace + " (calico-node and calico-kube-controllers"
                + " updated, Ready, images " + tag + ")", Timeouts.CALICO_READY, () -> {
            DaemonSet ds = client.apps().daemonSets().inNamespace(namespace).withName(CalicoManifest.CALICO_NODE).get();
            assertNotNull(ds, "DaemonSet " + namespace + "/calico-node");
            assertImages("calico-node", ds.getSpec().getTemplate().getSpec().getContainers(), tag);
            var st = ds.getStatus();
            assertNotNull(st, "calico-node status");
            assertTrue(Objects.equals(st.getObservedGeneration(), ds.getMetadata().getGeneration()),
                    "calico-node observed generation " + st.getObservedGeneration() + " of " + ds.getMetadata().getGeneration());
            int desired = st.getDesiredNumberScheduled();
            assertEquals(desired, orZero(st.getUpdatedNumberScheduled()), "calico-node pods updated of " + desired);
            assertEquals(desired, orZero(st.getNumberReady()), "calico-node pods Ready of " + desired);
            assertEquals(0, orZero(st.getNumberUnavailable()), "calico-node pods unavailable");
            Deployment kc = client.apps().deployments().inNamespace(namespace).withName("calico-kube-controllers").get();
            assertNotNull(kc, "Deployment " + namespace + "/calico-kube-controllers");
            assertImages("calico-kube-controllers", kc.getSpec().getTemplate().getSpec().getContainers(), tag);
            var ks = kc.getStatus();
            int replicas = orZero(kc.getSpec().getReplicas());
            assertTrue(ks != null && Objects.equals(ks.getObservedGeneration(), kc.getMetadata().getGeneration()),
                    "calico-kube-controllers observed its new spec");
            assertEquals(replicas, orZero(ks.getUpdatedReplicas()), "calico-kube-controllers updated replicas");
            assertEquals(replicas, orZero(ks.getAvailableReplicas()), "calico-kube-controllers available replicas");
            assertEquals(replicas, orZero(ks.getReplicas()), "calico-kube-controllers replicas (old ones gone)");
        });
    }

    private static void assertImages(String what, List<Container> containers, String tag) {
        containers.forEach(c -> assertTrue(c.getImage().endsWith(tag), what + " container " + c.getName()
                + " runs " + c.getImage() + ", expected a " + tag + " image"));
    }

    private static int orZero(Integer i) {
        return i == null ? 0 : i;
    }
}
