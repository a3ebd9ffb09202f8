package io.podwire.cluster;

import io.podwire.InfrastructureException;

/** Starts the cluster of the chosen provider: the one switch over -Dpodwire.cluster for real clusters. */
public final class ClusterProviders {
    private ClusterProviders() {
    }

    /** Starts the cluster; `run` scopes what podwire creates on it (only the kubeconfig provider's debug pods here). */
    public static KubernetesCluster start(ClusterSettings settings, RunScope run, Diagnostics diagnostics) {
        return switch (settings.kind()) {
            case K3S -> K3sCluster.start(settings, diagnostics);
            case KIND -> KindCluster.start(settings, diagnostics);
            case KUBECONFIG -> KubeconfigCluster.start(settings, run, diagnostics);
            case LAB -> throw new InfrastructureException("-D" + ClusterKind.PROPERTY + "=lab is a lab node, not a "
                    + "Kubernetes cluster with Calico: the upgrade gate is demonstrated there with -Dpodwire.upgrade.lab=true"
                    + " (README, \"Gating a Calico upgrade\"); the lab's own proofs run with mvn verify -D"
                    + ClusterKind.PROPERTY + "=lab");
        };
    }
}
