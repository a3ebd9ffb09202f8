package io.podwire.report;

import io.podwire.verdict.ClaimId;
import io.podwire.node.ExpectedPod;
import io.podwire.verdict.Verdict;
import io.podwire.run.NotJudged;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import io.podwire.report.SignOff.Cell;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SignOffTest {

    /** A lab run: pinger PASS, app FAIL (caused by the lab fault), web expected but never judged. */
    private static Path labRun(Path dir) {
        RunRecorder r = new RunRecorder();
        RunTarget.LabFault fault = new RunTarget.LabFault("PROXY_ARP_OFF", ClaimId.C8, "app", "proxy_arp off");
        r.target(new RunTarget("lab", Map.of("-Dpodwire.cluster", "lab"), fault));
        r.node(new RunEnvironment.NodeFacts(SampleVerdicts.NODE, "6.1.0-28-amd64", "ip utility, iproute2-6.1.0", Instant.EPOCH));
        Verdict pass = ClaimReport.scrub(SampleVerdicts.c8Pass("pinger"));
        Verdict fail = ClaimReport.scrub(SampleVerdicts.c8Fail("app"));
        VerdictsFile.write(dir.resolve("verdicts.json"), r.environment("run-7", "0.1.0-SNAPSHOT", "36713db"), List.of(
                new RunRecorder.Recorded(pass, "io.podwire.conformance.PodWiringIT.c8", "{}"),
                new RunRecorder.Recorded(fail, "io.podwire.conformance.PodWiringIT.c8", "{}", null, "PROXY_ARP_OFF")),
                List.of(), List.of(new ExpectedPod("test", "web", SampleVerdicts.NODE, "10.42.0.7", List.of("web"), false)));
        return dir;
    }

    @Test
    void eachPodRowHasOneCellPerClaimAndOnlyTheViolatedOneIsFail(@TempDir Path dir) throws IOException {
        SignOff.write(labRun(dir));

        String html = Files.readString(dir.resolve("signoff.html"));
        assertEquals(1, count(html, "<td class=\"cell FAIL\">"), html);
        assertEquals(1, count(html, "<td class=\"cell PASS\">"), html);
        // three rows (app, pinger, web), one cell per claim, two of them judged
        assertEquals(3 * ClaimId.values().length - 2, count(html, "<td class=\"cell not-checked\""), html);
        assertTrue(html.contains("<th>test/web</th>"), "the expected pod no claim reached still has its row");
        assertTrue(html.contains("status: completed-with-violations"), html);
    }

    @Test
    void theFailCellLinksToItsEvidenceOnThePage(@TempDir Path dir) throws IOException {
        SignOff.write(labRun(dir));

        String html = Files.readString(dir.resolve("signoff.html"));
        Matcher link = Pattern.compile("<td class=\"cell FAIL\"><a href=\"#([^\"]+)\">FAIL \\(lab fault\\)</a>").matcher(html);
        assertTrue(link.find(), html);
        int section = html.indexOf("<section class=\"evidence\" id=\"" + link.group(1) + "\">");
        assertTrue(section > 0, () -> "no evidence section " + link.group(1));
        String evidence = html.substring(section, html.indexOf("</section>", section));
        assertTrue(evidence.contains("C8 test/app@lab-node-1: FAIL"), evidence);
        assertTrue(evidence.contains("peer_ifindex 9"), evidence);
        assertTrue(evidence.contains("$ ethtool -S cali0123456789a"), evidence);
        assertTrue(evidence.contains("lab fault PROXY_ARP_OFF, injected on purpose"), evidence);
    }

    @Test
    void theHeaderIsTheRunRecords(@TempDir Path dir) throws IOException {
        SignOff.write(labRun(dir));

        String md = Files.readString(dir.resolve("signoff.md"));
        assertTrue(md.contains("| run | run-7 |"), md);
        assertTrue(md.contains("| target | lab with lab fault PROXY_ARP_OFF injected on purpose (proxy_arp off) |"), md);
        assertTrue(md.contains("| chosen by | -Dpodwire.cluster=lab |"), md);
        assertTrue(md.contains("| not checked | test/app@lab-node-1 C1, C2, C3, C4, C5, C6, C7, C9, C10, C11, C12, C13: no pod has"),
                md);
        assertTrue(md.contains("[FAIL (lab fault)](#ev-c8-test-app-lab-node-1)"), md);
        assertTrue(md.contains("<a id=\"ev-c8-test-app-lab-node-1\"></a>"), md);
    }

    @Test
    void onceTheReportExistsACellsEvidenceLinksToTheTestThatRecordedIt(@TempDir Path dir) throws IOException {
        Path cases = Files.createDirectories(dir.resolve("allure-report/data/test-cases"));
        Files.writeString(cases.resolve("a1.json"), "{\"uid\":\"a1\",\"name\":\"C8 peer_ifindex\","
                + "\"fullName\":\"io.podwire.conformance.PodWiringIT.c8\"}");
        Files.writeString(cases.resolve("b2.json"), "{\"uid\":\"b2\",\"name\":\"All-pods audit: C9 holds for every pod\","
                + "\"fullName\":\"io.podwire.conformance.PodWiringIT.c8\"}");

        SignOff.write(labRun(dir));

        String html = Files.readString(dir.resolve("signoff.html"));
        assertTrue(html.contains("href=\"allure-report/index.html#testresult/a1\""), html);
        assertTrue(!html.contains("#testresult/b2"), "the test named for another claim is not linked");
    }

    private static Verdict verdict(ClaimId claim, String pod, Verdict.Status status) {
        return ClaimReport.scrub(new Verdict(claim, "test", pod, SampleVerdicts.NODE, status, claim + " " + status,
                "e", "o", new io.podwire.verdict.Evidence(List.of("ip -j link"), List.of("{}"), Map.of())));
    }

    private static SignOff page(Path dir, RunTarget target, List<RunRecorder.Recorded> recorded, List<String> failures,
                                List<ExpectedPod> expected) {
        RunRecorder r = new RunRecorder();
        r.target(target);
        VerdictsFile.write(dir.resolve("verdicts.json"), r.environment("run-9", "0.1.0-SNAPSHOT", "36713db"), recorded,
                failures, expected);
        return new SignOff(VerdictsFile.read(dir.resolve("verdicts.json")), Map.of());
    }

    private static final RunTarget LAB = new RunTarget("lab", Map.of("-Dpodwire.cluster", "lab"), null);

    /** The header's groups "ns/pod@node C1, C2: reason" read back as (node, row, claim) -> reason. */
    private static Map<String, String> headerCells(String line) {
        Map<String, String> cells = new java.util.TreeMap<>();
        for (String group : line.split("; ")) {
            Matcher m = Pattern.compile("^(\\S+)@(\\S+) ((?:C\\d+, )*C\\d+): (.+)$").matcher(group);
            assertTrue(m.matches(), () -> "not a group of cells with a reason: " + group);
            for (String claim : m.group(3).split(", ")) {
                cells.put(m.group(2) + " " + m.group(1) + " " + claim, m.group(4));
            }
        }
        return cells;
    }

    @Test
    void theHeadersNotCheckedIsExactlyTheCellsWithoutAVerdictEachWithAReason(@TempDir Path dir) {
        // a lab run: C11 judged for app and web (the pinger probes them), never for the pinger; C8 only for app
        SignOff page = page(dir, LAB, List.of(
                new RunRecorder.Recorded(verdict(ClaimId.C11, "app", Verdict.Status.PASS), "PodWiringIT.c11", "{}"),
                new RunRecorder.Recorded(verdict(ClaimId.C11, "web", Verdict.Status.PASS), "PodWiringIT.c11", "{}"),
                new RunRecorder.Recorded(verdict(ClaimId.C8, "app", Verdict.Status.PASS), "PodWiringIT.c8", "{}"),
                new RunRecorder.Recorded(verdict(ClaimId.C8, "pinger", Verdict.Status.PASS), "PodWiringIT.c8", "{}"),
                new RunRecorder.Recorded(verdict(ClaimId.C8, "web", Verdict.Status.PASS), "PodWiringIT.c8", "{}")),
                List.of(), List.of());

        java.util.Set<String> expected = new java.util.TreeSet<>();
        for (String pod : List.of("app", "pinger", "web")) {
            for (ClaimId c : ClaimId.values()) {
                boolean judged = c == ClaimId.C8 || (c == ClaimId.C11 && !pod.equals("pinger"));
                if (!judged) {
                    expected.add(SampleVerdicts.NODE + " test/" + pod + " " + c);
                }
            }
        }
        Map<String, String> fromCells = new java.util.TreeMap<>();
        page.notChecked().forEach(n -> fromCells.put(n.node() + " " + n.row() + " " + n.claim(), n.reason()));
        assertEquals(expected, fromCells.keySet(), "the cells without a verdict");
        fromCells.forEach((cell, reason) -> assertTrue(reason != null && !reason.isBlank(), cell + " has no reason"));
        assertEquals(fromCells, headerCells(page.header().get("not checked")), "the header names exactly those cells");
        // the pinger's own C11 has a reason of its own, not the one of a claim no test judged
        assertTrue(!fromCells.get(SampleVerdicts.NODE + " test/pinger C11").equals(fromCells.get(SampleVerdicts.NODE + " test/pinger C1")),
                fromCells::toString);
    }

    @Test
    void aFailedGateWithNoVerdictSaysEverythingWasNotCheckedAndWhy(@TempDir Path dir) {
        String why = "k3s did not start: rancher/k3s:v1.34.9-k3s1 could not be pulled";
        SignOff page = page(dir, new RunTarget("k3s", Map.of(), null), List.of(), List.of(why), List.of());

        assertEquals("infrastructure-failed", VerdictsFile.read(dir.resolve("verdicts.json")).path("status").asString());
        assertEquals(List.of(), page.notChecked(), "no cell exists: no pod was ever known");
        String line = page.header().get("not checked");
        assertTrue(line.startsWith("everything"), line);
        assertTrue(line.contains(why), line);
    }

    @Test
    void anExpectedPodNoClaimReachedIsNotCheckedForEveryClaimWithTheInfrastructureFailure(@TempDir Path dir) {
        String why = "lab node exec failed";
        SignOff page = page(dir, LAB, List.of(new RunRecorder.Recorded(verdict(ClaimId.C1, "app", Verdict.Status.PASS),
                        "PodWiringIT.c1", "{}")), List.of(why),
                List.of(new ExpectedPod("test", "web", SampleVerdicts.NODE, "10.42.0.7", List.of("web"), false)));

        List<SignOff.NotChecked> web = page.notChecked().stream().filter(n -> n.row().equals("test/web")).toList();
        assertEquals(ClaimId.values().length, web.size(), web::toString);
        web.forEach(n -> assertTrue(n.reason().contains(why), n::toString));
    }

    @Test
    void aPodThatChurnedIsNamedNotJudgedWithItsOutcomeInTheHeaderAndInItsCells(@TempDir Path dir) {
        RunRecorder r = new RunRecorder();
        r.target(LAB);
        NotJudged gone = new NotJudged("test", "web", SampleVerdicts.NODE, NotJudged.Outcome.GONE, "deleted since the list");
        VerdictsFile.write(dir.resolve("verdicts.json"), r.environment("run-9", "0.1.0-SNAPSHOT", "36713db"),
                List.of(new RunRecorder.Recorded(verdict(ClaimId.C1, "app", Verdict.Status.PASS), "PodWiringIT.c1", "{}")),
                List.of(), List.of(new ExpectedPod("test", "web", SampleVerdicts.NODE, "10.42.0.7", List.of("web"), false)),
                List.of(gone));
        SignOff page = new SignOff(VerdictsFile.read(dir.resolve("verdicts.json")), Map.of());

        assertEquals("test/web@" + SampleVerdicts.NODE + " GONE: deleted since the list",
                page.header().get("not judged (churn)"));
        List<SignOff.NotChecked> web = page.notChecked().stream().filter(n -> n.row().equals("test/web")).toList();
        assertEquals(ClaimId.values().length, web.size(), web::toString);
        web.forEach(n -> assertEquals("not judged: GONE: deleted since the list", n.reason(), n::toString));
    }

    @Test
    void underAnInjectedLabFaultEveryNonPassVerdictIsMarkedAndTheFaultsOwnClaimIsItsTarget(@TempDir Path dir)
            throws IOException {
        RunTarget.LabFault fault = new RunTarget.LabFault("PROXY_ARP_OFF", ClaimId.C9, "app", "proxy_arp off");
        List<RunRecorder.Recorded> recorded = new java.util.ArrayList<>();
        for (Verdict v : List.of(verdict(ClaimId.C9, "app", Verdict.Status.FAIL), verdict(ClaimId.C11, "app",
                Verdict.Status.FAIL), verdict(ClaimId.C8, "app", Verdict.Status.PASS))) {
            recorded.add(new RunRecorder.Recorded(v, "PodWiringIT", "{}", null, fault.marks(v) ? fault.fault() : null));
        }
        SignOff page = page(dir, new RunTarget("lab", Map.of(), fault), recorded, List.of(), List.of());

        Map<ClaimId, Cell> app = page.matrix().get(SampleVerdicts.NODE).get("test/app");
        assertEquals(SignOff.LabFaultRole.TARGET, page.labFaultRole(app.get(ClaimId.C9).verdict()));
        assertEquals(SignOff.LabFaultRole.UNDER_FAULT, page.labFaultRole(app.get(ClaimId.C11).verdict()));
        assertEquals(SignOff.LabFaultRole.NONE, page.labFaultRole(app.get(ClaimId.C8).verdict()));
        assertEquals("PROXY_ARP_OFF", app.get(ClaimId.C11).verdict().path("labFault").asString());
        assertTrue(app.get(ClaimId.C8).verdict().path("labFault").isNull(), "a PASS is not marked");
        String md = page.markdown();
        assertTrue(md.contains("[FAIL (lab fault)](#ev-c9-test-app-lab-node-1)"), md);
        assertTrue(md.contains("[FAIL (under lab fault)](#ev-c11-test-app-lab-node-1)"), md);
    }

    @Test
    void anUpgradeGatesStepsCountInTheRecordAndTheSignOff(@TempDir Path dir) {
        RunRecorder r = new RunRecorder();
        r.target(LAB);
        r.upgradeStep("lab wiring", "after a restart", new RunEnvironment.Upgrade.Step("wiring diff lab-node", "PASS",
                "2 changes, 2 allowed", "upgrade/wiring-diff-lab-node.json"));
        r.upgradeStep("lab wiring", "after a restart", new RunEnvironment.Upgrade.Step("outage", "FAIL",
                "longest gap 1400 ms", "upgrade/outage.json"));
        VerdictsFile.write(dir.resolve("verdicts.json"), r.environment("run-3", "0.1.0", "abc"), List.of(
                new RunRecorder.Recorded(verdict(ClaimId.C1, "app", Verdict.Status.PASS), "CalicoUpgradeIT", "{}")), List.of());

        tools.jackson.databind.JsonNode doc = VerdictsFile.read(dir.resolve("verdicts.json"));
        assertEquals("FAIL", doc.path("upgrade").path("verdict").asString(), doc::toString);
        assertEquals(2, doc.path("upgrade").path("steps").size());
        assertEquals("completed-with-violations", doc.path("status").asString(), "a failed outage step is a violation");
        String line = new SignOff(doc, Map.of()).header().get("upgrade gate");
        assertTrue(line.startsWith("FAIL"), line);
        assertTrue(line.contains("upgrade/outage.json") && line.contains("upgrade/wiring-diff-lab-node.json"), line);
    }

    @Test
    void aRunWithoutTheUpgradeGateHasNoUpgradeObject(@TempDir Path dir) {
        SignOff page = page(dir, LAB, List.of(new RunRecorder.Recorded(verdict(ClaimId.C1, "app", Verdict.Status.PASS),
                "PodWiringIT", "{}")), List.of(), List.of());
        assertTrue(VerdictsFile.read(dir.resolve("verdicts.json")).path("upgrade").isMissingNode());
        assertEquals("not part of this run", page.header().get("upgrade gate"));
    }

    @Test
    void anExcerptCannotCloseItsMarkdownFence() {
        String excerpt = "line\n```\n[link](https://example.invalid)\n`````x";

        String fence = SignOff.fence(excerpt);

        assertEquals("``````", fence, "one backtick longer than the longest run (5)");
        assertEquals("```", SignOff.fence("no backticks"));
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    /**
     * More nodes than SignOff.INLINE_NODES: the page is a summary (counts per claim and per node, every FAIL and
     * INCONCLUSIVE with its reason, linked to its node's page), and each node's matrix and evidence is its own page.
     */
    @Test
    void aRunWithManyNodesGetsASummaryAndOnePagePerNode(@TempDir Path dir) throws IOException {
        RunRecorder r = new RunRecorder();
        r.target(LAB);
        List<RunRecorder.Recorded> recorded = new java.util.ArrayList<>();
        int nodes = SignOff.INLINE_NODES + 2;
        for (int i = 0; i < nodes; i++) {
            String node = "node-" + i;
            r.node(new RunEnvironment.NodeFacts(node, "6.1.0-28-amd64", "iproute2-6.1.0", Instant.EPOCH));
            Verdict.Status c1 = i == 3 ? Verdict.Status.FAIL : i == 5 ? Verdict.Status.INCONCLUSIVE : Verdict.Status.PASS;
            Map<ClaimId, Verdict.Status> judged = Map.of(ClaimId.C1, c1, ClaimId.C2, Verdict.Status.PASS);
            judged.forEach((claim, status) -> recorded.add(new RunRecorder.Recorded(ClaimReport.scrub(new Verdict(claim,
                    "test", "app", node, status, claim + " on " + node + " is " + status, "e", "o",
                    new io.podwire.verdict.Evidence(List.of("ip -j link"), List.of("excerpt of " + node), Map.of()))),
                    "AgentIT", "{}")));
        }
        VerdictsFile.write(dir.resolve("verdicts.json"), r.environment("run-m", "0.1.0-SNAPSHOT", "36713db"), recorded,
                List.of());

        SignOff.write(dir);

        String md = Files.readString(dir.resolve("signoff.md"));
        assertTrue(md.contains("| C1 | " + (nodes - 2) + " | 1 | 1 | 0 | 0 |"), md);
        assertTrue(md.contains("| C2 | " + nodes + " | 0 | 0 | 0 | 0 |"), md);
        assertTrue(md.contains("| node-3 | 1 | 1 | 0 | 0 | " + (ClaimId.values().length - 2)
                + " | [node-3](signoff-nodes/node-3.md) |"), md);
        assertTrue(md.contains("- FAIL [C1 test/app@node-3](signoff-nodes/node-3.md#ev-c1-test-app-node-3): C1 on node-3 is FAIL"), md);
        assertTrue(md.contains("- INCONCLUSIVE [C1 test/app@node-5](signoff-nodes/node-5.md#ev-c1-test-app-node-5)"), md);
        assertTrue(!md.contains("excerpt of"), "the summary inlines no evidence");
        String node3 = Files.readString(dir.resolve("signoff-nodes/node-3.html"));
        assertTrue(node3.contains("<section class=\"evidence\" id=\"ev-c1-test-app-node-3\">"), node3);
        assertTrue(node3.contains("excerpt of node-3") && !node3.contains("excerpt of node-4"), node3);
        assertEquals(1, count(node3, "<td class=\"cell FAIL\">"), node3);
        assertTrue(Files.isRegularFile(dir.resolve("signoff-nodes/node-9.md")));
        assertTrue(RunBundle.entries(RunBundle.write(dir)).containsKey("signoff-nodes/node-9.html"));
    }
}
