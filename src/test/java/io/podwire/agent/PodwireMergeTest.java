package io.podwire.agent;

import io.podwire.verdict.ClaimId;
import io.podwire.verdict.Evidence;
import io.podwire.verdict.Verdict;
import io.podwire.lab.LabPod;
import io.podwire.node.AnsweringNode;
import io.podwire.node.PodSideViews;
import io.podwire.node.SyntheticSnapshot;
import io.podwire.report.AgentRecords;
import io.podwire.run.Inspector;
import io.podwire.run.NodeInspection;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agent's results (JUnit XML, the done file) and `podwire merge` over directories and Sonobuoy tarballs. */
@DisplayName("podwire merge and the agent's results: JUnit for Sonobuoy, directories and tarballs merged")
class PodwireMergeTest {

    @TempDir
    Path tmp;

    @Test
    @DisplayName("the agent writes its results under podwire/ and a done file naming them, last")
    void agentWritesResultsAndDoneFile() throws Exception {
        Path results = tmp.resolve("results");
        Path dir = NodeAgent.run(node("node-a", 3), results);
        assertEquals(results.resolve(NodeAgent.RESULTS_SUBDIR), dir, "results directory");
        assertEquals(dir.toAbsolutePath() + "\n", Files.readString(results.resolve(NodeAgent.DONE)), "done names it");
        assertEquals(Set.of(AgentRecords.NODE_RECORD, AgentRecords.NODE_SNAPSHOT, JUnitResults.FILE, AgentRecords.NODE_ALLURE),
                Set.copyOf(Files.list(dir).map(p -> p.getFileName().toString()).toList()), "files");
        try (var allure = Files.list(dir.resolve(AgentRecords.NODE_ALLURE))) {
            assertEquals(ClaimId.verdictCount(3, ClaimId.nodeSide()), allure.filter(p -> p.toString().endsWith("-result.json"))
                    .count(), "one Allure result per verdict");
        }
        Document x = parse(Files.readString(dir.resolve(JUnitResults.FILE)));
        assertEquals(ClaimId.verdictCount(3, ClaimId.nodeSide()), x.getElementsByTagName("testcase").getLength(), "testcases");
        assertEquals("0", ((Element) x.getElementsByTagName("testsuite").item(0)).getAttribute("failures"), "failures");
    }

    @Test
    @DisplayName("JUnit XML: FAIL is a failure, INCONCLUSIVE an error, an uninspected node one error; node text escaped")
    void junitMapsVerdictsAndEscapesNodeText() throws Exception {
        Evidence e = new Evidence(List.of("ip -j link show"), List.of("<a&b>"), Map.of());
        List<Verdict> verdicts = List.of(
                new Verdict(ClaimId.C5, "test", "web", "node-a", Verdict.Status.FAIL, "MAC \"ee\" <changed> \u0001",
                        "ee:ee:ee:ee:ee:ee", "02:42:ac:11:00:02", e),
                new Verdict(ClaimId.C8, "test", "web", "node-a", Verdict.Status.INCONCLUSIVE, "ethtool failed", "7", "?", e),
                new Verdict(ClaimId.C9, "test", "web", "node-a", Verdict.Status.PASS, "ok", "1", "1", e));
        NodeInspection i = new NodeInspection("node-a", List.of(), null, PodSideViews.none(), verdicts, Duration.ZERO,
                Duration.ZERO, Optional.of(new io.podwire.InfrastructureException("crictl: socket <gone>")), List.of());
        Document x = parse(JUnitResults.xml(i, Instant.EPOCH));
        Element suite = (Element) x.getElementsByTagName("testsuite").item(0);
        assertEquals(List.of("4", "1", "2"), List.of(suite.getAttribute("tests"), suite.getAttribute("failures"),
                suite.getAttribute("errors")), "tests, failures, errors");
        Element failure = (Element) x.getElementsByTagName("failure").item(0);
        assertEquals("MAC \"ee\" <changed> \uFFFD", failure.getAttribute("message"), "reason, escaped, control char replaced");
        NodeList errors = x.getElementsByTagName("error");
        assertEquals("infrastructure", ((Element) errors.item(0)).getAttribute("type"), "the node's own failure first");
        assertEquals("INCONCLUSIVE", ((Element) errors.item(1)).getAttribute("type"), "an inconclusive verdict");
    }

