package io.podwire.report;

import io.podwire.node.ExpectedPod;
import io.podwire.verdict.Verdict;
import io.podwire.run.NotJudged;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerdictsFileTest {
    private static RunEnvironment environment(String runId) {
        RunRecorder r = new RunRecorder();
        r.cluster(new RunEnvironment.Cluster("lab node", null, null, Map.of()));
        r.node(new RunEnvironment.NodeFacts(SampleVerdicts.NODE, "6.1.0-28-amd64", "ip utility, iproute2-6.1.0", Instant.EPOCH));
        return r.environment(runId, "0.1.0-SNAPSHOT", "36713db");
    }

    private static List<RunRecorder.Recorded> recorded(Verdict... verdicts) {
        return java.util.Arrays.stream(verdicts).map(v -> new RunRecorder.Recorded(ClaimReport.scrub(v),
                "io.podwire.lab.LabClaimsIT.c8", ClaimReport.valuesJson(v.evidence()))).toList();
    }

    @Test
    void aWrittenVerdictsFileHasTheDocumentedShape(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("verdicts.json");
        VerdictsFile.write(file, environment("run-1"), recorded(SampleVerdicts.c8Pass("pinger"), SampleVerdicts.c8Fail("app"),
                SampleVerdicts.c8Inconclusive("web")), List.of());

        JsonNode doc = VerdictsFile.read(file);

        assertEquals(List.of(), VerdictsSchema.violations(doc));
        assertEquals(3, doc.path("summary").path("total").asInt());
        JsonNode app = doc.path("verdicts").get(0);
        assertEquals("C8 test/app@lab-node-1", app.path("id").asString());
        assertEquals("FAIL", app.path("verdict").asString());
        assertEquals("peer_ifindex 2", app.path("expected").asString());
        assertEquals("peer_ifindex 9", app.path("observed").asString());
        assertEquals("ethtool -S cali0123456789a", app.path("commands").get(0).asString());
        assertEquals("6.1.0-28-amd64", app.path("versions").path("kernel").asString());
        assertEquals("unknown", app.path("versions").path("calico").asString());
    }

    @Test
    void aRecordWithTheSameRunIdIsReplacedNotMerged(@TempDir Path dir) {
        Path file = dir.resolve("verdicts.json");
        VerdictsFile.write(file, environment("nightly"), recorded(SampleVerdicts.c8Pass("ghost")), List.of("yesterday's trouble"));

        VerdictsFile.write(file, environment("nightly"), recorded(SampleVerdicts.c8Fail("web")), List.of());

        JsonNode doc = VerdictsFile.read(file);
        assertEquals(1, doc.path("verdicts").size(), doc.toString());
        assertEquals("C8 test/web@lab-node-1", doc.path("verdicts").get(0).path("id").asString());
        assertEquals(0, doc.path("infrastructureFailures").size(), "nothing of the earlier record: " + doc);
    }

    @Test
    void aVerdictMadeFalseOnPurposeIsMarkedAndKeptApartFromTheOrdinaryOne(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("verdicts.json");
        Verdict ordinary = ClaimReport.scrub(SampleVerdicts.c8Pass("app"));
        Verdict injected = ClaimReport.scrub(SampleVerdicts.c8Fail("app"));
        VerdictsFile.write(file, environment("run-1"), List.of(
                new RunRecorder.Recorded(ordinary, "LabClaimsIT.c8", "{}"),
                new RunRecorder.Recorded(injected, "FaultInjectionIT.c8", "{}", "STALE_VETH", null)), List.of());

        JsonNode doc = VerdictsFile.read(file);

        assertEquals(List.of(), VerdictsSchema.violations(doc));
        assertEquals("C8 test/app@lab-node-1", doc.path("verdicts").get(0).path("id").asString());
        assertTrue(doc.path("verdicts").get(0).path("injectedFault").isNull(),
                () -> "no fault injected: injectedFault is null, was " + doc.path("verdicts").get(0).path("injectedFault"));
        assertEquals("C8 test/app@lab-node-1 (fault injected: STALE_VETH)", doc.path("verdicts").get(1).path("id").asString());
        assertEquals("STALE_VETH", doc.path("verdicts").get(1).path("injectedFault").asString());
    }

    @Test
    void theStatusIsCompletedOnlyWhenEveryOrdinaryVerdictHolds(@TempDir Path dir) {
        Path file = dir.resolve("verdicts.json");
        VerdictsFile.write(file, environment("pass"), recorded(SampleVerdicts.c8Pass("pinger")), List.of());
        assertEquals("completed", VerdictsFile.read(file).path("status").asString());
        VerdictsFile.write(file, environment("fail"), recorded(SampleVerdicts.c8Pass("pinger"), SampleVerdicts.c8Fail("app")),
                List.of());
        assertEquals("completed-with-violations", VerdictsFile.read(file).path("status").asString());
        VerdictsFile.write(file, environment("unobserved"), recorded(SampleVerdicts.c8Pass("pinger"),
                SampleVerdicts.c8Inconclusive("web")), List.of());
        JsonNode partial = VerdictsFile.read(file);
        assertEquals("partial", partial.path("status").asString());
        assertEquals("C8 test/web@lab-node-1", partial.path("notChecked").get(0).asString(), "what was not checked");
    }

    @Test
    void anInfrastructureFailureReplacesAnEarlierCompletedRecordEvenWithNoVerdict(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("verdicts.json");
        VerdictsFile.write(file, environment("lab-run"), recorded(SampleVerdicts.c8Pass("pinger")), List.of());

        VerdictsFile.write(file, environment("k3s-run"), List.of(), List.of("cannot pull image rancher/k3s"));

        JsonNode doc = VerdictsFile.read(file);
        assertEquals("k3s-run", doc.path("runId").asString());
        assertEquals("infrastructure-failed", doc.path("status").asString());
        assertEquals(0, doc.path("verdicts").size(), "no verdict of the earlier run survives");
        assertEquals("cannot pull image rancher/k3s", doc.path("infrastructureFailures").get(0).asString());
        assertEquals(List.of(), VerdictsSchema.violations(doc));
    }

    @Test
    void aRunWithNoVerdictAndNoFailureIsNeverCompleted(@TempDir Path dir) {
        Path file = dir.resolve("verdicts.json");
        VerdictsFile.write(file, environment("empty"), List.of(), List.of());
        assertEquals("infrastructure-failed", VerdictsFile.read(file).path("status").asString());
    }

    @Test
    void anInfrastructureFailureKeepsTheRunPartial(@TempDir Path dir) {
        Path file = dir.resolve("verdicts.json");
        VerdictsFile.write(file, environment("run-1"), recorded(SampleVerdicts.c8Pass("pinger")), List.of("node lab-2 unreachable"));
        JsonNode doc = VerdictsFile.read(file);
        assertEquals("partial", doc.path("status").asString());
        assertEquals(1, doc.path("infrastructureFailures").size(), doc.toString());
    }

    private static RunEnvironment labEnvironment(String runId, RunTarget.LabFault fault) {
        RunRecorder r = new RunRecorder();
        r.target(new RunTarget("lab", Map.of("-Dpodwire.cluster", "lab", "-Dpodwire.lab.fault", "PROXY_ARP_OFF"), fault));
        r.node(new RunEnvironment.NodeFacts(SampleVerdicts.NODE, "6.1.0-28-amd64", "ip utility, iproute2-6.1.0", Instant.EPOCH));
        r.containerRuntime(SampleVerdicts.NODE, "containerd://2.0.5-k3s1");
        return r.environment(runId, "0.1.0-SNAPSHOT", "36713db");
    }

    @Test
    void theRecordNamesTheTargetWhatChoseItWhenItRanAndEachNodesRuntime(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("verdicts.json");
        RunEnvironment env = labEnvironment("run-1", null);
        VerdictsFile.write(file, env, recorded(SampleVerdicts.c8Pass("pinger")), List.of());

        JsonNode doc = VerdictsFile.read(file);

        assertEquals(List.of(), VerdictsSchema.violations(doc));
        assertEquals("lab", doc.path("target").path("cluster").asString());
        assertEquals("PROXY_ARP_OFF", doc.path("target").path("chosenBy").path("-Dpodwire.lab.fault").asString());
        assertEquals(env.startedAt().toString(), doc.path("startedAt").asString(), "the run starts with its recorder");
        assertTrue(!Instant.parse(doc.path("endedAt").asString()).isBefore(env.startedAt()),
                () -> "ended " + doc.path("endedAt") + " after started " + doc.path("startedAt"));
        assertEquals("containerd://2.0.5-k3s1", doc.path("environment").path("nodes").get(0).path("containerRuntime").asString());
    }

    @Test
    void anExpectedPodThatNoClaimReachedIsNotCheckedAndTheRunPartial(@TempDir Path dir) {
        Path file = dir.resolve("verdicts.json");
        ExpectedPod pinger = new ExpectedPod("test", "pinger", SampleVerdicts.NODE, "10.42.0.5", List.of("pinger"), false);
        ExpectedPod web = new ExpectedPod("test", "web", SampleVerdicts.NODE, "10.42.0.7", List.of("web"), false);

        VerdictsFile.write(file, environment("run-1"), recorded(SampleVerdicts.c8Pass("pinger")), List.of(), List.of(pinger, web));

        JsonNode doc = VerdictsFile.read(file);
        assertEquals("partial", doc.path("status").asString());
        assertEquals(1, doc.path("notChecked").size(), doc.path("notChecked").toString());
        assertEquals("test/web@lab-node-1: no verdict", doc.path("notChecked").get(0).asString());
    }

    @Test
    void anAuditedPodThatChurnedIsListedAsNotJudgedWithItsReasonAndLeavesTheRunCompleted(@TempDir Path dir) {
        Path file = dir.resolve("verdicts.json");
        NotJudged gone = new NotJudged("shop", "cart-7f9", SampleVerdicts.NODE, NotJudged.Outcome.GONE,
                "the API has no pod shop/cart-7f9 on node lab-node-1 when listed again after the node's snapshot");

        VerdictsFile.write(file, environment("run-1"), recorded(SampleVerdicts.c8Pass("pinger")), List.of(), List.of(),
                List.of(gone));

        JsonNode doc = VerdictsFile.read(file);
        assertEquals(List.of(), VerdictsSchema.violations(doc));
        assertEquals("completed", doc.path("status").asString(), "a pod that left has no verdict to hold");
        assertEquals(1, doc.path("notJudged").size(), doc.path("notJudged").toString());
        JsonNode n = doc.path("notJudged").get(0);
        assertEquals(List.of("shop", "cart-7f9", SampleVerdicts.NODE, "GONE", gone.reason()), List.of(
                n.path("namespace").asString(), n.path("pod").asString(), n.path("node").asString(),
                n.path("outcome").asString(), n.path("reason").asString()));
        assertTrue(doc.path("verdicts").valueStream().noneMatch(v -> v.path("pod").asString().equals("cart-7f9")),
                "never a verdict, neither PASS nor FAIL");
        assertEquals(0, doc.path("notChecked").size(), doc.path("notChecked").toString());
    }

    @Test
    void aWorkloadPodThatChurnedStaysNotCheckedAndTheRunPartial(@TempDir Path dir) {
        Path file = dir.resolve("verdicts.json");
        ExpectedPod pinger = new ExpectedPod("test", "pinger", SampleVerdicts.NODE, "10.42.0.5", List.of("pinger"), false);
        ExpectedPod app = new ExpectedPod("test", "app", SampleVerdicts.NODE, "10.42.0.6", List.of("nginx"), false);
        NotJudged terminating = new NotJudged("test", "app", SampleVerdicts.NODE, NotJudged.Outcome.TERMINATING,
                "the pod is being deleted");

        VerdictsFile.write(file, environment("run-1"), recorded(SampleVerdicts.c8Pass("pinger")), List.of(),
                List.of(pinger, app), List.of(terminating));

        JsonNode doc = VerdictsFile.read(file);
        assertEquals("partial", doc.path("status").asString(), "the gate's own pods must be judged");
        assertEquals("test/app@lab-node-1: no verdict", doc.path("notChecked").get(0).asString());
        assertEquals("TERMINATING", doc.path("notJudged").get(0).path("outcome").asString());
    }

    @Test
    void aVerdictCausedByTheLabTargetsFaultIsMarkedAndStillCounts(@TempDir Path dir) {
        Path file = dir.resolve("verdicts.json");
        RunTarget.LabFault fault = new RunTarget.LabFault("PROXY_ARP_OFF", io.podwire.verdict.ClaimId.C8, "app", "proxy_arp off");
        Verdict fail = ClaimReport.scrub(SampleVerdicts.c8Fail("app"));
        Verdict pass = ClaimReport.scrub(SampleVerdicts.c8Pass("pinger"));
        VerdictsFile.write(file, labEnvironment("run-1", fault), List.of(
                new RunRecorder.Recorded(fail, "PodWiringIT.c8", "{}", null, fault.marks(fail) ? fault.fault() : null),
                new RunRecorder.Recorded(pass, "PodWiringIT.c8", "{}", null, fault.marks(pass) ? fault.fault() : null)),
                List.of());

        JsonNode doc = VerdictsFile.read(file);
        assertEquals("completed-with-violations", doc.path("status").asString(), "the run did see the violation");
        assertEquals("PROXY_ARP_OFF", doc.path("verdicts").get(0).path("labFault").asString());
        assertTrue(doc.path("verdicts").get(1).path("labFault").isNull(), () -> "a PASS of another pod is not caused by"
                + " the fault, was " + doc.path("verdicts").get(1).path("labFault"));
        assertEquals("PROXY_ARP_OFF", doc.path("target").path("labFault").path("fault").asString());
    }

    @Test
    void aRunWhoseTargetNeverCameUpStillNamesTheTargetItWasToBe(@TempDir Path dir) {
        RunRecorder r = new RunRecorder();
        r.target(new RunTarget("k3s", Map.of("-Dpodwire.cluster", "(not set: the default target)"), null));
        // what ConformanceRun describes before it starts the target
        r.cluster(new RunEnvironment.Cluster("k3s (Testcontainers, rancher/k3s:v1.34.9-k3s1) (intended)",
                "v1.34.9-k3s1 (intended)", "3.32.1 (intended)", Map.of("rancher/k3s:v1.34.9-k3s1", "not running (intended)")));
        r.infrastructureFailed("k3s did not start");
        Path file = dir.resolve("verdicts.json");
        VerdictsFile.write(file, r.environment("run-1", "0.1.0", "abc"), r.verdicts(), r.infrastructureFailures());

        JsonNode doc = VerdictsFile.read(file);
        assertEquals("infrastructure-failed", doc.path("status").asString());
        assertEquals("k3s", doc.path("target").path("cluster").asString());
        assertTrue(doc.path("environment").path("provider").asString().contains("rancher/k3s:v1.34.9-k3s1"), doc::toString);
        assertTrue(doc.path("environment").path("calico").asString().startsWith("3.32.1"), doc::toString);
        assertTrue(doc.path("environment").path("images").has("rancher/k3s:v1.34.9-k3s1"), doc::toString);
    }
}
