package io.podwire.cluster;

import io.podwire.InfrastructureException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Which nodes the all-pods audit puts a privileged debug pod on is an explicit choice with a harmless default. */
class AuditNodesTest {
    private static final List<String> WITH_PODS = List.of("n3", "n1", "n2", "n4", "n5");
    private static final List<String> WORKLOAD = List.of("n2");

    private static AuditNodes from(Map<String, String> props, ClusterKind kind) {
        return AuditNodes.from(props::get, kind);
    }

    @Test
    void onAKubeconfigTargetOnlyTheWorkloadsNodeIsAuditedUnlessAsked() {
        assertEquals(List.of("n2"), from(Map.of(), ClusterKind.KUBECONFIG).choose(WITH_PODS, WORKLOAD));
        assertEquals(List.of("n1", "n2", "n3", "n4", "n5"), from(Map.of(AuditNodes.NODES_PROPERTY, "all"),
                ClusterKind.KUBECONFIG).choose(WITH_PODS, WORKLOAD));
        assertEquals(List.of("n1", "n4"), from(Map.of(AuditNodes.NODES_PROPERTY, " n4, n1 ,n9"),
                ClusterKind.KUBECONFIG).choose(WITH_PODS, WORKLOAD), "named nodes that run a selected pod");
    }

    @Test
    void onPodwiresOwnClustersEveryNodeIsAudited() {
        assertEquals(List.of("n1", "n2", "n3", "n4", "n5"), from(Map.of(), ClusterKind.KIND).choose(WITH_PODS, WORKLOAD));
    }

    @Test
    void nodesAreReachedInBatchesOfTheGivenSize() {
        AuditNodes a = from(Map.of(AuditNodes.NODES_PROPERTY, "all", AuditNodes.BATCH_PROPERTY, "2"), ClusterKind.KUBECONFIG);

        assertEquals(List.of(List.of("n1", "n2"), List.of("n3", "n4"), List.of("n5")),
                a.batches(a.choose(WITH_PODS, WORKLOAD)));
        assertThrows(InfrastructureException.class,
                () -> from(Map.of(AuditNodes.BATCH_PROPERTY, "0"), ClusterKind.KUBECONFIG));
        assertThrows(InfrastructureException.class,
                () -> from(Map.of(AuditNodes.BATCH_PROPERTY, "many"), ClusterKind.KUBECONFIG));
    }
}
