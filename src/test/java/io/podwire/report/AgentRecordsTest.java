package io.podwire.report;

import io.podwire.InfrastructureException;
import io.podwire.verdict.ClaimId;
import io.podwire.lab.LabPod;
import io.podwire.node.AnsweringNode;
import io.podwire.node.ExecResult;
import io.podwire.node.NodeAccess;
import io.podwire.node.SyntheticSnapshot;
import io.podwire.run.Inspector;
import io.podwire.run.NodeInspection;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The node agent's part of the record and the merge of the parts: schema, verdicts kept as recorded, silence named. */
@DisplayName("Agent records: each node's part, merged into one run record")
class AgentRecordsTest {

    @TempDir
    Path tmp;

    @Test
    @DisplayName("a node's part is a record of its own that passes the schema, naming its node")
    void aNodesPartPassesTheSchema() throws IOException {
        Path dir = nodeResults("node-a", 4);
        JsonNode doc = VerdictsFile.read(dir.resolve(AgentRecords.NODE_RECORD));
        assertEquals(List.of(), VerdictsSchema.violations(doc), "schema violations of the node's part");
        assertEquals(ClaimId.verdictCount(4, ClaimId.nodeSide()), doc.path("verdicts").size(), "verdicts");
        assertEquals("node-a", doc.path("environment").path("nodes").get(0).path("node").asString(), "node named");
        assertEquals(VerdictsFile.COMPLETED, doc.path("status").asString(), "every claim held on the synthetic node");
        assertTrue(Files.readString(dir.resolve(AgentRecords.NODE_SNAPSHOT)).contains("node.links"), "snapshot kept");
    }

    @Test
    @DisplayName("the merge keeps every node's verdicts exactly and names an expected node without results as infrastructure")
    void mergeKeepsVerdictsAndNamesTheMissingNode() throws IOException {
        List<AgentRecords.NodeResults> found = List.of(found(nodeResults("node-a", 3)), found(nodeResults("node-b", 5)));
        Path reports = tmp.resolve("reports");
        AgentRecords.Merged m = AgentRecords.merge(found, Set.of("node-a", "node-b", "node-c"), reports, "merge");
        JsonNode merged = VerdictsFile.read(m.verdicts());
        assertEquals(List.of(), VerdictsSchema.violations(merged), "schema violations of the merged record");
        assertEquals(VerdictsFile.PARTIAL, merged.path("status").asString(), "verdicts and a missing node");
        assertEquals(List.of("node node-c: no podwire agent results (expected, none found): the agent did not run"
                + " there, or its results never reached the merge"), strings(merged.path("infrastructureFailures")));
        for (String node : List.of("node-a", "node-b")) {
            JsonNode part = VerdictsFile.read(tmp.resolve(node).resolve(AgentRecords.NODE_RECORD));
            List<JsonNode> kept = new ArrayList<>();
            merged.path("verdicts").forEach(v -> {
                if (v.path("node").asString().equals(node)) {
                    kept.add(v);
                }
            });
            List<JsonNode> own = new ArrayList<>();
            part.path("verdicts").forEach(own::add);
            assertEquals(own, kept, node + ": the merged record holds the node's verdicts as its agent recorded them");
        }
        assertEquals(List.of("node-a", "node-b", "node-c"), nodes(merged), "every expected node is named");
        assertTrue(Files.isRegularFile(reports.resolve("signoff.html")), "sign-off page");
        assertTrue(Files.isRegularFile(reports.resolve("snapshots").resolve("node-b.txt")), "node-b's snapshot");
        assertEquals(List.of(), RunBundle.verify(m.bundle()), "the bundle verifies");
        assertTrue(RunBundle.entries(m.bundle()).keySet().containsAll(Set.of("verdicts.json", "signoff.html",
                "snapshots/node-a.txt")), "bundle content " + RunBundle.entries(m.bundle()).keySet());
    }

