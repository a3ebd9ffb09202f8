package io.podwire.cluster;

import io.podwire.Timeouts;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.podwire.InfrastructureException;
import io.podwire.Log;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What podwire created carries `app.kubernetes.io/managed-by: podwire` (Kubernetes' recommended label for "the tool
 * being used to manage the operation of an application", kubernetes.io/docs/concepts/overview/working-with-objects/
 * common-labels); podwire deletes only what carries it and refuses a namespace of the same name someone else created.
 */
public final class Ownership {
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String PODWIRE = "podwire";

    private Ownership() {
    }

    public static boolean isOurs(HasMetadata resource) {
        Map<String, String> labels = resource.getMetadata().getLabels();
        return labels != null && PODWIRE.equals(labels.get(MANAGED_BY));
    }

    /**
     * Before podwire creates namespace `name`: absent is fine; podwire's own (left by an earlier or killed run) is
     * deleted so the run starts clean; anyone else's is refused and left exactly as it is.
     */
    public static void clearNamespaceForUs(KubernetesClient client, String name) {
        Namespace existing = client.namespaces().withName(name).get();
        if (existing == null) {
            return;
        }
        requireOurs(existing);
        Log.info("namespace " + name + " is left from an earlier podwire run; deleting it first");
        deleteNamespace(client, name);
    }

    /** Deletes namespace `name` only if podwire created it; someone else's is left alone. */
    public static void deleteOwnNamespace(KubernetesClient client, String name) {
        Namespace existing = client.namespaces().withName(name).get();
        if (existing == null) {
            return;
        }
        if (!isOurs(existing)) {
            Log.info("namespace " + name + " is not labelled " + MANAGED_BY + "=" + PODWIRE + "; podwire leaves it");
            return;
        }
        deleteNamespace(client, name);
    }

    /** A namespace podwire is about to use must be its own; InfrastructureException naming the way out otherwise. */
    public static void requireOurs(Namespace ns) {
        if (!isOurs(ns)) {
            String name = ns.getMetadata().getName();
            throw new InfrastructureException("namespace " + name + " exists on the cluster but was not created by"
                    + " podwire (it has no label " + MANAGED_BY + "=" + PODWIRE + "); podwire will not use, change or"
                    + " delete it. Run against a cluster without a namespace " + name + ", or remove it yourself if"
                    + " it is not needed: kubectl delete namespace " + name);
        }
    }

    private static void deleteNamespace(KubernetesClient client, String name) {
        client.namespaces().withName(name).delete();
        Waits.until("namespace " + name + " to be deleted", Timeouts.CLEANUP,
                () -> assertEquals(null, client.namespaces().withName(name).get(), "namespace " + name));
    }
}
