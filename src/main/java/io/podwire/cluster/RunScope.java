package io.podwire.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.podwire.InfrastructureException;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One run's own corner of a cluster that others use too: its namespaces are named after its run id and every object
 * it creates carries that id, so two runs on one cluster never create, wait for, or delete each other's objects, and
 * a cluster with its own namespace `test` is never touched. What a crashed run left is swept by a later run only
 * once it is older than {@link #sweepAfter()} (a live run is never that old).
 */
public record RunScope(String id, Duration sweepAfter) {
    /** The run id on every object a run creates (label values: 63 characters of [a-z0-9A-Z._-], kubernetes.io/docs
     *  concepts/overview/working-with-objects/labels#syntax-and-character-set). */
    public static final String RUN_LABEL = "podwire.io/run";
    public static final String SWEEP_AFTER_PROPERTY = "podwire.sweep.after";
    /** Far longer than any run (a conformance run takes minutes, an upgrade run well under an hour). */
    public static final Duration SWEEP_AFTER = Duration.ofHours(6);
    /** A namespace name is a DNS label (63 characters): "podwire-" + id + "-nodes" stays far below it. */
    private static final Pattern ID = Pattern.compile("[a-z0-9]{4,16}");
    private static final SecureRandom RANDOM = new SecureRandom();

    public RunScope {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("a run id is 4-16 characters of [a-z0-9], got " + id);
        }
        if (sweepAfter.isNegative() || sweepAfter.isZero()) {
            throw new IllegalArgumentException("the sweep age must be positive, got " + sweepAfter);
        }
    }

    /** A fresh run: a random id (8 hex digits), the sweep age from -Dpodwire.sweep.after (ISO-8601, e.g. PT6H). */
    public static RunScope create(Function<String, String> props) {
        byte[] b = new byte[4];
        RANDOM.nextBytes(b);
        return new RunScope(HexFormat.of().formatHex(b), sweepAfter(props));
    }

    public static RunScope fromSystem() {
        return create(System::getProperty);
    }

    static Duration sweepAfter(Function<String, String> props) {
        String v = Optional.ofNullable(props.apply(SWEEP_AFTER_PROPERTY)).map(String::strip).orElse("");
        if (v.isEmpty()) {
            return SWEEP_AFTER;
        }
        try {
            Duration d = Duration.parse(v);
            if (d.isNegative() || d.isZero()) {
                throw new InfrastructureException("-D" + SWEEP_AFTER_PROPERTY + "=" + v + " must be positive");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new InfrastructureException("-D" + SWEEP_AFTER_PROPERTY + "=" + v + " is not an ISO-8601 duration"
                    + " such as PT6H", e);
        }
    }

    /** Where the workload of manifests/ (pinger, app) is applied: the manifests' own namespace is replaced by it. */
    public String namespace() {
        return "podwire-" + id;
    }

    /** Where the kubeconfig provider's privileged node debug pods run, apart from the baseline-only workload. */
    public String debugNamespace() {
        return "podwire-" + id + "-nodes";
    }

    /** The labels of everything this run creates: podwire's ownership label and the run id. */
    public Map<String, String> labels() {
        return Map.of(Ownership.MANAGED_BY, Ownership.PODWIRE, RUN_LABEL, id);
    }

    /** Created by this very run: podwire's and carrying this run's id. */
    public boolean owns(HasMetadata r) {
        Map<String, String> labels = r.getMetadata().getLabels();
        return Ownership.isOurs(r) && labels != null && id.equals(labels.get(RUN_LABEL));
    }
}
