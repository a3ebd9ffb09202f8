package io.podwire.report;

import io.podwire.verdict.ClaimId;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The sign-off of a run with many nodes: signoff.html/.md is a summary (the header, verdicts counted per claim and per
 * node, every FAIL and INCONCLUSIVE with its reason), and each node's matrix and evidence is its own page,
 * signoff-nodes/NODE.html/.md, the page SignOff writes for a run of that node alone. verdicts.json is read streaming
 * and each node's verdicts are set aside in a file, so the heap holds one node's verdicts at a time.
 */
final class SignOffSummary {
    /** Where the nodes' pages are, in reports/ and in the bundle. */
    static final String NODE_PAGES = "signoff-nodes";
    private static final List<String> STATUSES = List.of("PASS", "FAIL", "INCONCLUSIVE", "NOT_APPLICABLE");

    private SignOffSummary() {
    }

    /** The record's top-level fields but its verdicts, each verdict handed to VERDICT as it is read (null: skipped). */
    static ObjectNode read(Path verdictsJson, Consumer<JsonNode> verdict) {
        ObjectNode head = ClaimReport.JSON.createObjectNode();
        try (JsonParser p = ClaimReport.JSON.createParser(verdictsJson)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (name.equals("verdicts") && verdict == null) {
                    p.skipChildren();
                } else if (name.equals("verdicts")) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        verdict.accept(p.<JsonNode>readValueAsTree());
                    }
                } else {
                    head.set(name, p.<JsonNode>readValueAsTree());
                }
            }
        }
        return head;
    }

    /**
     * Writes the summary and one page per node: the nodes of the environment, of the verdicts and of the pods not
     * checked (an expected node without results has its page, saying so).
     */
    static void write(Path reports, Map<String, List<String[]>> allureTests) {
        Path tmp;
        try {
            tmp = Files.createTempDirectory(reports, ".signoff-nodes");
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the sign-off in " + reports, e);
        }
        try {
            Buckets buckets = new Buckets(tmp);
            List<JsonNode> notPassed = new ArrayList<>();
            ObjectNode head = read(reports.resolve("verdicts.json"), v -> {
                buckets.add(v.path("node").asString(), v);
                if (ordinary(v) && !v.path("verdict").asString().equals("PASS")
                        && !v.path("verdict").asString().equals("NOT_APPLICABLE")) {
                    notPassed.add(brief(v));
                }
            });
            buckets.close();
            TreeSet<String> nodes = new TreeSet<>(buckets.nodes());
            head.path("environment").path("nodes").forEach(n -> nodes.add(n.path("node").asString()));
            head.path("notChecked").forEach(n -> {
                String s = n.asString();
                if (s.endsWith(": no verdict")) {
                    nodes.add(s.substring(s.lastIndexOf('@') + 1, s.length() - ": no verdict".length()));
                }
            });
            Map<ClaimId, Map<String, Integer>> perClaim = new EnumMap<>(ClaimId.class);
            Map<String, Map<String, Integer>> perNode = new TreeMap<>();
            Map<String, String> pageOf = new TreeMap<>();
            for (String node : nodes) {
                ObjectNode part = part(head, node, buckets.read(node));
                SignOff page = new SignOff(part, allureTests, node);
                Map<String, Integer> counts = perNode.computeIfAbsent(node, k -> new LinkedHashMap<>());
                page.matrix().values().forEach(rows -> rows.values().forEach(cells -> cells.forEach((claim, cell) -> {
                    String key = cell.verdict() != null ? cell.text() : cell.text().equals(SignOff.NOT_CHECKED)
                            ? SignOff.NOT_CHECKED : null;
                    if (key != null) {
                        counts.merge(key, 1, Integer::sum);
                        perClaim.computeIfAbsent(claim, k -> new LinkedHashMap<>()).merge(key, 1, Integer::sum);
                    }
                })));
                String file = NODE_PAGES + "/" + safe(node);
                pageOf.put(node, file);
                RunFiles.writeText(reports.resolve(file + ".html"), page.html());
                RunFiles.writeText(reports.resolve(file + ".md"), page.markdown());
            }
            notPassed.sort(Comparator.comparing((JsonNode v) -> v.path("verdict").asString().equals("FAIL") ? 0 : 1)
                    .thenComparing(v -> v.path("node").asString()).thenComparing(v -> v.path("id").asString()));
            Summary s = new Summary(head, perClaim, perNode, pageOf, notPassed);
            RunFiles.writeText(reports.resolve("signoff.html"), s.html());
            RunFiles.writeText(reports.resolve("signoff.md"), s.markdown());
        } finally {
            delete(tmp);
        }
    }

    /** The record of NODE alone: the run's head with that node's verdicts, pods, failures and counts. */
    static ObjectNode part(ObjectNode head, String node, List<JsonNode> verdicts) {
        ObjectNode part = head.deepCopy();
        String at = "@" + node;
        ArrayNode notChecked = part.putArray("notChecked");
        head.path("notChecked").forEach(n -> {
            String s = n.asString();
            if (s.endsWith(at) || s.endsWith(at + ": no verdict") || s.contains(at + " (fault injected: ")) {
                notChecked.add(s);
            }
        });
        ArrayNode notJudged = part.putArray("notJudged");
        head.path("notJudged").forEach(n -> {
            if (n.path("node").asString().equals(node)) {
                notJudged.add(n);
            }
        });
        // the node's own failures, and those that name no node (they concern every node)
        ArrayNode failures = part.putArray("infrastructureFailures");
        head.path("infrastructureFailures").forEach(f -> {
            String s = f.asString();
            if (s.contains("node " + node + ":") || s.contains("node " + node + " ") || !s.contains("node ")) {
                failures.add(s);
            }
        });
        ArrayNode envNodes = ((ObjectNode) part.path("environment")).putArray("nodes");
        head.path("environment").path("nodes").forEach(n -> {
            if (n.path("node").asString().equals(node)) {
                envNodes.add(n);
            }
        });
        ObjectNode summary = part.putObject("summary");
        summary.put("total", verdicts.size());
        for (String st : STATUSES) {
            summary.put(st, verdicts.stream().filter(v -> v.path("verdict").asString().equals(st)).count());
        }
        part.putArray("verdicts").addAll(verdicts);
        return part;
    }

    private static boolean ordinary(JsonNode v) {
        return v.path("injectedFault").isNull() || v.path("injectedFault").isMissingNode();
    }

    /** What the summary keeps of a verdict it lists: enough for its line, not its evidence. */
    private static JsonNode brief(JsonNode v) {
        ObjectNode b = ClaimReport.JSON.createObjectNode();
        for (String f : List.of("id", "claim", "pod", "node", "verdict", "reason", "labFault")) {
            if (v.has(f)) {
                b.set(f, v.get(f));
            }
        }
        return b;
    }

    static String safe(String node) {
        return node.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /**
     * The verdicts set aside in one file as they are read, in any order, with where each node's are: a node's page
     * reads back only its own.
     */
    private static final class Buckets {
        private final Path file;
        private final java.io.OutputStream out;
        private final Map<String, long[]> at = new LinkedHashMap<>();
        private final Map<String, Integer> count = new LinkedHashMap<>();
        private long written;

        Buckets(Path dir) {
            this.file = dir.resolve("verdicts.jsonl");
            try {
                this.out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
            } catch (IOException e) {
                throw new UncheckedIOException("could not set aside the verdicts in " + dir, e);
            }
        }

        /** Appends the verdict; remembers its offset and length under its node. */
        void add(String node, JsonNode v) {
            byte[] bytes = v.toString().getBytes(StandardCharsets.UTF_8);
            try {
                out.write(bytes);
            } catch (IOException e) {
                throw new UncheckedIOException("could not set aside the verdicts of node " + node, e);
            }
            int n = count.merge(node, 1, Integer::sum);
            long[] offsets = at.computeIfAbsent(node, k -> new long[16]);
            if (2 * n > offsets.length) {
                offsets = java.util.Arrays.copyOf(offsets, offsets.length * 2);
                at.put(node, offsets);
            }
            offsets[2 * n - 2] = written;
            offsets[2 * n - 1] = bytes.length;
            written += bytes.length;
        }

        void close() {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException("could not set aside the verdicts", e);
            }
        }

        List<String> nodes() {
            return List.copyOf(at.keySet());
        }

        List<JsonNode> read(String node) {
            long[] offsets = at.get(node);
            if (offsets == null) {
                return List.of();
            }
            List<JsonNode> verdicts = new ArrayList<>();
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file)) {
                for (int i = 0; i < count.get(node); i++) {
                    java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate((int) offsets[2 * i + 1]);
                    long pos = offsets[2 * i];
                    while (buf.hasRemaining() && ch.read(buf, pos + buf.position()) >= 0) {
                        // a positional read may return fewer bytes: read on
                    }
                    verdicts.add(ClaimReport.JSON.readTree(new String(buf.array(), StandardCharsets.UTF_8)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not read the verdicts set aside for node " + node, e);
            }
            return verdicts;
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is named .signoff-nodes*: harmless, and never bundled
        }
    }

    /** The summary page's content. */
    private record Summary(ObjectNode head, Map<ClaimId, Map<String, Integer>> perClaim,
                           Map<String, Map<String, Integer>> perNode, Map<String, String> pageOf,
                           List<JsonNode> notPassed) {
        private static final List<String> COLUMNS = List.of("PASS", "FAIL", "INCONCLUSIVE", "NOT_APPLICABLE",
                SignOff.NOT_CHECKED);

        Map<String, String> header() {
            Map<String, String> h = new LinkedHashMap<>();
            JsonNode target = head.path("target");
            JsonNode env = head.path("environment");
            h.put("run", head.path("runId").asString());
            h.put("target", target.path("cluster").asString("unknown"));
            List<String> chosen = new ArrayList<>();
            target.path("chosenBy").properties().forEach(e -> chosen.add(e.getKey() + "=" + e.getValue().asString()));
            h.put("chosen by", String.join(" ", chosen));
            h.put("started", head.path("startedAt").asString());
            h.put("ended", head.path("endedAt").asString());
            h.put("provider", env.path("provider").asString());
            h.put("Kubernetes", env.path("kubernetes").asString());
            h.put("Calico", env.path("calico").asString());
            h.put("podwire", env.path("suite").asString() + " at " + env.path("gitCommit").asString());
            h.put("nodes", perNode.size() + ": each node's matrix and evidence is its own page, linked below");
            JsonNode s = head.path("summary");
            h.put("verdicts", s.path("total").asInt() + " (PASS " + s.path("PASS").asInt() + ", FAIL "
                    + s.path("FAIL").asInt() + ", INCONCLUSIVE " + s.path("INCONCLUSIVE").asInt() + ", NOT_APPLICABLE "
                    + s.path("NOT_APPLICABLE").asInt() + ")");
            List<String> failures = new ArrayList<>();
            head.path("infrastructureFailures").forEach(f -> failures.add(f.asString()));
            h.put("infrastructure failures", failures.isEmpty() ? "none" : String.join(" | ", failures));
            int notChecked = perNode.values().stream().mapToInt(c -> c.getOrDefault(SignOff.NOT_CHECKED, 0)).sum();
            h.put("not checked", notChecked == 0 ? "nothing" : notChecked + " cells (per claim and per node below; "
                    + "each with its reason on its node's page)");
            List<String> churn = new ArrayList<>();
            head.path("notJudged").forEach(n -> churn.add(n.path("namespace").asString() + "/" + n.path("pod").asString()
                    + "@" + n.path("node").asString() + " " + n.path("outcome").asString() + ": "
                    + n.path("reason").asString()));
            h.put("not judged (churn)", churn.isEmpty() ? "none" : String.join("; ", churn));
            long inconclusive = notPassed.stream().filter(v -> v.path("verdict").asString().equals("INCONCLUSIVE")).count();
            h.put("FAIL and INCONCLUSIVE", (notPassed.size() - inconclusive) + " FAIL, " + inconclusive
                    + " INCONCLUSIVE: each listed below with its reason");
            return h;
        }

        String html() {
            StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                    + "<title>podwire sign-off " + esc(head.path("runId").asString()) + "</title><style>"
                    + "body{font:14px/1.4 system-ui,sans-serif;margin:24px;max-width:1300px}"
                    + "table{border-collapse:collapse;margin:8px 0 20px}td,th{border:1px solid #bbb;padding:4px 8px;text-align:left}"
                    + "td.n{text-align:right}.status{font-size:20px;font-weight:700}"
                    + "</style></head><body>\n<h1>podwire sign-off</h1>\n");
            h.append("<p class=\"status\" id=\"status\">status: ").append(esc(head.path("status").asString()))
                    .append("</p>\n<table>\n");
            header().forEach((k, v) -> h.append("<tr><th>").append(esc(k)).append("</th><td>").append(esc(v))
                    .append("</td></tr>\n"));
            h.append("</table>\n<h2>Per claim</h2>\n<table class=\"claims\"><tr><th>claim</th>");
            COLUMNS.forEach(c -> h.append("<th>").append(c).append("</th>"));
            h.append("</tr>\n");
            for (ClaimId c : ClaimId.values()) {
                Map<String, Integer> n = perClaim.getOrDefault(c, Map.of());
                h.append("<tr><th title=\"").append(esc(c.sentence())).append("\">").append(c.name()).append("</th>");
                COLUMNS.forEach(col -> h.append("<td class=\"n\">").append(n.getOrDefault(col, 0)).append("</td>"));
                h.append("</tr>\n");
            }
            h.append("</table>\n<h2>Per node</h2>\n<table class=\"nodes\"><tr><th>node</th>");
            COLUMNS.forEach(c -> h.append("<th>").append(c).append("</th>"));
            h.append("<th>evidence</th></tr>\n");
            perNode.forEach((node, n) -> {
                h.append("<tr><th>").append(esc(node)).append("</th>");
                COLUMNS.forEach(col -> h.append("<td class=\"n\">").append(n.getOrDefault(col, 0)).append("</td>"));
                h.append("<td><a href=\"").append(esc(pageOf.get(node))).append(".html\">").append(esc(node))
                        .append("</a></td></tr>\n");
            });
            h.append("</table>\n<h2>FAIL and INCONCLUSIVE</h2>\n<table class=\"not-passed\">"
                    + "<tr><th>verdict</th><th>id</th><th>reason</th></tr>\n");
            notPassed.forEach(v -> h.append("<tr><td>").append(esc(v.path("verdict").asString())).append(mark(v))
                    .append("</td><td><a href=\"").append(esc(pageOf.get(v.path("node").asString()))).append(".html#")
                    .append(SignOff.anchor(v)).append("\">").append(esc(v.path("id").asString())).append("</a></td><td>")
                    .append(esc(v.path("reason").asString())).append("</td></tr>\n"));
            return h.append("</table>\n</body></html>\n").toString();
        }

        String markdown() {
            StringBuilder m = new StringBuilder("# podwire sign-off\n\n**status: " + head.path("status").asString()
                    + "**\n\n| | |\n|---|---|\n");
            header().forEach((k, v) -> m.append("| ").append(k).append(" | ").append(md(v)).append(" |\n"));
            m.append("\n## Per claim\n\n| claim |");
            COLUMNS.forEach(c -> m.append(' ').append(c).append(" |"));
            m.append("\n|---|").append("---:|".repeat(COLUMNS.size())).append('\n');
            for (ClaimId c : ClaimId.values()) {
                Map<String, Integer> n = perClaim.getOrDefault(c, Map.of());
                m.append("| ").append(c.name()).append(" |");
                COLUMNS.forEach(col -> m.append(' ').append(n.getOrDefault(col, 0)).append(" |"));
                m.append('\n');
            }
            m.append("\n## Per node\n\n| node |");
            COLUMNS.forEach(c -> m.append(' ').append(c).append(" |"));
            m.append(" evidence |\n|---|").append("---:|".repeat(COLUMNS.size())).append("---|\n");
            perNode.forEach((node, n) -> {
                m.append("| ").append(md(node)).append(" |");
                COLUMNS.forEach(col -> m.append(' ').append(n.getOrDefault(col, 0)).append(" |"));
                m.append(" [").append(md(node)).append("](").append(pageOf.get(node)).append(".md) |\n");
            });
            m.append("\n## FAIL and INCONCLUSIVE\n\n");
            if (notPassed.isEmpty()) {
                m.append("none\n");
            }
            notPassed.forEach(v -> m.append("- ").append(v.path("verdict").asString()).append(mark(v)).append(" [")
                    .append(md(v.path("id").asString())).append("](").append(pageOf.get(v.path("node").asString()))
                    .append(".md#").append(SignOff.anchor(v)).append("): ").append(md(v.path("reason").asString()))
                    .append('\n'));
            return m.toString();
        }

        private static String mark(JsonNode v) {
            return v.path("labFault").isString() ? " (lab fault " + v.path("labFault").asString() + ")" : "";
        }

        private static String esc(String s) {
            return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
        }

        private static String md(String s) {
            return s.replace("|", "\\|").replace("\n", " ");
        }
    }
}
