package io.podwire.cluster;

import io.podwire.Timeouts;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.podwire.InfrastructureException;
import io.podwire.Log;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    /**
     * Before a run creates namespace `name`: absent is fine, this run's own is fine; anyone else's (another podwire
     * run's included) is refused and left exactly as it is.
     */
    public static void requireFreeFor(KubernetesClient client, RunScope run, String name) {
        Namespace existing = client.namespaces().withName(name).get();
        if (existing == null || run.owns(existing)) {
            return;
        }
        requireOurs(existing);
        throw new InfrastructureException("namespace " + name + " belongs to another podwire run ("
                + RunScope.RUN_LABEL + "=" + existing.getMetadata().getLabels().get(RunScope.RUN_LABEL)
                + "); this run (" + run.id() + ") will not use or delete it");
    }

    /** Deletes namespace `name` only if this very run created it; another run's, or anyone else's, is left alone. */
    public static void deleteRunNamespace(KubernetesClient client, RunScope run, String name) {
        Namespace existing = client.namespaces().withName(name).get();
        if (existing == null) {
            return;
        }
        if (!run.owns(existing)) {
            Log.info("namespace " + name + " is not labelled " + RunScope.RUN_LABEL + "=" + run.id() + "; this run leaves it");
            return;
        }
        deleteNamespace(client, name);
    }

    /**
     * Deletes the namespaces a crashed podwire run left, and only those: podwire's, carrying another run's id, and
     * created longer than the run's sweep age before `now`. A namespace of unknown age (no creationTimestamp) is kept:
     * it might be a live run's. Returns the namespaces deleted (their deletion is not awaited).
     */
    public static List<String> sweepAbandoned(KubernetesClient client, RunScope run, Instant now) {
        List<String> swept = new ArrayList<>();
        for (Namespace ns : client.namespaces().withLabel(MANAGED_BY, PODWIRE).list().getItems()) {
            String name = ns.getMetadata().getName();
            // an older podwire's fixed namespace (test, podwire-debug) has no run id: never swept
            if (run.owns(ns) || !ns.getMetadata().getLabels().containsKey(RunScope.RUN_LABEL)) {
                continue;
            }
            Optional<Instant> created = createdAt(ns);
            if (created.isEmpty() || Duration.between(created.get(), now).compareTo(run.sweepAfter()) < 0) {
                continue;
            }
            Log.info("namespace " + name + " was left by podwire run " + ns.getMetadata().getLabels().get(RunScope.RUN_LABEL)
                    + " created " + created.get() + ", more than " + Timeouts.human(run.sweepAfter()) + " ago"
                    + " (-D" + RunScope.SWEEP_AFTER_PROPERTY + "); deleting it");
            client.namespaces().withName(name).delete();
            swept.add(name);
        }
        return swept;
    }

    private static Optional<Instant> createdAt(Namespace ns) {
        String ts = ns.getMetadata().getCreationTimestamp();
        if (ts == null || ts.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(ts));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static void deleteNamespace(KubernetesClient client, String name) {
        client.namespaces().withName(name).delete();
        Waits.until("namespace " + name + " to be deleted", Timeouts.CLEANUP,
                () -> assertEquals(null, client.namespaces().withName(name).get(), "namespace " + name));
    }
}
