package io.podwire.report;

import io.podwire.verdict.ClaimId;
import io.podwire.verdict.ClaimInconclusiveException;
import io.podwire.verdict.Evidence;
import io.podwire.verdict.Verdict;
import io.qameta.allure.model.Attachment;
import io.qameta.allure.model.Label;
import io.qameta.allure.model.Parameter;
import io.qameta.allure.model.Status;
import io.qameta.allure.model.StepResult;
import io.qameta.allure.model.TestResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClaimReportTest {

    @Test
    void aPassingVerdictCarriesLabelsParametersStepsAndEvidence() {
        try (AllureCapture allure = new AllureCapture()) {
            TestResult t = allure.test("c8", () -> ClaimReport.record(SampleVerdicts.c8Pass("pinger")));

            Map<String, String> labels = t.getLabels().stream().collect(Collectors.toMap(Label::getName, Label::getValue));
            assertEquals(ClaimReport.EPIC, labels.get("epic"));
            assertEquals("veth pair", labels.get("feature"));
            assertEquals("C8", labels.get("story"));
            assertEquals("critical", labels.get("severity"));
            Map<String, String> params = t.getParameters().stream()
                    .collect(Collectors.toMap(Parameter::getName, Parameter::getValue));
            assertEquals(Map.of("namespace", "test", "pod", "pinger", "node", SampleVerdicts.NODE), params);

            StepResult verdict = t.getSteps().get(0);
            assertEquals("C8 test/pinger on node lab-node-1: PASS", verdict.getName());
            assertEquals(Status.PASSED, verdict.getStatus());
            assertEquals(List.of("observe", "evaluate", "verdict"),
                    verdict.getSteps().stream().map(s -> s.getName().split("[ :]")[0]).toList());

            List<Attachment> evidence = AllureCapture.allAttachments(t).toList();
            assertEquals(3, evidence.size(), "commands, raw excerpts and parsed values are attached on PASS too");
            assertTrue(allure.text(evidence.get(0)).contains("[lab-node-1]$ ethtool -S cali0123456789a"),
                    () -> "commands attachment names the node and command: " + allure.text(evidence.get(0)));
            assertTrue(allure.text(evidence.get(1)).contains("peer_ifindex: 2"),
                    () -> "excerpt attachment holds the deciding line: " + allure.text(evidence.get(1)));
            assertEquals("application/json", evidence.get(2).getType());
            assertTrue(allure.text(evidence.get(2)).contains("\"peer_ifindex\" : 2"), allure.text(evidence.get(2)));
        }
    }

    @Test
    void severalPodsInOneTestAreListedInItsParametersAndEachGetsAStep() {
        try (AllureCapture allure = new AllureCapture()) {
            TestResult t = allure.test("c8", () -> {
                ClaimReport.record(SampleVerdicts.c8Pass("pinger"));
                ClaimReport.record(SampleVerdicts.c8Pass("app"));
            });

            assertEquals("pinger, app", t.getParameters().stream().filter(p -> p.getName().equals("pod"))
                    .findFirst().orElseThrow().getValue());
            assertEquals(2, t.getSteps().size());
            assertEquals(1, t.getLabels().stream().filter(l -> l.getName().equals("story")).count());
        }
    }

    @Test
    void aViolatedClaimFailsWithAMessageThatStartsWithTheClaimAndNamesExpectedAndObserved() {
        try (AllureCapture allure = new AllureCapture()) {
            AssertionError[] thrown = new AssertionError[1];
            TestResult t = allure.test("c8", () -> thrown[0] = assertThrows(AssertionError.class,
                    () -> ClaimReport.check(ClaimId.C8, List.of(SampleVerdicts.c8Pass("pinger"), SampleVerdicts.c8Fail("app")))));

            String message = thrown[0].getMessage();
            assertTrue(message.lines().anyMatch(l -> l.startsWith("C8 FAIL test/app on node lab-node-1")), message);
            assertTrue(message.contains("expected: peer_ifindex 2; observed: peer_ifindex 9"), message);
            assertTrue(message.contains("`ethtool -S cali0123456789a`"), message);
            assertEquals(Status.FAILED, t.getSteps().get(1).getStatus());
            assertEquals(Status.FAILED, t.getSteps().get(1).getSteps().get(2).getStatus());
        }
    }

    @Test
    void anInconclusiveVerdictIsAnErrorNeverAPass() {
        try (AllureCapture allure = new AllureCapture()) {
            TestResult t = allure.test("c8", () -> assertThrows(ClaimInconclusiveException.class,
                    () -> ClaimReport.check(ClaimId.C8, List.of(SampleVerdicts.c8Inconclusive("web")))));

            assertEquals(Status.BROKEN, t.getSteps().get(0).getStatus());
        }
    }

    @Test
    void aClaimWithoutAnyVerdictIsInconclusive() {
        try (AllureCapture allure = new AllureCapture()) {
            ClaimInconclusiveException e = assertThrows(ClaimInconclusiveException.class,
                    () -> ClaimReport.check(ClaimId.C3, List.of()));

            assertTrue(e.getMessage().startsWith("C3 INCONCLUSIVE"), e.getMessage());
        }
    }

    @Test
    void everyVerdictReachesTheRunRecorderOncePerClaimPodAndNode() {
        try (AllureCapture allure = new AllureCapture()) {
            allure.test("c8", () -> {
                ClaimReport.record(SampleVerdicts.c8Fail("pinger"));
                ClaimReport.record(SampleVerdicts.c8Pass("pinger"));
                ClaimReport.record(SampleVerdicts.c8Pass("app"));
            });

            List<RunRecorder.Recorded> recorded = allure.recorder.verdicts();
            assertEquals(2, recorded.size());
            assertEquals(Verdict.Status.PASS, recorded.get(0).verdict().status(), "the last verdict for a pod wins");
            assertEquals("fixture.c8", recorded.get(0).test());
        }
    }

    @Test
    void anInjectedFaultIsNamedInItsStepAndKeptApartInTheRecorder() {
        try (AllureCapture allure = new AllureCapture()) {
            TestResult t = allure.test("c8 fault", () -> {
                ClaimReport.record(SampleVerdicts.c8Pass("app"));
                ClaimReport.recordInjected(SampleVerdicts.c8Fail("app"), "STALE_VETH");
            });

            assertEquals("C8 test/app on node lab-node-1: FAIL (fault injected: STALE_VETH)", t.getSteps().get(1).getName());
            assertEquals(List.of(Verdict.Status.PASS, Verdict.Status.FAIL),
                    allure.recorder.verdicts().stream().map(r -> r.verdict().status()).toList());
        }
    }

    @Test
    void secretsInAVerdictNeverReachAttachmentsStepsOrTheRecorder() {
        String jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2EifQ.c2lnbmF0dXJlLXZhbHVl";
        Verdict leaky = new Verdict(ClaimId.C1, "test", "app", SampleVerdicts.NODE, Verdict.Status.FAIL,
                "k3s runs with --token K10aaaabbbbccccdddd0000::server:pw", "pause first", "token: " + jwt,
                new Evidence(List.of("cat /proc/1/cmdline"), List.of("/bin/k3s\0server\0--token\0hunter2\0"),
                        Map.of("env", "K3S_TOKEN=hunter2")));
        try (AllureCapture allure = new AllureCapture()) {
            TestResult t = allure.test("c1", () -> ClaimReport.record(leaky));

            String everything = String.join("\n", allure.files.values().stream().map(String::new).toList())
                    + AllureCapture.allSteps(t.getSteps()).map(s -> s.getName() + s.getStatusDetails()).toList()
                    + allure.recorder.verdicts();
            assertFalse(everything.contains("hunter2"), everything);
            assertFalse(everything.contains(jwt), everything);
            assertFalse(everything.contains("::server:pw"), everything);
            assertTrue(everything.contains("--token\0[REDACTED]"), everything);
        }
    }

    @Test
    void aNodeSnapshotIsAttachedOnceWithItsScriptAndGivesTheNodeFacts() {
        try (AllureCapture allure = new AllureCapture()) {
            TestResult first = allure.test("c1", () -> ClaimReport.attachSnapshot(SampleVerdicts.labSnapshot()));
            TestResult second = allure.test("c2", () -> {
                ClaimReport.attachSnapshot(SampleVerdicts.labSnapshot());
                ClaimReport.record(SampleVerdicts.c8Pass("pinger"));
            });

            List<Attachment> once = AllureCapture.allAttachments(first).toList();
            assertEquals(2, once.size());
            assertTrue(allure.text(once.get(0)).contains("section node.kernel uname -r"), "the script itself");
            assertTrue(allure.text(once.get(1)).contains("@@NONCE begin node.links ip -j -d link show"),
                    () -> "the whole snapshot is attached: " + allure.text(once.get(1)));
            assertTrue(second.getSteps().stream().noneMatch(s -> s.getName().startsWith("snapshot")),
                    () -> "the snapshot is attached once, yet the second test has steps "
                            + second.getSteps().stream().map(s -> s.getName()).toList());
            String commands = allure.text(AllureCapture.allAttachments(second).findFirst().orElseThrow());
            assertTrue(commands.contains("attached once, to test: fixture.c1"), commands);
            RunEnvironment env = allure.recorder.environment("run", "0.1.0", "abc");
            assertEquals("6.18.44-fc-v1045", env.node(SampleVerdicts.NODE).orElseThrow().kernel());
            assertEquals("ip utility, iproute2-6.1.0, libbpf 1.1.2", env.node(SampleVerdicts.NODE).orElseThrow().iproute2());
        }
    }

    @Test
    void severityIsCriticalExceptForTheVethNamingConvention() {
        // the catalogue's severity is what Allure shows: a naming convention weighs less than a broken path
        assertEquals("normal", ClaimReport.severity(ClaimId.C6));
        assertEquals("critical", ClaimReport.severity(ClaimId.C9));
    }
}