    @Test
    @DisplayName("with every expected node's results, the merged record completes")
    void everyNodeReportedCompletes() throws IOException {
        AgentRecords.Merged m = AgentRecords.merge(List.of(found(nodeResults("node-a", 2)), found(nodeResults("node-b", 2))),
                Set.of("node-a", "node-b"), tmp.resolve("reports"), "merge");
        assertEquals(VerdictsFile.COMPLETED, m.status(), String.valueOf(m.infrastructureFailures()));
    }

    @Test
    @DisplayName("a node its agent could not inspect is that node's infrastructure failure, never silence")
    void anAgentThatCouldNotInspectItsNodeIsInfrastructure() throws IOException {
        NodeAccess down = new NodeAccess() {
            @Override
            public String nodeName() {
                return "node-down";
            }

            @Override
            public ExecResult exec(String... command) {
                throw new InfrastructureException("crictl: no runtime socket");
            }

            @Override
            public ExecResult execWithInput(String input, String... command) {
                return exec(command);
            }
        };
        Path dir = tmp.resolve("node-down");
        AgentRecords.writeNode(dir, inspect(down), "test");
        JsonNode part = VerdictsFile.read(dir.resolve(AgentRecords.NODE_RECORD));
        assertEquals(List.of(), VerdictsSchema.violations(part), "schema violations of the failed node's part");
        assertEquals(VerdictsFile.INFRASTRUCTURE_FAILED, part.path("status").asString(), "status");
        AgentRecords.Merged m = AgentRecords.merge(List.of(found(nodeResults("node-a", 2)), found(dir)),
                Set.of("node-a", "node-down"), tmp.resolve("reports"), "merge");
        assertEquals(List.of("node node-down could not be inspected by its agent: crictl: no runtime socket"),
                m.infrastructureFailures(), "the failed node's own reason, once");
        assertEquals(VerdictsFile.PARTIAL, m.status(), "status");
    }

    @Test
    @DisplayName("what can't be read as a node's record, or a node reported twice, is infrastructure in the record")
    void unreadableOrDuplicateResultsAreInfrastructure() throws IOException {
        AgentRecords.NodeResults a = found(nodeResults("node-a", 1));
        AgentRecords.Merged m = AgentRecords.merge(List.of(a, a, new AgentRecords.NodeResults("x/node-record.json",
                "{\"not\":\"a record\"}", Optional.empty())), Set.of("node-a"), tmp.resolve("reports"), "merge");
        List<String> f = m.infrastructureFailures();
        assertEquals(2, f.size(), String.valueOf(f));
        assertTrue(f.get(0).startsWith("node node-a left two records"), f.get(0));
        assertTrue(f.get(1).startsWith("agent results x/node-record.json can't be read as a node's record"), f.get(1));
    }

    private Path nodeResults(String node, int pods) {
        Path dir = tmp.resolve(node);
        AgentRecords.writeNode(dir, inspect(new AnsweringNode(node, SyntheticSnapshot.text(
                LabPod.many(pods).stream().map(p -> p.expected(node)).toList()))), "test");
        return dir;
    }

    private static NodeInspection inspect(NodeAccess node) {
        return Inspector.create().judging(ClaimId.nodeSide()).inspectRuntimePods(List.of(node), 1).get(0);
    }

    private static AgentRecords.NodeResults found(Path dir) throws IOException {
        Path snap = dir.resolve(AgentRecords.NODE_SNAPSHOT);
        return new AgentRecords.NodeResults(dir.toString(), Files.readString(dir.resolve(AgentRecords.NODE_RECORD)),
                Files.isRegularFile(snap) ? Optional.of(Files.readString(snap)) : Optional.empty());
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }

    private static List<String> nodes(JsonNode doc) {
        List<String> out = new ArrayList<>();
        doc.path("environment").path("nodes").forEach(n -> out.add(n.path("node").asString()));
        return out;
    }
}
