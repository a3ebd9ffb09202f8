package io.podwire.report;

import io.podwire.claims.ClaimId;
import io.podwire.claims.ExpectedPod;
import io.podwire.claims.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
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
        r.node(new RunEnvironment.NodeFacts(Fixtures.NODE, "6.1.0-28-amd64", "ip utility, iproute2-6.1.0", Instant.EPOCH));
        Verdict pass = ClaimReport.scrub(Fixtures.c8Pass("pinger"));
        Verdict fail = ClaimReport.scrub(Fixtures.c8Fail("app"));
        VerdictsFile.write(dir.resolve("verdicts.json"), r.environment("run-7", "0.1.0-SNAPSHOT", "36713db"), List.of(
                new RunRecorder.Recorded(pass, "io.podwire.conformance.PodWiringIT.c8", "{}"),
                new RunRecorder.Recorded(fail, "io.podwire.conformance.PodWiringIT.c8", "{}", null, "PROXY_ARP_OFF")),
                List.of(), List.of(new ExpectedPod("test", "web", Fixtures.NODE, "10.42.0.7", List.of("web"), false)));
        return dir;
    }

    @Test
    void eachPodRowHasOneCellPerClaimAndOnlyTheViolatedOneIsFail(@TempDir Path dir) throws IOException {
        SignOff.write(labRun(dir));

        String html = Files.readString(dir.resolve("signoff.html"));
        assertEquals(1, count(html, "<td class=\"cell FAIL\">"), html);
        assertEquals(1, count(html, "<td class=\"cell PASS\">"), html);
        // three rows (app, pinger, web), one cell per claim, two of them judged
        assertEquals(3 * ClaimId.values().length - 2, count(html, "<td class=\"cell not-checked\">"), html);
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
        assertTrue(md.contains("| not checked | test/web@lab-node-1: no verdict |"), md);
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
}
