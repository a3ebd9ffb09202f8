package io.podwire.report;

import io.podwire.InfrastructureException;
import io.podwire.verdict.ClaimId;
import io.podwire.verdict.ClaimInconclusiveException;
import io.podwire.verdict.VerdictAssertions;
import io.qameta.allure.model.StatusDetails;
import io.qameta.allure.util.ResultsUtils;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** categories.json sorts real failures exactly as Allure 2 would (status, then DOTALL full-match regexes). */
class CategoriesTest {

    private static List<String> categoriesOf(Throwable t) {
        StatusDetails details = ResultsUtils.getStatusDetails(t).orElseThrow();
        return AllureCategories.of(ResultsUtils.getStatus(t).orElseThrow().value(), details.getMessage(), details.getTrace());
    }

    @Test
    void aViolatedClaimIsClaimViolated() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> VerdictAssertions.assertAllHold(List.of(SampleVerdicts.c8Pass("pinger"), SampleVerdicts.c8Fail("app"))));

        assertEquals(List.of("claim violated"), categoriesOf(e));
    }

    @Test
    void severalViolationsInOneTestAreStillClaimViolated() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> VerdictAssertions.assertAllHold(List.of(SampleVerdicts.c8Fail("pinger"), SampleVerdicts.c8Fail("app"))));

        assertEquals(List.of("claim violated"), categoriesOf(e));
    }

    @Test
    void anUnobservableClaimIsInconclusive() {
        ClaimInconclusiveException e = assertThrows(ClaimInconclusiveException.class,
                () -> VerdictAssertions.assertAllHold(List.of(SampleVerdicts.c8Inconclusive("web"))));

        assertEquals(List.of("inconclusive (could not observe)"), categoriesOf(e));
        assertEquals(List.of("inconclusive (could not observe)"),
                categoriesOf(assertThrows(ClaimInconclusiveException.class, () -> ClaimReport.check(ClaimId.C2, List.of()))));
    }

    @Test
    void brokenInfrastructureIsInfrastructureEvenWhenWrapped() {
        InfrastructureException direct = new InfrastructureException("image rancher/k3s:v1.31.4-k3s1 could not be pulled"
                + " from docker.io: registry unreachable; mirror it and set podwire.image.mirror");
        RuntimeException wrapped = new RuntimeException("@BeforeAll failed", direct);

        assertEquals(List.of("infrastructure"), categoriesOf(direct));
        assertEquals(List.of("infrastructure"), categoriesOf(wrapped));
    }

    @Test
    void aStepThatCouldNotRunBecauseTheClusterNeverCameUpIsInfrastructureNotAProductDefect() {
        // what CalicoUpgradeIT's later steps throw when the install step never got its cluster
        InfrastructureException notRun = new InfrastructureException("not run: no observation on Calico 3.31.7: the install"
                + " failed earlier (the first failed test of this class says why)");

        assertEquals("broken", ResultsUtils.getStatus(notRun).orElseThrow().value(), "broken, which Allure never files as a product defect");
        assertEquals(List.of("infrastructure"), categoriesOf(notRun));
    }

    @Test
    void anOrdinaryAssertionInASuiteTestIsNoneOfThem() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> org.junit.jupiter.api.Assertions.assertEquals(3, 2, "C8 verdicts: one per lab pod"));

        assertEquals(List.of(), categoriesOf(e));
    }
}
