package io.podwire.report;

import io.podwire.verdict.ClaimId;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerdictsSchemaTest {

    private static ObjectNode recordOfOnePass() {
        RunRecorder r = new RunRecorder();
        r.cluster(new RunEnvironment.Cluster("lab node", null, null, Map.of()));
        r.node(new RunEnvironment.NodeFacts(SampleVerdicts.NODE, "6.1.0-28-amd64", "ip utility, iproute2-6.1.0", Instant.EPOCH));
        RunEnvironment env = r.environment("r", "0.1.0-SNAPSHOT", "36713db");
        List<RunRecorder.Recorded> one = List.of(new RunRecorder.Recorded(ClaimReport.scrub(SampleVerdicts.c8Pass("pinger")),
                "io.podwire.lab.LabClaimsIT.c8", "{}"));
        return (ObjectNode) ClaimReport.JSON.valueToTree(VerdictsFile.document(env, one, List.of(), List.of(), Instant.EPOCH));
    }

    private static ObjectNode withClaim(String claim) {
        ObjectNode doc = recordOfOnePass();
        ObjectNode v = (ObjectNode) doc.path("verdicts").get(0);
        v.put("claim", claim);
        v.put("id", claim + " test/pinger@" + SampleVerdicts.NODE);
        return doc;
    }

    @Test
    void theStartedRecordOfMavensFirstPhaseHasTheDocumentedShape() {
        JsonNode started = ClaimReport.JSON.readTree(RunStart.startedRecord("run-1", Instant.EPOCH));
        assertEquals(List.of(), VerdictsSchema.violations(started), "the record RunStart writes");
        ObjectNode withVerdicts = (ObjectNode) started;
        withVerdicts.set("verdicts", recordOfOnePass().path("verdicts"));
        assertTrue(!VerdictsSchema.violations(withVerdicts).isEmpty(), "a started record holds no verdict");
    }

    @Test
    void theSchemasClaimListIsClaimIdInOrder() {
        JsonNode listed = VerdictsSchema.schemaDocument().path("$defs").path("verdict").path("properties")
                .path("claim").path("enum");
        List<String> inSchema = new ArrayList<>();
        listed.forEach(c -> inSchema.add(c.asString()));

        assertEquals(Arrays.stream(ClaimId.values()).map(Enum::name).toList(), inSchema,
                "docs/verdicts.schema.json $defs.verdict.claim must list exactly io.podwire.verdict.ClaimId");
    }

    @Test
    void aRecordOfEveryClaimIdHasTheDocumentedShape() {
        for (ClaimId claim : ClaimId.values()) {
            assertEquals(List.of(), VerdictsSchema.violations(withClaim(claim.name())), "a record of " + claim);
        }
    }

    @Test
    void aClaimThatIsNotInClaimIdIsRefusedInClaimAndInId() {
        List<String> problems = VerdictsSchema.violations(withClaim("C14"));

        assertTrue(problems.stream().anyMatch(p -> p.startsWith("/verdicts/0/claim enum")), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("/verdicts/0/id pattern")), problems::toString);
    }

    @Test
    void theValidatorNamesEveryDeviation() {
        ObjectNode doc = recordOfOnePass();
        ObjectNode v = (ObjectNode) doc.path("verdicts").get(0);
        v.put("verdict", "MAYBE");
        v.remove("observed");
        v.put("colour", "green");
        ((ObjectNode) doc.path("summary")).put("PASS", -1);

        List<String> problems = VerdictsSchema.violations(doc);

        assertEquals(4, problems.size(), problems::toString);
        for (String expected : List.of("/summary/PASS minimum", "/verdicts/0 required", "/verdicts/0/verdict enum",
                "/verdicts/0 additionalProperties")) {
            assertTrue(problems.stream().anyMatch(p -> p.startsWith(expected)), () -> expected + " in " + problems);
        }
        assertTrue(problems.stream().anyMatch(p -> p.contains("observed")), problems::toString);
        assertTrue(problems.stream().anyMatch(p -> p.contains("colour")), problems::toString);
    }
}
