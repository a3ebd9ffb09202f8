package io.podwire.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.podwire.InfrastructureException;
import io.podwire.node.ExpectedPod;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** API plumbing against fabric8's mock server: what the suite reads from and writes to a cluster. */
@EnableKubernetesMockClient(crud = true)
class ClusterApiTest {
    KubernetesClient client;

    @Test
    void anExistingCalicoIsFoundInKubeSystemOrCalicoSystem() {
        client.apps().daemonSets().inNamespace("calico-system").resource(new DaemonSetBuilder()
                .withNewMetadata().withName("calico-node").withNamespace("calico-system").endMetadata().build()).create();

        assertEquals("calico-system", CalicoInstaller.installedNamespace(client), "operator install");
    }

    @Test
    void aClusterWithoutCalicoIsRefusedForTheKubeconfigProvider() {
        InfrastructureException e = assertThrows(InfrastructureException.class,
                () -> CalicoInstaller.installedNamespace(client));

        assertEquals("the cluster has no DaemonSet calico-node in [kube-system, calico-system]: the kubeconfig"
                + " provider expects Calico to be installed already", e.getMessage());
    }

    @Test
    void aPolicyOnlyCalicoWhoseInstallationNamesAnotherCniIsNotACalicoCniCluster() {
        installation("AmazonVPC");

        InfrastructureException e = assertThrows(InfrastructureException.class, () -> CalicoInstaller.requireCalicoCni(client));

        assertTrue(e.getMessage().startsWith("not a Calico-CNI cluster: the tigera-operator's Installation default has"
                + " spec.cni.type AmazonVPC"), e.getMessage());
    }

    @Test
    void anOperatorInstallWithCalicoCniOrAManifestInstallWithoutInstallationIsAccepted() {
        CalicoInstaller.requireCalicoCni(client);
        installation("Calico");
        CalicoInstaller.requireCalicoCni(client);
    }

    /** The operator's Installation default as tigera-operator's CR has it (operator.tigera.io/v1, spec.cni.type). */
    private void installation(String cniType) {
        GenericKubernetesResource i = new GenericKubernetesResourceBuilder().withApiVersion("operator.tigera.io/v1")
                .withKind("Installation").withNewMetadata().withName("default").endMetadata()
                .addToAdditionalProperties("spec", Map.of("kubernetesProvider", "EKS", "cni", Map.of("type", cniType)))
                .build();
        client.genericKubernetesResources(CalicoInstaller.INSTALLATION).resource(i).createOr(r -> r.update());
    }

    @Test
    void expectedPodsComeFromTheApiNodeIpContainersAndHostNetwork() {
        client.pods().inNamespace("test").resource(new PodBuilder()
                .withNewMetadata().withName("app").withNamespace("test").endMetadata()
                .withNewSpec().withNodeName("k3s-node")
                .addNewContainer().withName("nginx").withImage("nginx:1.27.0").endContainer()
                .addNewContainer().withName("sidecar").withImage("busybox:1.36.1").endContainer().endSpec()
                .withNewStatus().withPodIP("10.42.0.7").endStatus().build()).create();

        var listed = client.pods().inNamespace("test").withName("app").get();
        ExpectedPod app = Workload.expected(listed);

        assertEquals(new ExpectedPod("test", "app", "k3s-node", "10.42.0.7", List.of("nginx", "sidecar"), false, null,
                List.of(), listed.getMetadata().getUid()), app, "with the uid the API gave it (churn tells a recreated pod by it)");
    }

    @Test
    void theNodeDebugPodIsPrivilegedOnTheHostNamespacesAndPinnedToItsNode() {
        RunScope run = new RunScope("a1b2c3d4", RunScope.SWEEP_AFTER);
        var pod = DebugPodNodeAccess.pod(run.debugNamespace(), run, "worker-1", "podwire-node-1", "busybox:1.36.1");

        assertEquals("worker-1", pod.getSpec().getNodeName());
        assertEquals(List.of(true, true, true), List.of(pod.getSpec().getHostPID(), pod.getSpec().getHostNetwork(),
                pod.getSpec().getHostIPC()), "hostPID, hostNetwork, hostIPC");
        assertEquals(true, pod.getSpec().getContainers().get(0).getSecurityContext().getPrivileged(), "privileged");
        assertEquals("podwire-a1b2c3d4-nodes", pod.getMetadata().getNamespace(), "the run's own debug namespace");
    }
}
