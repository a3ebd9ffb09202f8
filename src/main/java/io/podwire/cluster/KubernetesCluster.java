package io.podwire.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.podwire.node.NodeAccess;

import java.util.Collection;
import java.util.Map;

/** A running cluster with Calico: its API, a way onto each node, and what to show when something went wrong. */
public interface KubernetesCluster extends AutoCloseable {
    /** One line for logs and reports, e.g. "k3s rancher/k3s:v1.34.9-k3s1 in Testcontainers" (never a credential). */
    String description();

    KubernetesClient client();

    /** Runs commands on the named node; InfrastructureException when the node can't be reached. */
    NodeAccess node(String nodeName);

    /** Prepares access to these nodes at once (a debug pod each, created together); the default needs nothing. */
    default void reach(Collection<String> nodeNames) {
    }

    /** Gives up access to these nodes (a debug pod each is deleted); reaching them again later is allowed. */
    default void release(Collection<String> nodeNames) {
    }

    /** Node-level logs for diagnostics (k3s container log, kind node journal), by title. */
    Map<String, String> nodeLogs();

    /** Removes what this run created (containers, debug pods); never throws. */
    @Override
    void close();
}
