package io.podwire.report;

import io.podwire.InfrastructureException;
import io.podwire.claims.ClaimId;
import io.podwire.claims.ClaimInconclusiveException;
import io.podwire.claims.VerdictAssertions;
import io.qameta.allure.model.StatusDetails;
import io.qameta.allure.util.ResultsUtils;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** categories.json sorts real failures exactly as Allure 2 would (status, then DOTALL full-match regexes). */
class CategoriesTest {

    private static List<String> categoriesOf(Throwable t) throws IOException {
        JsonNode categories = ClaimReport.JSON.readTree(Files.readString(Path.of("src/test/allure/categories.json")));
        String status = ResultsUtils.getStatus(t).orElseThrow().value();
        StatusDetails details = ResultsUtils.getStatusDetails(t).orElseThrow();
        List<String> matched = new ArrayList<>();
        for (JsonNode c : categories) {
            boolean statusOk = false;
            for (JsonNode s : c.path("matchedStatuses")) {
                statusOk |= s.asString().equals(status);
            }
            if (statusOk && matches(c.path("messageRegex"), details.getMessage())
                    && matches(c.path("traceRegex"), details.getTrace())) {
                matched.add(c.path("name").asString());
            }
        }
        return matched;
    }

    private static boolean matches(JsonNode regex, String text) {
        return regex.isMissingNode() || text != null && Pattern.compile(regex.asString(), Pattern.DOTALL).matcher(text).matches();
    }

    @Test
    void aViolatedClaimIsClaimViolated() throws IOException {
        AssertionError e = assertThrows(AssertionError.class,
                () -> VerdictAssertions.assertAllHold(List.of(Fixtures.c8Pass("pinger"), Fixtures.c8Fail("app"))));

        assertEquals(List.of("claim violated"), categoriesOf(e));
    }

    @Test
    void severalViolationsInOneTestAreStillClaimViolated() throws IOException {
        AssertionError e = assertThrows(AssertionError.class,
                () -> VerdictAssertions.assertAllHold(List.of(Fixtures.c8Fail("pinger"), Fixtures.c8Fail("app"))));

        assertEquals(List.of("claim violated"), categoriesOf(e));
    }

    @Test
    void anUnobservableClaimIsInconclusive() throws IOException {
        ClaimInconclusiveException e = assertThrows(ClaimInconclusiveException.class,
                () -> VerdictAssertions.assertAllHold(List.of(Fixtures.c8Inconclusive("web"))));

        assertEquals(List.of("inconclusive (could not observe)"), categoriesOf(e));
        assertEquals(List.of("inconclusive (could not observe)"),
                categoriesOf(assertThrows(ClaimInconclusiveException.class, () -> ClaimReport.check(ClaimId.C2, List.of()))));
    }

    @Test
    void brokenInfrastructureIsInfrastructureEvenWhenWrapped() throws IOException {
        InfrastructureException direct = new InfrastructureException("image rancher/k3s:v1.31.4-k3s1 could not be pulled"
                + " from docker.io: registry unreachable; mirror it and set podwire.image.mirror");
        RuntimeException wrapped = new RuntimeException("@BeforeAll failed", direct);

        assertEquals(List.of("infrastructure"), categoriesOf(direct));
        assertEquals(List.of("infrastructure"), categoriesOf(wrapped));
    }

    @Test
    void anOrdinaryAssertionInASuiteTestIsNoneOfThem() throws IOException {
        AssertionError e = assertThrows(AssertionError.class,
                () -> org.junit.jupiter.api.Assertions.assertEquals(3, 2, "C8 verdicts: one per lab pod"));

        assertEquals(List.of(), categoriesOf(e));
    }
}
