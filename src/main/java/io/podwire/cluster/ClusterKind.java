package io.podwire.cluster;

import io.podwire.InfrastructureException;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where the conformance run gets its cluster: `-Dpodwire.cluster=k3s|kind|kubeconfig|lab`. */
public enum ClusterKind {
    /** A k3s node in a Testcontainers container, Calico installed by the suite (the default). */
    K3S,
    /** A kind cluster that CI created from kind-config/, node containers reached with docker exec. */
    KIND,
    /** Any existing cluster with Calico installed, nodes reached through a privileged debug pod. */
    KUBECONFIG,
    /** Not a cluster: a lab node wired by podwire, optionally with a fault injected (-Dpodwire.lab.fault). */
    LAB;

    public static final String PROPERTY = "podwire.cluster";

    public static ClusterKind parse(String value) {
        if (value == null || value.isBlank()) {
            return K3S;
        }
        for (ClusterKind k : values()) {
            if (k.id().equals(value.strip().toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new InfrastructureException("-D" + PROPERTY + "=" + value + " is not a cluster provider; valid values: "
                + validValues() + " (default k3s)");
    }

    public static String validValues() {
        return Arrays.stream(values()).map(ClusterKind::id).collect(Collectors.joining(", "));
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
