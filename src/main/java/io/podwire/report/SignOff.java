package io.podwire.report;

import io.podwire.verdict.ClaimId;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The one page an auditor signs: the run record's header, then per node a claims × pods matrix (PASS, FAIL,
 * INCONCLUSIVE, not checked; n/a in the node-wide row for claims judged per pod), each judged cell linking to its evidence further down the page and, once the Allure
 * report exists, to the test that recorded it. Read from verdicts.json only, so it shows what the record says.
 * Written as reports/signoff.html (next to the report) and reports/signoff.md (for pull requests). A run of more than
 * INLINE_NODES nodes gets a summary page instead, and this page per node in signoff-nodes/ (SignOffSummary).
 */
public final class SignOff {
    static final String NOT_CHECKED = "not checked";
    static final String NOT_APPLICABLE = "n/a";
    private static final String NODE_WIDE = "* (node-wide)";

    /** A run with more nodes than this gets a summary page and a page per node (SignOffSummary). */
    static final int INLINE_NODES = 8;

    private final JsonNode record;
    /** Test full name -> Allure report test-case uids with their names (a parameterized test has several). */
    private final Map<String, List<String[]>> allureTests;
    /** The node when this is one node's page of a run summarised on signoff.html, else null. */
    private final String nodePage;
    private Map<String, Map<String, Map<ClaimId, Cell>>> matrix;

    SignOff(JsonNode record, Map<String, List<String[]>> allureTests) {
        this(record, allureTests, null);
    }

    SignOff(JsonNode record, Map<String, List<String[]>> allureTests, String nodePage) {
        this.record = record;
        this.allureTests = allureTests;
        this.nodePage = nodePage;
    }

    /** `java -cp … io.podwire.report.SignOff [REPORTS_DIR]`: rewrites the page with links into the generated report. */
    public static void main(String[] args) {
        Path reports = Path.of(args.length > 0 ? args[0] : "reports");
        write(reports);
        System.out.println("sign-off: " + reports.resolve("signoff.html") + " and " + reports.resolve("signoff.md"));
    }

    /** Writes signoff.html and signoff.md from reports/verdicts.json, linking into reports/allure-report if present. */
    static void write(Path reports) {
        Map<String, List<String[]>> allure = allureTests(reports.resolve("allure-report"));
        deleteNodePages(reports);
        // the nodes first, without the verdicts: a small run keeps its one page, a large one is summarised
        JsonNode head = SignOffSummary.read(reports.resolve("verdicts.json"), null);
        if (head.path("environment").path("nodes").size() > INLINE_NODES) {
            SignOffSummary.write(reports, allure);
            return;
        }
        SignOff page = new SignOff(VerdictsFile.read(reports.resolve("verdicts.json")), allure);
        RunFiles.writeText(reports.resolve("signoff.html"), page.html());
        RunFiles.writeText(reports.resolve("signoff.md"), page.markdown());
    }

