package io.podwire.agent;

import io.podwire.Scrubber;
import io.podwire.verdict.Verdict;
import io.podwire.run.NodeInspection;

import java.time.Instant;
import java.util.List;

/**
 * A node's verdicts as JUnit XML, the format Sonobuoy's `junit` result type reads (sonobuoy
 * pkg/client/results/junit.go: testsuites > testsuite > testcase with failure / error / skipped): one testcase per
 * verdict, FAIL a failure, INCONCLUSIVE an error (not checked is never a pass), and a node the agent could not inspect
 * one testcase in error that says why. Everything from the node is scrubbed and escaped.
 */
final class JUnitResults {
    static final String FILE = "junit-podwire.xml";

    private JUnitResults() {
    }

    static String xml(NodeInspection inspection, Instant at) {
        String node = inspection.node();
        List<Verdict> verdicts = inspection.verdicts();
        long failures = verdicts.stream().filter(v -> v.status() == Verdict.Status.FAIL).count();
        long errors = verdicts.stream().filter(v -> v.status() == Verdict.Status.INCONCLUSIVE).count()
                + (inspection.failed() ? 1 : 0);
        int tests = verdicts.size() + (inspection.failed() ? 1 : 0);
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append("<testsuites name=\"podwire\" tests=\"").append(tests).append("\" failures=\"").append(failures)
                .append("\" errors=\"").append(errors).append("\">\n");
        x.append("  <testsuite name=\"").append(attr("podwire on node " + node)).append("\" tests=\"").append(tests)
                .append("\" failures=\"").append(failures).append("\" errors=\"").append(errors)
                .append("\" skipped=\"0\" timestamp=\"").append(at).append("\" hostname=\"").append(attr(node))
                .append("\" time=\"").append(seconds(inspection)).append("\">\n");
        inspection.failure().ifPresent(e -> x.append("    <testcase classname=\"podwire.node\" name=\"")
                .append(attr("node " + node + " inspected by its agent")).append("\" time=\"0\">\n")
                .append("      <error type=\"infrastructure\" message=\"").append(attr(e.getMessage())).append("\">")
                .append(text(e.toString())).append("</error>\n    </testcase>\n"));
        for (Verdict v : verdicts) {
            x.append("    <testcase classname=\"podwire.").append(v.claim()).append("\" name=\"")
                    .append(attr(v.claim() + " " + v.podKey() + "@" + v.node() + ": " + v.claim().sentence()))
                    .append("\" time=\"0\">\n");
            String body = "expected: " + v.expected() + "\nobserved: " + v.observed() + "\ncommands:\n"
                    + String.join("\n", v.evidence().commands());
            switch (v.status()) {
                case FAIL -> x.append("      <failure type=\"FAIL\" message=\"").append(attr(v.reason())).append("\">")
                        .append(text(body)).append("</failure>\n");
                case INCONCLUSIVE -> x.append("      <error type=\"INCONCLUSIVE\" message=\"").append(attr(v.reason()))
                        .append("\">").append(text(body)).append("</error>\n");
                case PASS -> x.append("      <system-out>").append(text(v.reason() + "\n" + body))
                        .append("</system-out>\n");
            }
            x.append("    </testcase>\n");
        }
        return x.append("  </testsuite>\n</testsuites>\n").toString();
    }

    private static String seconds(NodeInspection i) {
        return String.format(java.util.Locale.ROOT, "%.3f", (i.snapshot().toMillis() + i.evaluation().toMillis()) / 1000.0);
    }

    static String attr(String s) {
        return text(s).replace("\"", "&quot;").replace("\n", "&#10;");
    }

    /** Scrubbed, XML-escaped, and without the characters XML 1.0 can't hold (node text may contain any byte). */
    static String text(String s) {
        String clean = Scrubber.scrub(s == null ? "" : s);
        StringBuilder b = new StringBuilder(clean.length());
        clean.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                default -> {
                    boolean legal = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
                            || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
                    b.appendCodePoint(legal ? c : 0xFFFD);
                }
            }
        });
        return b.toString();
    }
}
