package io.podwire.report;

import io.podwire.Scrubber;
import io.podwire.verdict.ClaimId;
import io.podwire.node.ExpectedPod;
import io.podwire.claims.PodWiringClaims;
import io.podwire.verdict.Verdict;
import io.podwire.run.NotJudged;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * reports/verdicts.json: one record per (claim, namespace, pod, node) with stable field names (docs/evidence.md,
 * docs/verdicts.schema.json). Only the conformance JVM writes it, replacing RunStart's `started` record whole.
 */
final class VerdictsFile {
    static final String SCHEMA = "podwire.verdicts/v1";

    private VerdictsFile() {
    }

    /** What a gate may conclude from the run; anything but COMPLETED means "do not pass". */
    static final String COMPLETED = "completed";
    static final String WITH_VIOLATIONS = "completed-with-violations";
    static final String PARTIAL = "partial";
    static final String INFRASTRUCTURE_FAILED = "infrastructure-failed";
    static final String NOTHING_RECORDED = "no verdict was recorded: no conformance test reached the target";

    static Map<String, Object> document(RunEnvironment env, List<RunRecorder.Recorded> recorded,
                                        List<Map<String, Object>> kept, List<String> infrastructureFailures,
                                        Instant generatedAt) {
        return document(env, recorded, kept, infrastructureFailures, List.of(), generatedAt);
    }

    static Map<String, Object> document(RunEnvironment env, List<RunRecorder.Recorded> recorded,
                                        List<Map<String, Object>> kept, List<String> infrastructureFailures,
                                        List<ExpectedPod> expected, Instant generatedAt) {
        return document(env, recorded, kept, infrastructureFailures, expected, List.of(), generatedAt);
    }

    /**
     * The record; {@code notJudged} are the listed pods that churned by their node's snapshot: listed with their
     * reason, never a verdict. Of the run's own pods ({@code expected}) such a pod stays not checked (the gate's own
     * pods must be judged); of the audited ones it leaves the status as the judged pods make it.
     */
    static Map<String, Object> document(RunEnvironment env, List<RunRecorder.Recorded> recorded,
                                        List<Map<String, Object>> kept, List<String> infrastructureFailures,
                                        List<ExpectedPod> expected, List<NotJudged> notJudged, Instant generatedAt) {
        Map<String, Map<String, Object>> records = new LinkedHashMap<>();
        kept.forEach(r -> records.put(String.valueOf(r.get("id")), r));
        recorded.forEach(r -> records.put(r.key(), record(r, env)));
        List<Map<String, Object>> sorted = new ArrayList<>(records.values());
        sorted.sort(Comparator.comparing((Map<String, Object> r) -> ClaimId.valueOf((String) r.get("claim")).ordinal())
                .thenComparing(r -> (String) r.get("namespace")).thenComparing(r -> (String) r.get("pod"))
                .thenComparing(r -> (String) r.get("node")));
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("total", sorted.size());
        for (Verdict.Status s : Verdict.Status.values()) {
            summary.put(s.name(), sorted.stream().filter(r -> s.name().equals(r.get("verdict"))).count());
        }
        List<Map<String, Object>> ordinary = sorted.stream().filter(r -> r.get("injectedFault") == null).toList();
        List<Object> notChecked = new ArrayList<>(ordinary.stream().filter(r -> "INCONCLUSIVE".equals(r.get("verdict")))
                .map(r -> r.get("id")).toList());
        // an expected pod that no claim reached was not checked, whatever the other pods show
        expected.stream().filter(p -> ordinary.stream().noneMatch(r -> p.namespace().equals(r.get("namespace"))
                        && p.name().equals(r.get("pod")) && p.node().equals(r.get("node"))))
                .map(p -> p.key() + "@" + p.node() + ": no verdict").forEach(notChecked::add);
        return document(env, summary, !ordinary.isEmpty(), ordinary.stream().anyMatch(r -> "FAIL".equals(r.get("verdict"))),
                notChecked, infrastructureFailures, notJudged, generatedAt, sorted);
    }