    /** An earlier run's node pages are not this run's (the bundle takes what is in reports/). */
    private static void deleteNodePages(Path reports) {
        Path dir = reports.resolve(SignOffSummary.NODE_PAGES);
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove the earlier run's " + dir, e);
        }
    }

    /** A matrix cell: the verdict (or not checked, with why; or n/a) and, when judged, the record behind it. */
    record Cell(String text, JsonNode verdict, String reason) {
        Cell(String text, JsonNode verdict) {
            this(text, verdict, null);
        }
    }

    /** A cell no verdict filled: which one, and why it was not checked (never blank). */
    record NotChecked(String node, String row, ClaimId claim, String reason) {
    }

    /** Claims judged in the node-wide row (C7's orphan links); every other claim does not apply there. */
    private static final List<ClaimId> NODE_WIDE_CLAIMS = java.util.Arrays.stream(ClaimId.values())
            .filter(c -> c.scope() == ClaimId.Scope.POD_AND_NODE).toList();
    /** The workload's probe source (manifests/pinger.yaml): it probes every other pod, never itself. */
    private static final String PINGER = "pinger";

    /** node -> row (namespace/pod, or the node-wide row) -> claim -> cell; ordinary verdicts only. */
    Map<String, Map<String, Map<ClaimId, Cell>>> matrix() {
        // every section of the page reads it: built once
        if (matrix == null) {
            matrix = buildMatrix();
        }
        return matrix;
    }

    private Map<String, Map<String, Map<ClaimId, Cell>>> buildMatrix() {
        Map<String, Map<String, Map<ClaimId, Cell>>> nodes = new TreeMap<>();
        java.util.Set<String> unreached = new java.util.HashSet<>();
        for (JsonNode v : ordinaryVerdicts()) {
            String row = "*".equals(v.path("pod").asString()) ? NODE_WIDE : v.path("namespace").asString() + "/" + v.path("pod").asString();
            row(nodes, v.path("node").asString(), row).put(ClaimId.valueOf(v.path("claim").asString()),
                    new Cell(v.path("verdict").asString(), v));
        }
        for (JsonNode n : record.path("notChecked")) {
            String s = n.asString();
            if (s.endsWith(": no verdict")) {
                String podAtNode = s.substring(0, s.length() - ": no verdict".length());
                int at = podAtNode.lastIndexOf('@');
                row(nodes, podAtNode.substring(at + 1), podAtNode.substring(0, at));
                unreached.add(podAtNode);
            }
        }
        java.util.Set<ClaimId> judgedSomewhere = java.util.EnumSet.noneOf(ClaimId.class);
        nodes.values().forEach(rows -> rows.values().forEach(cells -> judgedSomewhere.addAll(cells.keySet())));
        nodes.forEach((node, rows) -> rows.forEach((row, cells) -> {
            for (ClaimId c : ClaimId.values()) {
                if (row.equals(NODE_WIDE) && !NODE_WIDE_CLAIMS.contains(c)) {
                    cells.putIfAbsent(c, new Cell(NOT_APPLICABLE, null, c + " is judged per pod; the node-wide row holds"
                            + " the node-wide checks only (" + NODE_WIDE_CLAIMS + ")"));
                } else if (!cells.containsKey(c)) {
                    cells.put(c, new Cell(NOT_CHECKED, null, whyNotChecked(node, row, c, cells,
                            unreached.contains(row + "@" + node), judgedSomewhere.contains(c))));
                }
            }
        }));
        return nodes;
    }

    /** Why a cell has no verdict, from what the record shows; the first rule that fits. */
    private String whyNotChecked(String node, String row, ClaimId claim, Map<ClaimId, Cell> judged,
                                 boolean podUnreached, boolean claimJudgedElsewhere) {
        String failures = infrastructureFailures().isEmpty() ? ""
                : " (infrastructure failure: " + String.join(" | ", infrastructureFailures()) + ")";
        if (podUnreached) {
            String churned = notJudgedReason(row, node);
            return churned != null ? "not judged: " + churned
                    : "no claim reached this pod: it was expected on " + node + " but no verdict was recorded for it" + failures;
        }
        if (!claimJudgedElsewhere) {
            return "no pod has a verdict of this claim in this run: its test did not run or did not finish" + failures;
        }
        boolean auditOnly = judged.values().stream().filter(c -> c.verdict() != null)
                .allMatch(c -> c.verdict().path("test").asString().contains("AllPodsAudit"));
        if (auditOnly && !claim.nodeSideOnly()) {
            return "the all-pods audit runs nothing inside pods: " + claim + " is judged for the workload's pods only";
        }
        if (claim.needs() == ClaimId.Needs.PROBE && row.endsWith("/" + PINGER)) {
            return "the pinger is the probe's source: it probes every other pod, never itself";
        }
        if (claim.needs() == ClaimId.Needs.PROBE) {
            return "the pinger did not probe this pod in this run (" + claim + " is judged only for the pods it probed)";
        }
        return "other pods have a verdict of this claim, this one has none: its test stopped before reaching it"
                + failures;
    }

    /** Every cell left without a verdict, each with its reason, in the matrix's order. */
    List<NotChecked> notChecked() {
        List<NotChecked> out = new ArrayList<>();
        matrix().forEach((node, rows) -> rows.forEach((row, cells) -> cells.forEach((claim, cell) -> {
            if (cell.text().equals(NOT_CHECKED)) {
                out.add(new NotChecked(node, row, claim, cell.reason()));
            }
        })));
        return out;
    }

    /** The header's line: every not-checked cell, grouped by pod and reason; everything when no claim was judged. */
    String notCheckedLine() {
        if (ordinaryVerdicts().isEmpty() && notChecked().isEmpty()) {
            List<String> why = infrastructureFailures();
            return "everything: no claim was judged for any pod" + (why.isEmpty() ? ""
                    : " (infrastructure failure: " + String.join(" | ", why) + ")");
        }
        Map<String, List<String>> groups = new LinkedHashMap<>();
        notChecked().forEach(n -> groups.computeIfAbsent(n.row() + "@" + n.node() + "\u0000" + n.reason(),
                k -> new ArrayList<>()).add(n.claim().name()));
        if (groups.isEmpty()) {
            return "nothing";
        }
        List<String> parts = new ArrayList<>();
        groups.forEach((k, claims) -> {
            String[] podAndReason = k.split("\u0000", 2);
            parts.add(podAndReason[0] + " " + String.join(", ", claims) + ": " + podAndReason[1]);
        });
        return String.join("; ", parts);
    }

    /** "OUTCOME: reason" of a pod the record lists as not judged on that node, else null. */
    private String notJudgedReason(String row, String node) {
        for (JsonNode n : record.path("notJudged")) {
            if ((n.path("namespace").asString() + "/" + n.path("pod").asString()).equals(row)
                    && n.path("node").asString().equals(node)) {
                return n.path("outcome").asString() + ": " + n.path("reason").asString();
            }
        }
        return null;
    }

    /** The header's line: every listed pod not judged because it churned by its node's snapshot, with why. */
    String notJudgedLine() {
        List<String> parts = new ArrayList<>();
        record.path("notJudged").forEach(n -> parts.add(n.path("namespace").asString() + "/" + n.path("pod").asString()
                + "@" + n.path("node").asString() + " " + n.path("outcome").asString() + ": " + n.path("reason").asString()));
        return parts.isEmpty() ? "none" : String.join("; ", parts);
    }

    /** The upgrade gate's verdict and steps when the run was one: each step's verdict, summary and file. */
    private String upgradeLine() {
        JsonNode u = record.path("upgrade");
        if (!u.isObject()) {
            return "not part of this run";
        }
        List<String> steps = new ArrayList<>();
        u.path("steps").forEach(st -> steps.add(st.path("step").asString() + ": " + st.path("verdict").asString() + " ("
                + st.path("summary").asString() + "; " + st.path("file").asString() + ")"));
        return u.path("verdict").asString() + ": " + u.path("from").asString() + " -> " + u.path("to").asString()
                + (steps.isEmpty() ? "; no step recorded" : "; " + String.join("; ", steps));
    }

    /** The cells judged but not decided: what could not be observed. */
    private String inconclusiveLine() {
        List<String> ids = new ArrayList<>();
        ordinaryVerdicts().stream().filter(v -> "INCONCLUSIVE".equals(v.path("verdict").asString()))
                .forEach(v -> ids.add(v.path("id").asString()));
        return ids.isEmpty() ? "none" : String.join("; ", ids);
    }

    private List<JsonNode> ordinaryVerdicts() {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode v : record.path("verdicts")) {
            if (v.path("injectedFault").isNull() || v.path("injectedFault").isMissingNode()) {
                out.add(v);
            }
        }
        return out;
    }

    private List<String> infrastructureFailures() {
        List<String> failures = new ArrayList<>();
        record.path("infrastructureFailures").forEach(f -> failures.add(f.asString()));
        return failures;
    }

    private static Map<ClaimId, Cell> row(Map<String, Map<String, Map<ClaimId, Cell>>> nodes, String node, String row) {
        return nodes.computeIfAbsent(node, n -> new TreeMap<>()).computeIfAbsent(row, r -> new EnumMap<>(ClaimId.class));
    }

    String html() {
        StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>podwire sign-off " + esc(record.path("runId").asString()) + "</title><style>"
                + "body{font:14px/1.4 system-ui,sans-serif;margin:24px;max-width:1300px}"
                + "table{border-collapse:collapse;margin:8px 0 20px}td,th{border:1px solid #bbb;padding:4px 8px;text-align:left}"
                + "td.cell{text-align:center;font-weight:600}td.PASS{background:#d9f2d9}td.FAIL{background:#f8c6c6}"
                + "td.INCONCLUSIVE{background:#fbe7b5}td.NOT_APPLICABLE{background:#eee;color:#555}td.not-checked{background:#eee;color:#666;font-weight:400}td.na{color:#999;font-weight:400}"
                + ".status{font-size:20px;font-weight:700}pre{background:#f6f6f6;padding:6px;white-space:pre-wrap}"
                + "</style></head><body>\n<h1>podwire sign-off</h1>\n");
        h.append("<p class=\"status\" id=\"status\">status: ").append(esc(record.path("status").asString())).append("</p>\n<table>\n");
        header().forEach((k, v) -> h.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v)).append("</td></tr>\n"));
        h.append("</table>\n");
        matrix().forEach((node, rows) -> {
            h.append("<h2>node ").append(esc(node)).append("</h2>\n<table class=\"matrix\"><tr><th>pod</th>");
            for (ClaimId c : ClaimId.values()) {
                h.append("<th title=\"").append(esc(c.sentence())).append("\">").append(c.name()).append("</th>");
            }
            h.append("</tr>\n");
            rows.forEach((row, cells) -> {
                h.append("<tr><th>").append(esc(row)).append("</th>");
                cells.forEach((claim, cell) -> {
                    if (cell.verdict() == null) {
                        h.append("<td class=\"cell ").append(cell.text().equals(NOT_CHECKED) ? "not-checked" : "na")
                                .append(cell.reason() == null ? "" : "\" title=\"" + esc(cell.reason()))
                                .append("\">").append(cell.text()).append("</td>");
                    } else {
                        h.append("<td class=\"cell ").append(cell.text()).append("\"><a href=\"#").append(anchor(cell.verdict()))
                                .append("\">").append(cell.text()).append(labFaultMark(cell.verdict())).append("</a></td>");
                    }
                });
                h.append("</tr>\n");
            });
            h.append("</table>\n");
        });
        h.append("<h2>Evidence</h2>\n");
        evidence().forEach(v -> {
            h.append("<section class=\"evidence\" id=\"").append(anchor(v)).append("\"><h3>")
                    .append(esc(v.path("id").asString())).append(": ").append(esc(v.path("verdict").asString()))
                    .append("</h3>\n<p>").append(esc(v.path("sentence").asString())).append("</p>\n<table>\n");
            details(v).forEach((k, val) -> h.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(val))
                    .append("</td></tr>\n"));
            h.append("</table>\n<pre class=\"commands\">");
            v.path("commands").forEach(c -> h.append("$ ").append(esc(c.asString())).append('\n'));
            h.append("</pre>\n<pre class=\"excerpts\">");
            v.path("excerpts").forEach(x -> h.append(esc(x.asString())).append('\n'));
            h.append("</pre>\n");
            allureLink(v).ifPresent(l -> h.append("<p><a class=\"allure\" href=\"").append(esc(l))
                    .append("\">this verdict's test in the Allure report</a></p>\n"));
            h.append("</section>\n");
        });
        return h.append("</body></html>\n").toString();
    }

    String markdown() {
        StringBuilder m = new StringBuilder("# podwire sign-off\n\n**status: " + record.path("status").asString() + "**\n\n");
        m.append("| | |\n|---|---|\n");
        header().forEach((k, v) -> m.append("| ").append(k).append(" | ").append(md(v)).append(" |\n"));
        matrix().forEach((node, rows) -> {
            m.append("\n## node ").append(node).append("\n\n| pod |");
            for (ClaimId c : ClaimId.values()) {
                m.append(' ').append(c.name()).append(" |");
            }
            m.append("\n|---|").append("---|".repeat(ClaimId.values().length)).append('\n');
            rows.forEach((row, cells) -> {
                m.append("| ").append(md(row)).append(" |");
                cells.forEach((claim, cell) -> m.append(' ').append(cell.verdict() == null ? cell.text()
                        : "[" + cell.text() + labFaultMark(cell.verdict()) + "](#" + anchor(cell.verdict()) + ")").append(" |"));
                m.append('\n');
            });
        });
        m.append("\n## Evidence\n");
        evidence().forEach(v -> {
            m.append("\n<a id=\"").append(anchor(v)).append("\"></a>\n### ").append(md(v.path("id").asString()))
                    .append(": ").append(v.path("verdict").asString()).append("\n\n");
            details(v).forEach((k, val) -> m.append("- ").append(k).append(": ").append(md(val)).append('\n'));
            StringBuilder block = new StringBuilder();
            v.path("commands").forEach(c -> block.append("$ ").append(c.asString()).append('\n'));
            v.path("excerpts").forEach(x -> block.append(x.asString()).append('\n'));
            String fence = fence(block);
            m.append('\n').append(fence).append('\n').append(block).append(fence).append('\n');
        });
        return m.toString();
    }

    /** A code fence longer than any backtick run in the text, so that no excerpt can close it (CommonMark). */
    static String fence(CharSequence text) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            run = text.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return "`".repeat(Math.max(3, longest + 1));
    }

    /** The run record's header: who ran what against what, when, and with which outcome. */
    Map<String, String> header() {
        Map<String, String> h = new LinkedHashMap<>();
        JsonNode target = record.path("target");
        JsonNode env = record.path("environment");
        h.put("run", record.path("runId").asString());
        if (nodePage != null) {
            h.put("this page", "node " + nodePage + " of the run: its verdicts, pods and failures only; the run's"
                    + " summary is ../signoff.html");
        }
        h.put("target", target.path("cluster").asString("unknown") + (target.path("labFault").isObject()
                ? " with lab fault " + target.path("labFault").path("fault").asString() + " injected on purpose ("
                + target.path("labFault").path("description").asString() + ")" : ""));
        List<String> chosen = new ArrayList<>();
        target.path("chosenBy").properties().forEach(e -> chosen.add(e.getKey() + "=" + e.getValue().asString()));
        h.put("chosen by", String.join(" ", chosen));
        h.put("started", record.path("startedAt").asString());
        h.put("ended", record.path("endedAt").asString());
        h.put("provider", env.path("provider").asString());
        h.put("Kubernetes", env.path("kubernetes").asString());
        h.put("Calico", env.path("calico").asString());
        List<String> images = new ArrayList<>();
        env.path("images").properties().forEach(e -> images.add(e.getKey() + " " + e.getValue().asString()));
        h.put("images running", images.isEmpty() ? "none reported" : String.join("; ", images));
        List<String> nodes = new ArrayList<>();
        env.path("nodes").forEach(n -> nodes.add(n.path("node").asString() + ": kernel " + n.path("kernel").asString()
                + ", runtime " + n.path("containerRuntime").asString("unknown")));
        h.put("nodes", nodes.isEmpty() ? "none observed" : String.join("; ", nodes));
        h.put("CNI profile", cniProfileLine());
        h.put("podwire", env.path("suite").asString() + " at " + env.path("gitCommit").asString());
        JsonNode s = record.path("summary");
        h.put("verdicts", s.path("total").asInt() + " (PASS " + s.path("PASS").asInt() + ", FAIL " + s.path("FAIL").asInt()
                + ", INCONCLUSIVE " + s.path("INCONCLUSIVE").asInt() + ", NOT_APPLICABLE " + s.path("NOT_APPLICABLE").asInt()
                + ")");
        List<String> failures = new ArrayList<>();
        record.path("infrastructureFailures").forEach(f -> failures.add(f.asString()));
        h.put("infrastructure failures", failures.isEmpty() ? "none" : String.join(" | ", failures));
        h.put("upgrade gate", upgradeLine());
        h.put("not checked", notCheckedLine());
        h.put("not judged (churn)", notJudgedLine());
        h.put("inconclusive", inconclusiveLine());
        return h;
    }

    /** The CNI profile each node's claims were judged by, and how it was chosen (the verdicts' cniProfile). */
    private String cniProfileLine() {
        Map<String, java.util.Set<String>> byNode = new java.util.TreeMap<>();
        ordinaryVerdicts().forEach(v -> {
            String p = v.path("cniProfile").asString(null);
            if (p != null) {
                byNode.computeIfAbsent(v.path("node").asString(), k -> new java.util.TreeSet<>()).add(p);
            }
        });
        List<String> lines = new ArrayList<>();
        byNode.forEach((node, profiles) -> lines.add(node + ": " + String.join(", ", profiles)));
        return lines.isEmpty() ? "none recorded" : String.join("; ", lines);
    }

    /** Violations first, then what could not be observed, then passes: the order an auditor reads in. */
    private List<JsonNode> evidence() {
        List<JsonNode> all = new ArrayList<>();
        matrix().values().forEach(rows -> rows.values().forEach(cells -> cells.values().stream()
                .filter(c -> c.verdict() != null).forEach(c -> all.add(c.verdict()))));
        List<String> order = List.of("FAIL", "INCONCLUSIVE", "NOT_APPLICABLE", "PASS");
        all.sort(Comparator.comparing(v -> order.indexOf(v.path("verdict").asString())));
        return all;
    }

    private Map<String, String> details(JsonNode v) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("reason", v.path("reason").asString());
        d.put("expected", v.path("expected").asString());
        d.put("observed", v.path("observed").asString());
        d.put("test", v.path("test").asString());
        switch (labFaultRole(v)) {
            case TARGET -> d.put("caused by", "lab fault " + v.path("labFault").asString()
                    + ", injected on purpose before the run: this is the claim and pod it is declared to break");
            case UNDER_FAULT -> d.put("seen under", "lab fault " + v.path("labFault").asString()
                    + ", injected on purpose before the run for " + record.path("target").path("labFault").path("claim")
                    .asString() + " of " + record.path("target").path("labFault").path("pod").asString()
                    + "; every verdict but a PASS of such a run is marked with it");
            case NONE -> { }
        }
        return d;
    }

    /** How a verdict relates to the lab target's injected fault: none, the fault's declared target, or seen under it. */
    enum LabFaultRole { NONE, TARGET, UNDER_FAULT }

    LabFaultRole labFaultRole(JsonNode v) {
        if (!v.path("labFault").isString()) {
            return LabFaultRole.NONE;
        }
        JsonNode fault = record.path("target").path("labFault");
        return fault.path("claim").asString("").equals(v.path("claim").asString())
                && fault.path("pod").asString("").equals(v.path("pod").asString())
                ? LabFaultRole.TARGET : LabFaultRole.UNDER_FAULT;
    }

    private String labFaultMark(JsonNode v) {
        return switch (labFaultRole(v)) {
            case NONE -> "";
            case TARGET -> " (lab fault)";
            case UNDER_FAULT -> " (under lab fault)";
        };
    }

    /** The report test that recorded the verdict: same full name, and the one named for this claim if several. */
    Optional<String> allureLink(JsonNode v) {
        List<String[]> candidates = allureTests.getOrDefault(v.path("test").asString(), List.of());
        String claim = v.path("claim").asString() + " ";
        // a claim test's name starts with its claim; the all-pods audit's reads "All-pods audit: C9 holds …"
        return candidates.stream().filter(c -> c[1].startsWith(claim) || c[1].contains(": " + claim)).findFirst()
                .or(() -> candidates.size() == 1 ? Optional.of(candidates.get(0)) : Optional.empty())
                .map(c -> "allure-report/index.html#testresult/" + c[0]);
    }

    /** data/test-cases/*.json of a generated Allure 2 report: full name -> [uid, name]; empty before generation. */
    static Map<String, List<String[]>> allureTests(Path report) {
        Path cases = report.resolve("data").resolve("test-cases");
        Map<String, List<String[]>> tests = new HashMap<>();
        if (!Files.isDirectory(cases)) {
            return tests;
        }
        try (Stream<Path> files = Files.list(cases)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                JsonNode t = ClaimReport.JSON.readTree(Files.readString(f));
                tests.computeIfAbsent(t.path("fullName").asString(), k -> new ArrayList<>())
                        .add(new String[] {t.path("uid").asString(), t.path("name").asString()});
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + cases, e);
        }
        return tests;
    }

    static String anchor(JsonNode v) {
        return "ev-" + v.path("id").asString().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("-$", "");
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String md(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
