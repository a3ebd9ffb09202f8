package io.podwire.cluster;

import io.podwire.InfrastructureException;
import io.podwire.run.PodSelector;
import io.podwire.node.ExpectedPod;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AuditSelectionTest {
    private static final List<ExpectedPod> RUNNING = List.of(
            new ExpectedPod("kube-system", "coredns-1", "node-1", "10.42.0.3", List.of("coredns"), false),
            new ExpectedPod("test", "pinger", "node-1", "10.42.0.7", List.of("pinger"), false));

    @Test
    void aMistypedAuditNamespaceIsRefusedNamingItAndTheNamespacesThatRunPods() {
        InfrastructureException e = assertThrows(InfrastructureException.class, () -> ConformanceRun.requireAuditedNamespaces(
                PodSelector.namespaces("test", "kube-sytem"), RUNNING));

        assertEquals("-Dpodwire.audit.namespaces: no running pod in kube-sytem; namespaces with running pods: kube-system, test",
                e.getMessage());
    }

    @Test
    void namespacesThatRunPodsAndTheWholeClusterAreAudited() {
        assertDoesNotThrow(() -> ConformanceRun.requireAuditedNamespaces(
                PodSelector.namespaces("kube-system"), RUNNING));
        assertDoesNotThrow(() -> ConformanceRun.requireAuditedNamespaces(PodSelector.all(), RUNNING));
    }
}
