package io.podwire.conformance;

import io.podwire.InfrastructureException;
import io.podwire.verdict.ClaimId;
import io.podwire.verdict.Verdict;
import io.podwire.cluster.ClusterExtension;
import io.podwire.cluster.ConformanceRun;
import io.podwire.report.ClaimReport;
import io.podwire.run.NodeInspection;
import io.qameta.allure.Epic;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The auditor's view: the node-side claims for every pod on every node, not only the workload's (narrow it with
 * -Dpodwire.audit.namespaces=a,b and -Dpodwire.audit.label=k=v). One snapshot per node, nodes in parallel, judged
 * once; each claim is its own test, so a violation shows under its claim only.
 */
@Epic("Pod networking conformance")
@DisplayName("All-pods audit: every pod on every node")
@ExtendWith(ClusterExtension.class)
class AllPodsAuditIT {

    /** The claims judged from node snapshots alone: the audit takes pods of any image, so no exec in any pod. */
    static List<ClaimId> nodeSideClaims() {
        return ClaimId.nodeSide();
    }

    // Allure names an invocation "<method name> <invocation name>": "All-pods audit: C9 holds for every …"
    @ParameterizedTest(name = "{0} holds for every non-hostNetwork pod on every node")
    @MethodSource("nodeSideClaims")
    @DisplayName("All-pods audit:")
    void everyPodOnEveryNodeIsWiredAsTheLabTeaches(ClaimId claim, ConformanceRun run) {
        List<NodeInspection> audits = run.allPodsAudit();
        List<String> unreachable = new ArrayList<>();
        for (NodeInspection a : audits) {
            if (a.failed()) {
                unreachable.add("node " + a.node() + " could not be audited: " + a.failure().get().getMessage());
            } else {
                ClaimReport.attachSnapshot(a.state().raw());
            }
        }
        // a node that can't be reached touches that node only: the others' verdicts are recorded and judged
        unreachable.forEach(ClaimReport::infrastructureFailed);
        // pods that left, are leaving or just came by their node's snapshot: listed with why, never judged
        ClaimReport.notJudged(audits.stream().flatMap(a -> a.notJudged().stream()).toList());
        // violations first: with hundreds of pods, an auditor must not scroll past the passes to find them
        List<Verdict> verdicts = audits.stream().flatMap(a -> a.verdicts().stream()).filter(v -> v.claim() == claim)
                .sorted(Comparator.comparing(v -> v.status() == Verdict.Status.PASS)).toList();
        ClaimReport.check(claim, verdicts);
        if (!unreachable.isEmpty()) {
            throw new InfrastructureException(String.join("; ", unreachable) + " (the verdicts of the other "
                    + (audits.size() - unreachable.size()) + " node(s) are recorded)");
        }
    }
}
