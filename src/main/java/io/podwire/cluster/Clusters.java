package io.podwire.cluster;

import io.podwire.InfrastructureException;

/** Starts the cluster of the chosen provider: the one switch over -Dpodwire.cluster for real clusters. */
public final class Clusters {
    private Clusters() {
    }

    public static Cluster start(ClusterSettings settings, Diagnostics diagnostics) {
        return switch (settings.kind()) {
            case K3S -> K3sCluster.start(settings, diagnostics);
            case KIND -> KindCluster.start(settings, diagnostics);
            case KUBECONFIG -> KubeconfigCluster.start(settings, diagnostics);
            case LAB -> throw new InfrastructureException("-D" + ClusterKind.PROPERTY + "=lab is a lab node, not a "
                    + "Kubernetes cluster with Calico: the upgrade gate is demonstrated there with -Dpodwire.upgrade.lab=true"
                    + " (README, \"Gating a Calico upgrade\"); the lab's own proofs run with mvn verify -D"
                    + ClusterKind.PROPERTY + "=lab");
        };
    }
}
