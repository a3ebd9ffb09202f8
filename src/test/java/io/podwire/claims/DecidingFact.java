package io.podwire.claims;

import io.podwire.verdict.Verdict;
import io.podwire.verdict.VerdictMessages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Asserts a FAIL by its structured evidence, never by its wording: the deciding fact, its two values, its command. */
public final class DecidingFact {
    private DecidingFact() {
    }

    /**
     * {@code v} FAILs on {@code fact}, expected {@code expected} and observed {@code observed} (exactly that fact's
     * values), decided by a command the verdict ran.
     */
    public static void assertFailsOn(Verdict v, String fact, String expected, String observed) {
        String shown = VerdictMessages.describe(v);
        assertEquals(Verdict.Status.FAIL, v.status(), shown);
        assertEquals(fact, v.evidence().fact(), () -> "the deciding fact of " + shown);
        assertEquals(expected, v.expected(), () -> "the expected value of " + fact + ": " + shown);
        assertFailsOn(v, fact, observed);
    }

    /** {@code v} FAILs on {@code fact}, observed {@code observed}, decided by a command the verdict ran. */
    public static void assertFailsOn(Verdict v, String fact, String observed) {
        String shown = VerdictMessages.describe(v);
        assertEquals(Verdict.Status.FAIL, v.status(), shown);
        assertEquals(fact, v.evidence().fact(), () -> "the deciding fact of " + shown);
        assertEquals(observed, v.observed(), () -> "the observed value of " + fact + ": " + shown);
        assertNotNull(v.evidence().decidedBy(), () -> "the command that decided: " + shown);
        assertTrue(v.evidence().commands().contains(v.evidence().decidedBy()),
                () -> "the deciding command is one the verdict ran: " + shown);
    }
}
