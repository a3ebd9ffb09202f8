package io.podwire.conformance;

import io.podwire.claims.ClaimId;
import io.podwire.claims.ClaimInconclusiveException;
import io.podwire.claims.Verdict;
import io.podwire.claims.VerdictAssertions;
import io.podwire.claims.VerdictMessages;
import io.podwire.cluster.ConformanceRun;
import io.qameta.allure.Allure;
import io.qameta.allure.model.Status;

import java.util.List;

/** Asserts one claim for every pod of the run: one Allure step per verdict (evidence on pass too), then JUnit's verdict. */
final class ClaimChecks {
    private ClaimChecks() {
    }

    static void assertClaim(ConformanceRun run, ClaimId claim) {
        Allure.label("cluster", run.settings().kind().id());
        List<Verdict> verdicts = run.verdicts(claim);
        if (verdicts.isEmpty()) {
            // a claim judged for no pod proves nothing: never a pass
            throw new ClaimInconclusiveException(claim + ": no verdict at all; expected one per pod of " + run.pods());
        }
        for (Verdict v : verdicts) {
            Allure.step(VerdictMessages.describe(v), switch (v.status()) {
                case PASS -> Status.PASSED;
                case FAIL -> Status.FAILED;
                case INCONCLUSIVE -> Status.BROKEN;
            });
        }
        VerdictAssertions.assertAllHold(verdicts);
    }
}
