package io.podwire.conformance;

import io.podwire.verdict.ClaimId;
import io.podwire.cluster.ConformanceRun;
import io.podwire.report.ClaimReport;
import io.qameta.allure.Allure;

/** Asserts one claim for every pod of the run, with its evidence (the node snapshots, the wiring map, each verdict). */
final class ClaimChecks {
    private ClaimChecks() {
    }

    static void assertClaim(ConformanceRun run, ClaimId claim) {
        // Allure names a parameterised invocation after its template too: the report shows the claim's title alone
        Allure.getLifecycle().updateTestCase(test -> test.setName(claim.title()));
        Allure.label("cluster", run.settings().kind().id());
        run.snapshots().values().forEach(ClaimReport::attachSnapshot);
        run.nodeStates().forEach((node, state) -> ClaimReport.attachWiring(
                run.pods().stream().filter(p -> node.equals(p.node())).toList(), state));
        ClaimReport.notJudged(run.workloadNotJudged());
        ClaimReport.check(claim, run.verdicts(claim));
    }
}
