package io.podwire.verdict;

import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import java.util.List;

/**
 * Turns verdicts into JUnit outcomes: FAIL → assertion error, INCONCLUSIVE → error (never a pass), NOT_APPLICABLE →
 * aborted with its reason (shown as skipped, never as passed; recorded as not applicable).
 */
public final class VerdictAssertions {
    private VerdictAssertions() {
    }

    public static void assertHolds(Verdict v) {
        switch (v.status()) {
            case PASS -> { }
            case FAIL -> throw new AssertionFailedError(VerdictMessages.describe(v), v.expected(), v.observed());
            case INCONCLUSIVE -> throw new ClaimInconclusiveException(VerdictMessages.describe(v));
            case NOT_APPLICABLE -> throw new TestAbortedException(VerdictMessages.describe(v));
        }
    }

    /** Asserts every verdict, reporting all that did not hold at once. */
    public static void assertAllHold(List<Verdict> verdicts) {
        List<Verdict> broken = verdicts.stream().filter(v -> v.status() != Verdict.Status.PASS
                && v.status() != Verdict.Status.NOT_APPLICABLE).toList();
        if (broken.isEmpty()) {
            List<Verdict> na = verdicts.stream().filter(v -> v.status() == Verdict.Status.NOT_APPLICABLE).toList();
            if (!na.isEmpty() && na.size() == verdicts.size()) {
                throw new TestAbortedException("not applicable under the node's CNI profile:\n"
                        + String.join("\n", na.stream().map(VerdictMessages::describe).toList()));
            }
            return;
        }
        String all = String.join("\n", broken.stream().map(VerdictMessages::describe).toList());
        if (broken.stream().anyMatch(v -> v.status() == Verdict.Status.FAIL)) {
            throw new AssertionFailedError(broken.size() + " verdict(s) did not hold:\n" + all);
        }
        throw new ClaimInconclusiveException(broken.size() + " verdict(s) could not be observed:\n" + all);
    }
}
