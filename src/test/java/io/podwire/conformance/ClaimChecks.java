package io.podwire.conformance;

import io.podwire.claims.ClaimId;
import io.podwire.cluster.ConformanceRun;
import io.podwire.report.ClaimReport;
import io.qameta.allure.Allure;

/** Asserts one claim for every pod of the run, with its evidence (the node snapshots, the wiring map, each verdict). */
final class ClaimChecks {
    private ClaimChecks() {
    }

    static void assertClaim(ConformanceRun run, ClaimId claim) {
        Allure.label("cluster", run.settings().kind().id());
        run.snapshots().values().forEach(ClaimReport::attachSnapshot);
        run.nodeStates().forEach((node, state) -> ClaimReport.attachWiring(
                run.pods().stream().filter(p -> node.equals(p.node())).toList(), state));
        ClaimReport.notJudged(run.workloadNotJudged());
        ClaimReport.check(claim, run.verdicts(claim));
    }
}
