package io.podwire.claims;

import org.opentest4j.AssertionFailedError;

import java.util.List;

/** Turns verdicts into JUnit outcomes: FAIL → assertion error, INCONCLUSIVE → error (never a pass). */
public final class VerdictAssertions {
    private VerdictAssertions() {
    }

    public static void assertHolds(Verdict v) {
        switch (v.status()) {
            case PASS -> { }
            case FAIL -> throw new AssertionFailedError(VerdictMessages.describe(v), v.expected(), v.observed());
            case INCONCLUSIVE -> throw new ClaimInconclusiveException(VerdictMessages.describe(v));
        }
    }

    /** Asserts every verdict, reporting all that did not hold at once. */
    public static void assertAllHold(List<Verdict> verdicts) {
        List<Verdict> broken = verdicts.stream().filter(v -> v.status() != Verdict.Status.PASS).toList();
        if (broken.isEmpty()) {
            return;
        }
        String all = String.join("\n", broken.stream().map(VerdictMessages::describe).toList());
        if (broken.stream().anyMatch(v -> v.status() == Verdict.Status.FAIL)) {
            throw new AssertionFailedError(broken.size() + " verdict(s) did not hold:\n" + all);
        }
        throw new ClaimInconclusiveException(broken.size() + " verdict(s) could not be observed:\n" + all);
    }
}
