package io.podwire.conformance;

import io.podwire.InfrastructureException;
import io.podwire.claims.ClaimId;
import io.podwire.claims.ClusterAudit;
import io.podwire.claims.Verdict;
import io.podwire.claims.VerdictAssertions;
import io.podwire.cluster.ClusterExtension;
import io.podwire.cluster.ConformanceRun;
import io.podwire.report.ClaimReport;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The auditor's view: the node-side claims for every pod on every node, not only the workload's (narrow it with
 * -Dpodwire.audit.namespaces=a,b and -Dpodwire.audit.label=k=v). One snapshot per node, nodes in parallel.
 */
@DisplayName("All-pods audit: every pod on every node")
@ExtendWith(ClusterExtension.class)
class AllPodsAuditIT {

    @Test
    @DisplayName("C1 to C9 hold for every non-hostNetwork pod on every node (C10 needs execs in each pod: see PodWiringIT)")
    void everyPodOnEveryNodeIsWiredAsTheLabTeaches(ConformanceRun run) {
        List<ClusterAudit.NodeAudit> audits = run.allPodsAudit();
        for (ClusterAudit.NodeAudit a : audits) {
            if (a.failed()) {
                throw new InfrastructureException("node " + a.node() + " could not be audited: "
                        + a.failure().get().getMessage(), a.failure().get());
            }
            ClaimReport.attachSnapshot(a.state().raw());
            ClaimReport.attachWiring(a.pods(), a.state());
        }
        List<Verdict> nodeSide = audits.stream().flatMap(a -> a.verdicts().stream())
                .filter(v -> v.claim() != ClaimId.C10).toList();
        assertFalse(nodeSide.isEmpty(), () -> "no pod was audited on nodes " + audits.stream().map(ClusterAudit.NodeAudit::node).toList());
        // violations first: with hundreds of pods, an auditor must not scroll past the passes to find them
        nodeSide.stream().sorted(Comparator.comparing(v -> v.status() == Verdict.Status.PASS)).forEach(ClaimReport::record);
        VerdictAssertions.assertAllHold(nodeSide);
    }
}
