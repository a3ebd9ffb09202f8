package io.podwire.report;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo results (target/report-demo, input of `ci/report.sh --demo`) show every category with its evidence. */
class ReportDemoTest {

    @Test
    void theDemoHasAViolatedClaimAnInconclusiveOneAndBrokenInfrastructure() throws IOException {
        Path results = ReportDemo.write(ReportDemo.DIR);

        List<JsonNode> tests = new ArrayList<>();
        try (Stream<Path> files = Files.list(results)) {
            for (Path f : files.filter(f -> f.toString().endsWith("-result.json")).toList()) {
                tests.add(ClaimReport.JSON.readTree(Files.readString(f)));
            }
        }
        List<String> categories = tests.stream().flatMap(t -> AllureCategories.of(t.path("status").asString(),
                t.path("statusDetails").path("message").asString(null),
                t.path("statusDetails").path("trace").asString(null)).stream()).sorted().toList();

        assertEquals(12, tests.size());
        assertTrue(categories.contains("claim violated"), categories.toString());
        assertTrue(categories.contains("inconclusive (could not observe)"), categories.toString());
        assertTrue(categories.contains("infrastructure"), categories.toString());
        JsonNode violated = tests.stream().filter(t -> t.path("status").asString().equals("failed")).findFirst().orElseThrow();
        assertTrue(violated.path("statusDetails").path("message").asString().contains("C2 FAIL test/web on node lab-node-2"),
                violated.toString());
        assertTrue(Files.readString(results.resolve("environment.properties")).contains("Kernel=6.18.44-fc-v782"));
        assertEquals(List.of(), new JsonShape(ClaimReport.JSON.readTree(Files.readString(Path.of("docs/verdicts.schema.json"))))
                .violations(VerdictsFile.read(ReportDemo.DIR.resolve("verdicts.json"))));
    }
}
