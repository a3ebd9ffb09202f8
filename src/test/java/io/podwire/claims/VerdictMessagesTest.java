package io.podwire.claims;

import io.podwire.verdict.Verdict;
import io.podwire.verdict.Evidence;
import io.podwire.verdict.ClaimInconclusiveException;
import io.podwire.verdict.VerdictMessages;
import io.podwire.verdict.VerdictAssertions;
import io.podwire.verdict.ClaimId;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

@DisplayName("Verdict messages and assertions")
class VerdictMessagesTest {
    private static final Verdict FAIL = new Verdict(ClaimId.C8, "test", "pinger", "node-1", Verdict.Status.FAIL,
            "the peer of calia900becc4a6 is not the pod's eth0", "peer_ifindex: 2", "peer_ifindex: 7",
            new Evidence(List.of("ethtool -S calia900becc4a6"), List.of("     peer_ifindex: 7"), Map.of()));

    @Test
    @DisplayName("a failure message names claim, pod, node, expected, observed and the deciding command, in that order")
    void failureMessageNamesEverythingInOrder() {
        assertEquals("C8 FAIL test/pinger on node node-1: the peer of calia900becc4a6 is not the pod's eth0"
                        + " — expected: peer_ifindex: 2; observed: peer_ifindex: 7; decided by: `ethtool -S calia900becc4a6`",
                VerdictMessages.describe(FAIL), "message");
    }

    @Test
    @DisplayName("FAIL raises an assertion error with expected and observed; INCONCLUSIVE raises an error, not a pass")
    void failAndInconclusiveNeverPass() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> VerdictAssertions.assertHolds(FAIL));
        assertEquals("peer_ifindex: 2", e.getExpected().getStringRepresentation(), "expected carried");
        assertEquals("peer_ifindex: 7", e.getActual().getStringRepresentation(), "actual carried");
        Verdict inconclusive = new Verdict(ClaimId.C8, "test", "pinger", "node-1", Verdict.Status.INCONCLUSIVE,
                "could not observe", "x", "nothing", FAIL.evidence());
        assertThrows(ClaimInconclusiveException.class, () -> VerdictAssertions.assertHolds(inconclusive));
    }
}