    /** The record around its VERDICTS, from what its verdicts add up to (their summary, and of the ordinary ones). */
    private static Map<String, Object> document(RunEnvironment env, Map<String, Object> summary, boolean ordinaryJudged,
                                                boolean ordinaryFailed, List<Object> notChecked,
                                                List<String> infrastructureFailures, List<NotJudged> notJudged,
                                                Instant generatedAt, Object verdicts) {
        List<String> failures = new ArrayList<>(infrastructureFailures);
        if (!ordinaryJudged && failures.isEmpty()) {
            failures.add(NOTHING_RECORDED);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", SCHEMA);
        doc.put("runId", env.runId());
        doc.put("target", target(env.target()));
        doc.put("status", status(ordinaryJudged, ordinaryFailed, failures, notChecked, env.upgrade()));
        doc.put("infrastructureFailures", failures);
        doc.put("notChecked", notChecked);
        doc.put("notJudged", notJudged.stream().map(VerdictsFile::notJudged).toList());
        doc.put("startedAt", env.startedAt().toString());
        doc.put("endedAt", generatedAt.toString());
        doc.put("generatedAt", generatedAt.toString());
        doc.put("environment", environment(env));
        doc.put("summary", summary);
        doc.put("verdicts", verdicts);
        if (env.upgrade() != null) {
            doc.put("upgrade", upgrade(env.upgrade()));
        }
        return doc;
    }

    /** Infrastructure failures first, then ordinary violations, then what could not be observed. */
    private static String status(boolean ordinaryJudged, boolean ordinaryFailed, List<String> failures,
                                 List<Object> notChecked, RunEnvironment.Upgrade upgrade) {
        if (!failures.isEmpty()) {
            return ordinaryJudged ? PARTIAL : INFRASTRUCTURE_FAILED;
        }
        // an upgrade gate's failed diff, outage or leak check is a violation like a failed claim
        String gate = upgrade == null ? "PASS" : upgrade.verdict();
        if (ordinaryFailed || gate.equals("FAIL")) {
            return WITH_VIOLATIONS;
        }
        return notChecked.isEmpty() && gate.equals("PASS") ? COMPLETED : PARTIAL;
    }

    /** The "upgrade" object: present only in a run of the upgrade gate. */
    private static Map<String, Object> upgrade(RunEnvironment.Upgrade u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", u.from());
        m.put("to", u.to());
        m.put("verdict", u.verdict());
        List<Map<String, Object>> steps = new ArrayList<>();
        u.steps().forEach(s -> {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("step", s.name());
            step.put("verdict", s.verdict());
            step.put("summary", s.summary());
            step.put("file", s.file());
            steps.add(step);
        });
        m.put("steps", steps);
        return m;
    }

    /**
     * Replaces the file whole, atomically, also when this run has no verdict at all: one run, one record (RunStart
     * gave the run its id; nothing of an earlier record is kept, whatever its id).
     */
    static void write(Path file, RunEnvironment env, List<RunRecorder.Recorded> recorded,
                      List<String> infrastructureFailures) {
        write(file, env, recorded, infrastructureFailures, List.of());
    }

    static void write(Path file, RunEnvironment env, List<RunRecorder.Recorded> recorded,
                      List<String> infrastructureFailures, List<ExpectedPod> expected) {
        write(file, env, recorded, infrastructureFailures, expected, List.of());
    }

    static void write(Path file, RunEnvironment env, List<RunRecorder.Recorded> recorded,
                      List<String> infrastructureFailures, List<ExpectedPod> expected, List<NotJudged> notJudged) {
        writeDocument(file, document(env, recorded, List.of(), infrastructureFailures, expected, notJudged,
                Instant.now()));
    }

    /** Replaces the file whole with DOC, atomically, scrubbed (also a record merged from the nodes' records). */
    static void writeDocument(Path file, Map<String, Object> doc) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            RunStart.createPrivateDirectories(dir);
            // a reader (a CI gate) sees the old record or the new one, never half of one
            Path tmp = Files.createTempFile(dir, ".verdicts", ".json.tmp");
            Files.writeString(tmp, Scrubber.scrub(ClaimReport.JSON.writeValueAsString(doc)) + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    /**
     * A record's verdicts written as they come, node by node, to a file beside the record: the record is then
     * written around them (writeRecord) without holding them. The verdicts are taken as they are (scrubbed already:
     * the merge scrubs each node's record before parsing it); the record's head is scrubbed as writeDocument does.
     */
    static final class Verdicts {
        private final Path file;
        private final java.io.Writer out;
        private final Map<String, Object> summary = new LinkedHashMap<>();
        private final List<Object> inconclusive = new ArrayList<>();
        private long total;
        private boolean ordinaryJudged;
        private boolean ordinaryFailed;

        private Verdicts(Path file) throws IOException {
            this.file = file;
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            for (Verdict.Status s : Verdict.Status.values()) {
                summary.put(s.name(), 0L);
            }
        }

        static Verdicts open(Path reports) {
            try {
                Path dir = reports.toAbsolutePath();
                RunStart.createPrivateDirectories(dir);
                return new Verdicts(Files.createTempFile(dir, ".verdicts", ".part"));
            } catch (IOException e) {
                throw new UncheckedIOException("could not write the record's verdicts in " + reports, e);
            }
        }

        /** Appends one node's verdicts (its record's "verdicts"), in the order of the record's verdicts. */
        void addNode(JsonNode verdicts) {
            List<JsonNode> sorted = new ArrayList<>();
            verdicts.forEach(sorted::add);
            sorted.sort(Comparator.comparing((JsonNode r) -> ClaimId.valueOf(r.path("claim").asString()).ordinal())
                    .thenComparing(r -> r.path("namespace").asString()).thenComparing(r -> r.path("pod").asString())
                    .thenComparing(r -> r.path("node").asString()));
            try {
                for (JsonNode v : sorted) {
                    String verdict = v.path("verdict").asString();
                    summary.merge(verdict, 1L, (a, b) -> (Long) a + (Long) b);
                    if (v.path("injectedFault").isNull() || v.path("injectedFault").isMissingNode()) {
                        ordinaryJudged = true;
                        ordinaryFailed |= "FAIL".equals(verdict);
                        if ("INCONCLUSIVE".equals(verdict)) {
                            inconclusive.add(v.path("id").asString());
                        }
                    }
                    // as the record's pretty printer nests it: every line after the first two more spaces in
                    out.write(total++ == 0 ? "[ " : ", ");
                    out.write(ClaimReport.JSON.writeValueAsString(v).replace("\n", "\n  "));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not write the record's verdicts to " + file, e);
            }
        }

        /** Writes the record FILE around the verdicts, atomically; returns its head (status, failures…). */
        Map<String, Object> writeRecord(Path target, RunEnvironment env, List<String> infrastructureFailures,
                                        List<NotJudged> notJudged, Instant generatedAt) {
            String placeholder = "podwire-verdicts-" + java.util.UUID.randomUUID();
            Map<String, Object> counts = new LinkedHashMap<>();
            counts.put("total", total);
            counts.putAll(summary);
            Map<String, Object> doc = document(env, counts, ordinaryJudged, ordinaryFailed, new ArrayList<>(inconclusive),
                    infrastructureFailures, notJudged, generatedAt, placeholder);
            String head = Scrubber.scrub(ClaimReport.JSON.writeValueAsString(doc));
            int at = head.indexOf("\"" + placeholder + "\"");
            try {
                out.write(total == 0 ? "[ ]" : " ]");
                out.close();
                Path dir = target.toAbsolutePath().getParent();
                Path tmp = Files.createTempFile(dir, ".verdicts", ".json.tmp");
                try (java.io.OutputStream o = Files.newOutputStream(tmp)) {
                    o.write(head.substring(0, at).getBytes(StandardCharsets.UTF_8));
                    Files.copy(file, o);
                    o.write((head.substring(at + placeholder.length() + 2) + "\n").getBytes(StandardCharsets.UTF_8));
                }
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException("could not write " + target, e);
            }
            doc.remove("verdicts");
            return doc;
        }

        void delete() {
            try {
                out.close();
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException("could not remove " + file, e);
            }
        }
    }

    static JsonNode read(Path file) {
        try {
            return ClaimReport.JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
    }

    /**
     * "C8 test/pinger@lab-1", or "C7 *@lab-1" for a node-wide verdict: the stable key to join two runs on. A verdict
     * made false on purpose gets " (fault injected: NAME)" so that it never replaces an ordinary one.
     */
    static String id(Verdict v, String injectedFault) {
        String scope = Verdict.NODE_SCOPE.equals(v.pod()) ? Verdict.NODE_SCOPE : v.namespace() + "/" + v.pod();
        return v.claim() + " " + scope + "@" + v.node() + (injectedFault == null ? "" : " (fault injected: " + injectedFault + ")");
    }

    private static Map<String, Object> record(RunRecorder.Recorded r, RunEnvironment env) {
        Verdict v = r.verdict();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.key());
        m.put("claim", v.claim().name());
        m.put("labStep", v.claim().labStep());
        m.put("family", v.claim().family());
        m.put("sentence", v.claim().sentence());
        m.put("namespace", v.namespace());
        m.put("pod", v.pod());
        m.put("node", v.node());
        m.put("verdict", v.status().name());
        m.put("cniProfile", v.evidence().values().get("cniProfile") instanceof String p ? p : null);
        m.put("probe", probe(v));
        m.put("reason", v.reason());
        m.put("expected", v.expected());
        m.put("observed", v.observed());
        m.put("fact", v.evidence().fact());
        m.put("decidedBy", v.evidence().decidedBy());
        m.put("commands", v.evidence().commands());
        m.put("excerpts", v.evidence().excerpts());
        m.put("test", r.test());
        m.put("injectedFault", r.injectedFault());
        m.put("labFault", r.labFault());
        m.put("versions", env.versionsFor(v.node()));
        return m;
    }

    /** C11's probe: from which pod on which node to this verdict's pod on its node, and whether it crossed nodes. */
    static Map<String, Object> probe(Verdict v) {
        Map<String, Object> values = v.evidence().values();
        if (!values.containsKey(PodWiringClaims.PROBE_FROM)) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        Object fromNode = values.get(PodWiringClaims.PROBE_FROM_NODE);
        m.put("from", values.get(PodWiringClaims.PROBE_FROM));
        m.put("fromNode", fromNode);
        m.put("toNode", v.node());
        m.put("crossNode", fromNode == null ? null : !fromNode.equals(v.node()));
        return m;
    }

    private static Map<String, Object> notJudged(NotJudged n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("namespace", n.namespace());
        m.put("pod", n.pod());
        m.put("node", n.node());
        m.put("outcome", n.outcome().name());
        m.put("reason", n.reason());
        return m;
    }

    private static Map<String, Object> environment(RunEnvironment env) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("provider", env.cluster().provider());
        e.put("kubernetes", env.cluster().kubernetesVersion());
        e.put("calico", env.cluster().calicoVersion());
        e.put("images", new TreeMap<>(env.cluster().images()));
        e.put("suite", env.suiteVersion());
        e.put("gitCommit", env.gitCommit());
        e.put("startedAt", env.startedAt().toString());
        List<Map<String, Object>> nodes = new ArrayList<>();
        new TreeMap<>(env.nodes()).values().forEach(n -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("node", n.node());
            m.put("kernel", n.kernel());
            m.put("iproute2", n.iproute2());
            m.put("containerRuntime", n.containerRuntime());
            m.put("snapshotAt", n.snapshotAt() == null ? null : n.snapshotAt().toString());
            nodes.add(m);
        });
        e.put("nodes", nodes);
        return e;
    }

    private static Map<String, Object> target(RunTarget t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cluster", t.cluster());
        m.put("chosenBy", new TreeMap<>(t.chosenBy()));
        if (t.labFault() == null) {
            m.put("labFault", null);
        } else {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("fault", t.labFault().fault());
            f.put("claim", t.labFault().claim().name());
            f.put("pod", t.labFault().pod());
            f.put("description", t.labFault().description());
            m.put("labFault", f);
        }
        return m;
    }
}
