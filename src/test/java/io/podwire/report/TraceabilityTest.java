package io.podwire.report;

import io.podwire.verdict.ClaimId;
import io.qameta.allure.Story;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.support.descriptor.MethodSource;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraceabilityTest {

    /** Annotated like claim tests but without @Test, so that no runner ever executes them. */
    static class ClaimFixtures {
        @Story("C8")
        @DisplayName("C8 ethtool -S of the pod's host veth reports peer_ifindex = the pod's eth0 ifindex")
        void peerIfindexIsEth0() {
        }

        @Story("C8")
        @DisplayName("C7 cali links and pods match one to one")
        void storySaysOtherwise() {
        }

        @DisplayName("snapshot sections are framed")
        void notAClaim() {
        }
    }

    private static List<Traceability.Entry> fixtureEntries() {
        return Arrays.stream(ClaimFixtures.class.getDeclaredMethods())
                .sorted(Comparator.comparing(Method::getName))
                .flatMap(m -> Traceability.entry(m.getAnnotation(DisplayName.class).value(), MethodSource.from(m)).stream())
                .sorted(Comparator.comparing(Traceability.Entry::claim))
                .toList();
    }

    @Test
    void claimTestsAreFoundByTheirDisplayNameAndTheirStoryIsCompared() {
        List<Traceability.Entry> entries = fixtureEntries();

        assertEquals(List.of(ClaimId.C7, ClaimId.C8), entries.stream().map(Traceability.Entry::claim).toList());
        assertEquals("@Story [C8] but display name says C7", entries.get(0).mismatch().orElseThrow());
        assertTrue(entries.get(1).mismatch().isEmpty(), () -> "no mismatch expected, got " + entries.get(1).mismatch());
    }

    @Test
    void theTableHasARowPerClaimWithItsLabStepTestAndEvidence() {
        String md = Traceability.markdown(fixtureEntries(), Map.of(ClaimId.C8, Set.of("ethtool -S caliXXXXXXXXXXX")));

        assertTrue(md.contains("| 8 | C8 | ethtool -S of the pod's host veth reports peer_ifindex = the pod's eth0 ifindex"
                + " | `TraceabilityTest$ClaimFixtures#peerIfindexIsEth0` | lab self-test (mvn test) |"
                + " `ethtool -S caliXXXXXXXXXXX` |"), md);
        assertTrue(md.contains("| 1, 2 | C1 | "), md);
        assertTrue(md.contains("**no test yet**"), md);
        assertTrue(md.contains("⚠ @Story [C8] but display name says C7"), md);
    }

    @Test
    void perPodNamesInCommandsBecomeGeneric() {
        assertEquals("ethtool -S caliXXXXXXXXXXX", Traceability.generic("ethtool -S calia900becc4a6"));
        assertEquals("stat -L /proc/PID/ns/net", Traceability.generic("stat -L /proc/4242/ns/net"));
        assertEquals("ip -n cni-UUID -j addr",
                Traceability.generic("ip -n cni-4e05bcb8-08fb-48dd-81d3-258dfd29c9e6 -j addr"));
    }

    @Test
    void theSuitesOwnClaimTestsAllAgreeWithTheirStories(@TempDir Path dir) {
        List<Traceability.Entry> suite = Traceability.discover();

        assertTrue(suite.stream().noneMatch(e -> e.testClass().contains("ClaimFixtures")), "fixtures stay out");
        assertEquals(List.of(), suite.stream().flatMap(e -> e.mismatch().stream()).toList());
        Traceability.write(dir.resolve("claims.md"), suite, dir.resolve("no-verdicts.json"));
        assertTrue(dir.resolve("claims.md").toFile().length() > 0, () -> "claims.md is written and not empty: " + dir.resolve("claims.md"));
    }
}
