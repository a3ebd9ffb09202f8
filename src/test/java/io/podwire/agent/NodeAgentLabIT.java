package io.podwire.agent;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import io.podwire.Log;
import io.podwire.Scrubber;
import io.podwire.Timeouts;
import io.podwire.verdict.ClaimId;
import io.podwire.verdict.Verdict;
import io.podwire.docker.ImagePreflight;
import io.podwire.lab.LabFault;
import io.podwire.lab.LabNode;
import io.podwire.lab.LabNodeExtension;
import io.podwire.lab.LabPod;
import io.podwire.node.ContainerNodeAccess;
import io.podwire.report.AgentRecords;
import io.podwire.report.RunBundle;
import io.podwire.report.VerdictsSchema;
import io.podwire.run.Inspector;
import io.podwire.run.NodeInspection;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The node agent's image (mvn -Pagent-image) run as its DaemonSet pod against real lab nodes: its verdicts equal the
 * exec path's on the same node, claim by claim and pod by pod; the nodes' results, packed as `sonobuoy retrieve`
 * packs them, merge into one record, and a node the Sonobuoy run listed but whose agent never reported is that node's
 * infrastructure failure in it.
 */
@DisplayName("Node agent: on lab nodes as its DaemonSet pod, same verdicts as the exec path, merged into one record")
@ExtendWith(LabNodeExtension.class)
class NodeAgentLabIT {
    private static final String PLUGIN_RESULTS = "plugins/podwire/results";

    @TempDir
    Path tmp;

