package io.podwire.claims;

/** The one place that words a verdict for people: test failures, logs and reports all use it. */
public final class VerdictMessages {
    private VerdictMessages() {
    }

    /** "C8 FAIL test/pinger on node lab: <reason> — expected: …; observed: …; decided by: `…`". */
    public static String describe(Verdict v) {
        return v.claim() + " " + v.status() + " " + v.podKey() + " on node " + v.node() + ": " + v.reason()
                + " — expected: " + v.expected() + "; observed: " + v.observed() + "; decided by: "
                + (v.evidence().commands().isEmpty() ? "(no command)" : "`" + String.join("`, `", v.evidence().commands()) + "`");
    }
}
