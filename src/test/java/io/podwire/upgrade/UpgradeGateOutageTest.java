package io.podwire.upgrade;

import io.podwire.run.RunEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The outage step's verdict and reason: a probe that never got through says that policy may drop it. */
class UpgradeGateOutageTest {

    private static OutageReport report(int sent, int received, List<OutageReport.Gap> gaps) {
        return new OutageReport("test/pinger", "10.42.0.11", "ping", Duration.ofMillis(100), Duration.ofMillis(100), 1,
                sent, received, gaps, Instant.EPOCH, "");
    }

    @Test
    void aProbeThatNeverGotThroughFailsAndSaysPolicyMayDropIt(@TempDir Path dir) {
        UpgradeGate gate = new UpgradeGate(dir, UpgradeSettings.forLab(k -> null, dir), AllowList.none(), RunEvents.NONE);
        UpgradeGate.Step all = gate.outage(report(50, 0, List.of(new OutageReport.Gap(1, 50, Instant.EPOCH,
                Instant.EPOCH.plusSeconds(5), false))));

        assertEquals("FAIL", all.verdict());
        assertTrue(all.summary().endsWith(UpgradeGate.POLICY_MAY_DROP), all.summary());
    }

    @Test
    void aShortRecoveredGapSaysNothingOfPolicy(@TempDir Path dir) {
        UpgradeGate gate = new UpgradeGate(dir, UpgradeSettings.forLab(k -> null, dir), AllowList.none(), RunEvents.NONE);
        UpgradeGate.Step brief = gate.outage(report(50, 48, List.of(new OutageReport.Gap(10, 11, Instant.EPOCH,
                Instant.EPOCH.plusMillis(200), true))));

        assertEquals("PASS", brief.verdict());
        assertFalse(brief.summary().contains("policy"), brief.summary());
    }
}