    @BeforeAll
    static void agentImageIsBuilt() {
        try {
            ImagePreflight.docker().inspectImageCmd(AgentContainer.image()).exec();
        } catch (NotFoundException e) {
            String why = "the agent image " + AgentContainer.image() + " is not built: mvn -Pagent-image package "
                    + "-DskipTests (the lab self-tests, -Dpodwire.cluster=lab, build it)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("CI=true and " + why);
            }
            throw new TestAbortedException("agent tests skipped: " + why);
        }
    }

    @Test
    @DisplayName("the agent's verdicts equal the exec path's on each lab node, a fault's violation included; two nodes merge, a third listed node without results is infrastructure")
    void agentEqualsExecPathAndMergeNamesTheSilentNode() throws IOException {
        DockerClient docker = ImagePreflight.docker();
        Path retrieved = tmp.resolve("retrieved");
        Map<String, List<LabPod>> nodes = new TreeMap<>(Map.of("lab-node-1", LabPod.standard(), "lab-node-2", LabPod.many(5)));
        // a real fault on the first node: the agent must see the same violation as the exec path, not only passes
        Map<String, Set<String>> violated = Map.of("lab-node-1", Set.of(LabFault.PROXY_ARP_OFF.claim() + " test/"
                + LabFault.PROXY_ARP_OFF.targetPod() + "@lab-node-1"), "lab-node-2", Set.of());
        int verdictsOfAll = 0;
        for (Map.Entry<String, List<LabPod>> n : nodes.entrySet()) {
            String node = n.getKey();
            try (LabNode lab = LabNode.start()) {
                lab.wire(n.getValue());
                if (!violated.get(node).isEmpty()) {
                    LabFault.PROXY_ARP_OFF.inject(lab);
                }
                AgentContainer.Run agent = AgentContainer.run(docker, AgentContainer.image(), lab.containerId(), node,
                        retrieved.resolve(PLUGIN_RESULTS));
                long t0 = System.nanoTime();
                NodeInspection exec = Inspector.create().judging(ClaimId.nodeSide()).inspectRuntimePods(
                        List.of(new ContainerNodeAccess(docker, lab.containerId(), node, Timeouts.EXEC)), 1).get(0);
                Duration execWall = Duration.ofNanos(System.nanoTime() - t0);
                Log.info("node " + node + ": agent container " + agent.wall().toMillis() + " ms (JVM start included), "
                        + "exec path " + execWall.toMillis() + " ms; " + agent.log().strip());

                assertEquals(AgentContainer.RESULTS + "/" + NodeAgent.RESULTS_SUBDIR, agent.done().strip(),
                        node + ": the done file names the results directory");
                JsonNode record = JsonMapper.builder().build().readTree(agent.results().resolve(AgentRecords.NODE_RECORD).toFile());
                assertEquals(List.of(), VerdictsSchema.violations(record), node + ": schema violations of the node's part");
                assertTrue(exec.failure().isEmpty(), () -> node + ": exec path " + exec.failure());
                Map<String, List<String>> byExec = new TreeMap<>();
                exec.verdicts().forEach(v -> byExec.put(id(v), List.of(v.status().name(), Scrubber.scrub(v.expected()),
                        Scrubber.scrub(v.observed()))));
                Map<String, List<String>> byAgent = new TreeMap<>();
                record.path("verdicts").forEach(v -> byAgent.put(v.path("id").asString(), List.of(
                        v.path("verdict").asString(), v.path("expected").asString(), v.path("observed").asString())));
                assertEquals(byExec, byAgent, node + ": the agent's verdicts (status, expected, observed) by claim and pod");
                assertEquals(ClaimId.verdictCount(n.getValue().size(), ClaimId.nodeSide()), byAgent.size(),
                        node + ": every snapshot-side claim for every lab pod");
                Set<String> notPass = new TreeSet<>();
                byAgent.forEach((id, v) -> {
                    if (!v.get(0).equals("PASS")) {
                        notPass.add(id);
                    }
                });
                assertEquals(violated.get(node), notPass, node + ": what is not PASS is the injected fault's claim and pod");
                assertEquals(notPass.isEmpty() ? "completed" : "completed-with-violations", record.path("status").asString(),
                        node + ": status of the node's part");
                String junit = Files.readString(agent.results().resolve(JUnitResults.FILE), StandardCharsets.UTF_8);
                assertEquals(byAgent.size(), junit.split("<testcase ", -1).length - 1, node + ": one JUnit testcase per verdict");
                assertEquals(notPass.size(), junit.split("<failure ", -1).length - 1, node + ": one JUnit failure per FAIL");
                verdictsOfAll += byAgent.size();
            }
        }

        // packed as `sonobuoy retrieve` packs them; the run listed a third Linux node and a Windows one
        Path tarball = tarball(retrieved, tmp.resolve("sonobuoy-results.tar.gz"), List.of("lab-node-1", "lab-node-2",
                "lab-node-3"), "win-1");
        Path reports = tmp.resolve("reports");
        AgentRecords.Merged m = PodwireMerge.merge(tarball.toString(), "--out", reports.toString());
        JsonNode merged = JsonMapper.builder().build().readTree(m.verdicts().toFile());
        assertEquals(List.of(), VerdictsSchema.violations(merged), "schema violations of the merged record");
        assertEquals("partial", m.status(), "two nodes' verdicts (one violation) and a silent node");
        assertEquals(1, merged.path("summary").path("FAIL").asInt(), "the injected violation, kept in the merged record");
        assertEquals(List.of("node lab-node-3: no podwire agent results (expected, none found): the agent did not run"
                + " there, or its results never reached the merge"), m.infrastructureFailures(), "the silent node, once");
        assertEquals(verdictsOfAll, merged.path("verdicts").size(), "every node's verdicts, none lost or added");
        assertTrue(Files.isRegularFile(reports.resolve("signoff.html")), "one sign-off page");
        try (Stream<Path> allure = Files.list(reports.resolve(AgentRecords.NODE_ALLURE))) {
            assertEquals(verdictsOfAll, allure.count(), "every node's Allure results, for one report");
        }
        assertEquals(List.of(), RunBundle.verify(m.bundle()), "one bundle that verifies");
    }

    private static String id(Verdict v) {
        String scope = Verdict.NODE_SCOPE.equals(v.pod()) ? Verdict.NODE_SCOPE : v.namespace() + "/" + v.pod();
        return v.claim() + " " + scope + "@" + v.node();
    }

    /** A Sonobuoy-shaped results tarball: each node's results under plugins/podwire/results/NODE, the run's Nodes. */
    static Path tarball(Path retrieved, Path out, List<String> linuxNodes, String windowsNode) throws IOException {
        StringBuilder nodes = new StringBuilder("{\"kind\":\"NodeList\",\"items\":[");
        linuxNodes.forEach(n -> nodes.append("{\"metadata\":{\"name\":\"").append(n)
                .append("\",\"labels\":{\"kubernetes.io/os\":\"linux\"}}},"));
        nodes.append("{\"metadata\":{\"name\":\"").append(windowsNode).append("\",\"labels\":{\"kubernetes.io/os\":\"windows\"}}}]}");
        try (OutputStream file = Files.newOutputStream(out);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(file))) {
            put(tar, AgentResults.SONOBUOY_NODES, nodes.toString().getBytes(StandardCharsets.UTF_8));
            List<Path> files;
            try (Stream<Path> walk = Files.walk(retrieved.resolve(PLUGIN_RESULTS))) {
                files = new ArrayList<>(walk.filter(Files::isRegularFile).sorted().toList());
            }
            for (Path f : files) {
                put(tar, retrieved.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
            }
        }
        return out;
    }

    private static void put(TarArchiveOutputStream tar, String name, byte[] bytes) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(bytes.length);
        tar.putArchiveEntry(e);
        tar.write(bytes);
        tar.closeArchiveEntry();
    }
}
