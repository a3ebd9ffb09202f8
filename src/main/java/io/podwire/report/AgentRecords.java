package io.podwire.report;

import io.podwire.Scrubber;
import io.podwire.verdict.Verdict;
import io.podwire.node.RawSnapshot;
import io.podwire.run.NodeInspection;
import io.podwire.run.NotJudged;
import io.qameta.allure.FileSystemResultsWriter;
import io.qameta.allure.model.Label;
import io.qameta.allure.model.Parameter;
import io.qameta.allure.model.StatusDetails;
import io.qameta.allure.model.TestResult;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The node agent's part of the run record, and the merge of the nodes' parts into one run record. A node's part is a
 * verdicts.json of that node alone (same schema, same fields): the merge keeps every node's verdicts as they were
 * recorded, and names every expected node that left no part as that node's infrastructure failure.
 */
public final class AgentRecords {
    /** The node's part of the record, in the node's results directory. */
    public static final String NODE_RECORD = "node-record.json";
    /** The node's Allure results (one test result per verdict), in the node's results directory. */
    public static final String NODE_ALLURE = "allure-results";
    /** The node's raw snapshot, scrubbed, in the node's results directory (the bundle's snapshots/NODE.txt). */
    public static final String NODE_SNAPSHOT = "snapshot.txt";
    /** The target a record of agents names (verdicts.json "target.cluster"). */
    public static final String TARGET = "agent";

    private AgentRecords() {
    }

    /** What one node's agent left: its record's text and its snapshot's, as found (a file, a tarball entry). */
    public record NodeResults(String source, String record, Optional<String> snapshot, Map<String, String> allure) {
        public NodeResults {
            allure = Map.copyOf(allure);
        }

        public NodeResults(String source, String record, Optional<String> snapshot) {
            this(source, record, snapshot, Map.of());
        }
    }

    /** What a merge wrote and decided. */
    public record Merged(Path verdicts, Path bundle, String status, List<String> infrastructureFailures) {
    }

    /** Writes one node's part of the record (node-record.json) and its scrubbed snapshot (snapshot.txt) into DIR. */
    public static void writeNode(Path dir, NodeInspection inspection, String suiteVersion) {
        String node = inspection.node();
        RunRecorder run = new RunRecorder();
        run.target(new RunTarget(TARGET, Map.of("agent", "podwire node agent on node " + node), null));
        // the node is named in the environment even when its snapshot never arrived
        run.containerRuntime(node, RunEnvironment.UNKNOWN);
        String test = "podwire node agent on " + node;
        for (Verdict raw : inspection.verdicts()) {
            Verdict v = ClaimReport.scrub(raw);
            run.add(new RunRecorder.Recorded(v, test, ClaimReport.valuesJson(v.evidence())));
        }
        if (inspection.state() != null) {
            RawSnapshot s = inspection.state().raw();
            run.node(new RunEnvironment.NodeFacts(node, ClaimReport.stdout(s, "node.kernel"),
                    ClaimReport.stdout(s, "node.iproute2"), s.takenAt()));
            PrivateFiles.write(dir.resolve(NODE_SNAPSHOT), Scrubber.scrub(s.output()));
        }
        allure(dir.resolve(NODE_ALLURE), run.verdicts(), run.startedAt());
        inspection.failure().ifPresent(e -> run.infrastructureFailed(Scrubber.scrub("node " + node
                + " could not be inspected by its agent: " + e.getMessage())));
        run.expect(inspection.pods());
        inspection.notJudged().forEach(run::notJudged);
        RunEnvironment env = run.environment(RunStart.newRunId("agent-" + node, run.startedAt()), suiteVersion,
                RunEnvironment.UNKNOWN);
        VerdictsFile.write(dir.resolve(NODE_RECORD), env, run.verdicts(), run.infrastructureFailures(),
                run.expectedPods(), run.notJudged());
    }

    /**
     * One Allure test result per verdict, labelled and parameterised as the conformance run's (claim, pod, node), the
     * verdict's reason as the status message and expected/observed as parameters; `allure generate` over the nodes'
     * folders together gives one report.
     */
    private static void allure(Path dir, List<RunRecorder.Recorded> verdicts, Instant at) {
        FileSystemResultsWriter writer = new FileSystemResultsWriter(dir);
        for (RunRecorder.Recorded r : verdicts) {
            Verdict v = r.verdict();
            TestResult tr = new TestResult().setUuid(UUID.randomUUID().toString())
                    .setHistoryId(VerdictsFile.id(v, null)).setTestCaseId(v.claim().name())
                    .setName(v.claim().title() + ": " + v.podKey() + " on " + v.node())
                    .setFullName("podwire.agent." + v.claim() + " " + VerdictsFile.id(v, null))
                    .setStatus(ClaimReport.status(v.status()))
                    .setStatusDetails(new StatusDetails().setMessage(v.reason()))
                    .setStart(at.toEpochMilli()).setStop(at.toEpochMilli());
            ClaimReport.label(tr, v.claim());
            ClaimReport.parameters(tr, v);
            tr.getParameters().add(new Parameter().setName("expected").setValue(v.expected()));
            tr.getParameters().add(new Parameter().setName("observed").setValue(v.observed()));
            tr.getLabels().add(new Label().setName("host").setValue(v.node()));
            writer.write(tr);
        }
    }

