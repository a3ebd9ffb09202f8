package io.podwire.cluster;

import io.podwire.Timeouts;
import io.podwire.Log;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.podwire.InfrastructureException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Creates Calico's resources with server-side apply (the CRD bundle is too big for the annotation a client-side
 * apply writes) and waits until calico-node is Ready on every node and calico-kube-controllers is available.
 */
public final class CalicoInstaller {
    public static final String FIELD_MANAGER = "podwire";
    /** calico.yaml installs into kube-system, the tigera operator into calico-system. */
    public static final List<String> NAMESPACES = List.of("kube-system", "calico-system");

    private CalicoInstaller() {
    }

    public static void install(KubernetesClient client, List<HasMetadata> resources, Diagnostics diagnostics) {
        apply(client, resources, "calico.yaml");
        awaitReady(client, "kube-system");
    }

    /**
     * A team's own Calico manifest, applied exactly as written (`kubectl apply --server-side --force-conflicts`):
     * on a cluster podwire did not install Calico on, nothing is patched, downloaded or added.
     */
    public static void applyAsGiven(KubernetesClient client, Path manifest) {
        String yaml;
        try {
            yaml = Files.readString(manifest, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InfrastructureException("cannot read " + manifest + ": " + e.getMessage(), e);
        }
        apply(client, CalicoManifest.parse(yaml), manifest.toString());
    }

    private static void apply(KubernetesClient client, List<HasMetadata> resources, String source) {
        Log.info("applying " + resources.size() + " Calico resources from " + source + " (server-side apply)");
        for (HasMetadata r : resources) {
            try {
                client.resource(r).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
            } catch (KubernetesClientException e) {
                throw new InfrastructureException("cannot apply " + r.getKind() + " " + r.getMetadata().getName()
                        + " from " + source + ": " + e.getMessage(), e);
            }
        }
    }

    /** Also what an existing cluster is checked with: calico-node Ready on every node (manifest or operator install). */
    public static void awaitReady(KubernetesClient client, String namespace) {
        PullFailures pulls = new PullFailures(Timeouts.IMAGE_PULL_FAILING);
        Waits.until("calico-node Ready on every node and calico-kube-controllers available in " + namespace,
                Timeouts.CALICO_READY, () -> {
            List<Pod> pods = client.pods().inNamespace(namespace).list().getItems();
            pulls.check(pods, Instant.now());
            DaemonSet ds = client.apps().daemonSets().inNamespace(namespace).withName(CalicoManifest.CALICO_NODE).get();
            assertNotNull(ds, "DaemonSet " + namespace + "/calico-node exists");
            int desired = ds.getStatus() == null ? 0 : ds.getStatus().getDesiredNumberScheduled();
            int ready = ds.getStatus() == null ? 0 : ds.getStatus().getNumberReady();
            assertTrue(desired > 0 && ready == desired, "calico-node Ready on " + ready + " of " + desired + " nodes; "
                    + Diagnostics.describePods(pods.stream().filter(p -> p.getMetadata().getName()
                    .startsWith(CalicoManifest.CALICO_NODE)).toList()).strip());
            Deployment kc = client.apps().deployments().inNamespace(namespace).withName("calico-kube-controllers").get();
            assertNotNull(kc, "Deployment " + namespace + "/calico-kube-controllers exists");
            Integer available = kc.getStatus() == null ? null : kc.getStatus().getAvailableReplicas();
            assertTrue(available != null && available >= 1, "calico-kube-controllers available replicas: " + available);
        });
    }

    /** The tigera-operator's Installation (operator.tigera.io/v1, cluster-scoped, one named default). */
    static final ResourceDefinitionContext INSTALLATION = new ResourceDefinitionContext.Builder()
            .withGroup("operator.tigera.io").withVersion("v1").withKind("Installation").withPlural("installations")
            .withNamespaced(false).build();

    /**
     * Refuses a cluster where Calico is the policy engine only: the operator's Installation default names another CNI
     * in spec.cni.type (Calico, GKE, AmazonVPC, AzureVNET: operator api/v1 installation_types.go CNIPluginType), so the
     * pods are not wired by Calico's plugin and its wiring claims do not apply. A manifest install has no Installation;
     * the nodes' CNI configs are then what decides (run/Inspector.requiringCalicoCni).
     */
    public static void requireCalicoCni(KubernetesClient client) {
        GenericKubernetesResource installation;
        try {
            installation = client.genericKubernetesResources(INSTALLATION).withName("default").get();
        } catch (KubernetesClientException e) {
            // no operator CRD (a manifest install), or not allowed to read it: the nodes' CNI configs decide
            return;
        }
        Object spec = installation == null ? null : installation.getAdditionalProperties().get("spec");
        Object cni = spec instanceof Map<?, ?> m ? m.get("cni") : null;
        Object type = cni instanceof Map<?, ?> m ? m.get("type") : null;
        if (type != null && !"Calico".equals(type)) {
            throw new InfrastructureException("not a Calico-CNI cluster: the tigera-operator's Installation default has"
                    + " spec.cni.type " + type + ": " + type + " wires the pods and Calico enforces policy only; Calico's"
                    + " wiring claims (C1-C12 as podwire states them) do not apply, none was judged (docs/providers.md,"
                    + " support table)");
        }
    }

    /** The namespace of an existing Calico install, or a clear error when the cluster has none. */
    public static String installedNamespace(KubernetesClient client) {
        for (String ns : NAMESPACES) {
            if (client.apps().daemonSets().inNamespace(ns).withName(CalicoManifest.CALICO_NODE).get() != null) {
                return ns;
            }
        }
        throw new InfrastructureException("the cluster has no DaemonSet calico-node in " + NAMESPACES
                + ": the kubeconfig provider expects Calico to be installed already");
    }
}