    @Test
    @DisplayName("a directory of node folders merges; --expect names a node without results as infrastructure")
    void directoryMergesAndExpectedSilentNodeIsInfrastructure() {
        Path results = tmp.resolve("collected");
        NodeAgent.run(node("node-a", 2), tmp.resolve("a"));
        NodeAgent.run(node("node-b", 2), tmp.resolve("b"));
        copy(tmp.resolve("a").resolve(NodeAgent.RESULTS_SUBDIR), results.resolve("node-a"));
        copy(tmp.resolve("b").resolve(NodeAgent.RESULTS_SUBDIR), results.resolve("node-b"));
        AgentRecords.Merged m = PodwireMerge.merge("--expect", "node-a,node-b,node-c", "--out",
                tmp.resolve("reports").toString(), results.toString());
        assertEquals("partial", m.status(), "status");
        assertEquals(1, m.infrastructureFailures().size(), String.valueOf(m.infrastructureFailures()));
        assertTrue(m.infrastructureFailures().get(0).startsWith("node node-c: no podwire agent results"),
                m.infrastructureFailures().get(0));
    }

    @Test
    @DisplayName("a Sonobuoy tarball merges; its Linux nodes are the expected ones, a Windows node is not")
    void sonobuoyTarballMergesWithItsLinuxNodes() throws Exception {
        Path retrieved = tmp.resolve("retrieved");
        for (String n : List.of("node-a", "node-b")) {
            NodeAgent.run(node(n, 2), tmp.resolve("run-" + n));
            copy(tmp.resolve("run-" + n).resolve(NodeAgent.RESULTS_SUBDIR), retrieved.resolve("plugins/podwire/results").resolve(n));
        }
        Path tarball = NodeAgentLabIT.tarball(retrieved, tmp.resolve("r.tar.gz"), List.of("node-a", "node-b"), "win-1");
        AgentRecords.Merged m = PodwireMerge.merge("--out", tmp.resolve("reports").toString(), tarball.toString());
        assertEquals("completed", m.status(), String.valueOf(m.infrastructureFailures()));
        try (var allure = Files.list(tmp.resolve("reports").resolve(AgentRecords.NODE_ALLURE))) {
            assertEquals(2 * ClaimId.verdictCount(2, ClaimId.nodeSide()), allure.count(),
                    "both nodes' Allure results, side by side for one report");
        }
        Path third = NodeAgentLabIT.tarball(retrieved, tmp.resolve("r3.tar.gz"), List.of("node-a", "node-b", "node-c"), "win-1");
        AgentRecords.Merged missing = PodwireMerge.merge("--out", tmp.resolve("reports3").toString(), third.toString());
        assertEquals(1, missing.infrastructureFailures().size(), String.valueOf(missing.infrastructureFailures()));
        assertTrue(missing.infrastructureFailures().get(0).startsWith("node node-c:"), missing.infrastructureFailures().get(0));
    }

    @Test
    @DisplayName("usage errors say what is wrong: no input, an unknown option, an input that does not exist")
    void usageErrors() {
        assertEquals("no input: name the results directory or the Sonobuoy tarball",
                assertThrows(IllegalArgumentException.class, () -> PodwireMerge.merge("--out", "x")).getMessage());
        assertEquals("unknown option --bogus",
                assertThrows(IllegalArgumentException.class, () -> PodwireMerge.merge("--bogus")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PodwireMerge.merge(tmp.resolve("nope").toString()))
                .getMessage().startsWith("no such input"));
    }

    private static AnsweringNode node(String name, int pods) {
        return new AnsweringNode(name, SyntheticSnapshot.text(LabPod.many(pods).stream().map(p -> p.expected(name)).toList()));
    }

    private static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    /** FROM's tree into TO, as `kubectl cp` copies a pod's results directory. */
    private static void copy(Path from, Path to) {
        try (var files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
