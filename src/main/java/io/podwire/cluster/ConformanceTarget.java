package io.podwire.cluster;

import io.podwire.node.ExpectedPod;
import io.podwire.node.NodeAccess;
import io.podwire.node.PodExec;
import io.podwire.run.Churn;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What a conformance run judges, whatever provides it: the expected pods (with their nodes), a way onto each node
 * and into each pod, and what to collect when something went wrong.
 */
public interface ConformanceTarget extends AutoCloseable {
    /** One line for logs and reports (never a credential). */
    String description();

    /** The Kubernetes version the API reports, for the report's environment. */
    String kubernetesVersion();

    /** The Calico version installed, as far as the suite knows it. */
    String calicoVersion();

    /** Image -> digest (imageID) of every container running, from pod status; never throws. */
    Map<String, String> imageDigests();

    /** Node -> container runtime and version (status.nodeInfo.containerRuntimeVersion); never throws. */
    Map<String, String> containerRuntimes();

    List<ExpectedPod> pods();

    /** Every running pod on every node, as the API (or the lab) lists them: the all-pods audit's candidates. */
    List<ExpectedPod> podsOnAllNodes();

    /**
     * What became of the listed pods by each node's snapshot (gone, terminating; with {@code settle} above zero, pods
     * started less than that before it too): those are not judged. The default: no pod churns.
     */
    default Churn churn(Duration settle) {
        return Churn.none();
    }

    /** Runs commands on the named node; InfrastructureException when the node can't be reached. */
    NodeAccess node(String nodeName);

    /** Prepares access to these nodes at once, before they are read in parallel; the default needs nothing. */
    default void reach(Collection<String> nodeNames) {
    }

    /** Gives up access to these nodes (e.g. their debug pods, between audit batches); the default holds nothing. */
    default void release(Collection<String> nodeNames) {
    }

    PodExec podExec();

    /** Adds the target's own state (pods, events, logs) to the diagnostics; never throws. */
    void collect(Diagnostics diagnostics);

    /** Removes what this run created; never throws. */
    @Override
    void close();
}
