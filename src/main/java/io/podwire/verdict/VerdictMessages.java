package io.podwire.verdict;

/** The one place that words a verdict for people: test failures, logs and reports all use it. */
public final class VerdictMessages {
    private VerdictMessages() {
    }

    /**
     * "C8 FAIL test/pinger on node lab: <reason> — <fact>: expected: …; observed: …; decided by: `…`": a verdict
     * that names its deciding fact and command quotes that command alone, as it ran; one that names none (a PASS)
     * every command it used.
     */
    public static String describe(Verdict v) {
        Evidence e = v.evidence();
        String decidedBy = e.decidedBy() != null ? "`" + e.decidedBy() + "`" : e.commands().isEmpty() ? "(no command)"
                : "`" + String.join("`, `", e.commands()) + "`";
        return v.claim() + " " + v.status() + " " + v.podKey() + " on node " + v.node() + ": " + v.reason()
                + " — " + (e.fact() == null ? "" : e.fact() + ": ") + "expected: " + v.expected() + "; observed: "
                + v.observed() + "; decided by: " + decidedBy;
    }
}