    /**
     * One run record from the nodes' parts: verdicts.json (the schema's, status decided as for any run), the sign-off
     * page and the SHA-256 bundle in REPORTS. A node in {@code expectedNodes} with no part, or with a part that can't
     * be read, is that node's infrastructure failure; a node's own failures are kept, prefixed with the node.
     *
     * <p>One node at a time: FOUND is iterated once (it may read each node's files only when reached), each node's
     * record is scrubbed and parsed, its verdicts are appended to the record's verdicts (ordered by node, then as
     * the node's record orders them) and its snapshot and Allure results are written; only what the record's head
     * needs (the nodes' facts, failures, counts) is kept, so the heap does not grow with the node count.
     */
    public static Merged merge(Iterable<NodeResults> found, Collection<String> expectedNodes, Path reports,
                               String label) {
        Instant now = Instant.now();
        List<String> failures = new ArrayList<>();
        Map<String, RunEnvironment.NodeFacts> facts = new TreeMap<>();
        List<NotJudged> notJudged = new ArrayList<>();
        VerdictsFile.Verdicts verdicts = VerdictsFile.Verdicts.open(reports);
        Instant startedAt = now;
        String suite = RunEnvironment.UNKNOWN;
        int results = 0;
        try {
            for (NodeResults r : found) {
                results++;
                JsonNode doc;
                String node;
                try {
                    // the merge's scrub of the node's verdicts: the agent scrubbed them, this is the second line
                    doc = ClaimReport.JSON.readTree(Scrubber.scrub(r.record()));
                    node = nodeOf(doc);
                } catch (RuntimeException e) {
                    failures.add("agent results " + r.source() + " can't be read as a node's record: " + e.getMessage());
                    continue;
                }
                if (facts.containsKey(node)) {
                    failures.add("node " + node + " left two records (" + r.source() + " is the second): the run is not one");
                    continue;
                }
                JsonNode n = doc.path("environment").path("nodes").get(0);
                facts.put(node, new RunEnvironment.NodeFacts(node, text(n, "kernel"), text(n, "iproute2"),
                        text(n, "containerRuntime"), n.path("snapshotAt").isString()
                        ? Instant.parse(n.path("snapshotAt").asString()) : null));
                Instant nodeStart = Instant.parse(doc.path("startedAt").asString(now.toString()));
                startedAt = nodeStart.isBefore(startedAt) ? nodeStart : startedAt;
                suite = doc.path("environment").path("suite").asString(suite);
                verdicts.addNode(doc.path("verdicts"));
                // a pod that churned by the node's snapshot stays listed as not judged, with its reason
                for (JsonNode n2 : doc.path("notJudged")) {
                    notJudged.add(new NotJudged(n2.path("namespace").asString(), n2.path("pod").asString(),
                            n2.path("node").asString(), NotJudged.Outcome.valueOf(n2.path("outcome").asString()),
                            n2.path("reason").asString()));
                }
                for (JsonNode f : doc.path("infrastructureFailures")) {
                    String why = f.asString();
                    // the node's own reasons name it already; any other (nothing recorded) gets its name
                    failures.add(why.contains("node " + node) ? why : "node " + node + ": " + why);
                }
                r.snapshot().ifPresent(s -> RunFiles.writeText(reports.resolve("snapshots")
                        .resolve(node.replaceAll("[^A-Za-z0-9._-]", "_") + ".txt"), s));
                // the nodes' Allure results side by side: `allure generate reports/allure-results` makes one report
                r.allure().forEach((name, text) -> RunFiles.writeText(reports.resolve(NODE_ALLURE)
                        .resolve(name.replaceAll("[^A-Za-z0-9._-]", "_")), text));
            }
            for (String node : new TreeSet<>(expectedNodes)) {
                if (!facts.containsKey(node)) {
                    failures.add("node " + node + ": no podwire agent results (expected, none found): the agent did not"
                            + " run there, or its results never reached the merge");
                    facts.put(node, new RunEnvironment.NodeFacts(node, null, null, null, null));
                }
            }
            Map<String, String> chosenBy = new TreeMap<>();
            chosenBy.put("podwire merge", results + " node result(s)");
            chosenBy.put("nodes expected", expectedNodes.isEmpty() ? "(none named: only the nodes found)"
                    : String.join(",", new TreeSet<>(expectedNodes)));
            RunEnvironment env = new RunEnvironment(RunStart.newRunId(label, now), startedAt, suite,
                    RunEnvironment.UNKNOWN, new RunEnvironment.Cluster(TARGET, RunEnvironment.UNKNOWN,
                    RunEnvironment.UNKNOWN, Map.of()), facts, new RunTarget(TARGET, chosenBy, null), null);
            Path file = reports.resolve("verdicts.json");
            Map<String, Object> doc = verdicts.writeRecord(file, env, failures, notJudged, now);
            SignOff.write(reports);
            Path bundle = RunBundle.write(reports);
            @SuppressWarnings("unchecked")
            List<String> recorded = (List<String>) doc.get("infrastructureFailures");
            return new Merged(file, bundle, (String) doc.get("status"), List.copyOf(recorded));
        } finally {
            verdicts.delete();
        }
    }

    /** The one node a node's record is about (its environment names exactly one). */
    private static String nodeOf(JsonNode doc) {
        if (!VerdictsFile.SCHEMA.equals(doc.path("schema").asString(""))) {
            throw new IllegalArgumentException("not a " + VerdictsFile.SCHEMA + " record");
        }
        JsonNode nodes = doc.path("environment").path("nodes");
        if (nodes.size() != 1 || !nodes.get(0).path("node").isString()) {
            throw new IllegalArgumentException("a node's record names exactly one node, this one names " + nodes.size());
        }
        return nodes.get(0).path("node").asString();
    }

    private static String text(JsonNode n, String field) {
        return n.path(field).isString() ? n.path(field).asString() : null;
    }
}
