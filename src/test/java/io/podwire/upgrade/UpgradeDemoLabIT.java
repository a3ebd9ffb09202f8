package io.podwire.upgrade;

import io.podwire.report.RecordingEvents;
import io.podwire.verdict.Verdict;
import io.podwire.lab.LabNode;
import io.podwire.lab.LabNodeExtension;
import io.qameta.allure.Epic;
import io.qameta.allure.Feature;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The path of the README's upgrade demonstration (CalicoUpgradeIT with -Dpodwire.cluster=lab -Dpodwire.upgrade.lab=true):
 * the lab scenario and the gate's files, step by step as CalicoUpgradeIT drives them, into a folder of its own.
 */
@Epic("CNI upgrade gate")
@Feature("Upgrade gate demonstrated on the lab node")
@ExtendWith(LabNodeExtension.class)
@DisplayName("Upgrade gate demonstration on the lab node")
class UpgradeDemoLabIT {

    @Test
    @DisplayName("The lab demonstration writes the diff, the outage and the leak check, and passes with the lab allow-list only")
    void theLabDemonstrationWritesEveryFileAndPassesWithTheLabAllowListOnly(@TempDir Path dir) throws Exception {
        Path repo = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
        // the bound is the demonstration's knob, not this test's subject: a busy machine may stretch a re-wiring
        UpgradeSettings settings = UpgradeSettings.forLab(Map.of("podwire.upgrade.allowlist", "ci/upgrade-allowlist.lab.yaml",
                "podwire.upgrade.probe.interval", "50ms", "podwire.upgrade.max-outage", "60s")::get, repo);
        UpgradeGate gate = new UpgradeGate(dir, settings, settings.readAllowList(), new RecordingEvents());
        try (LabUpgradeScenario scenario = new LabUpgradeScenario(settings)) {
            scenario.installFrom();
            UpgradeScenario.Observation before = scenario.observe("before");
            assertEquals(List.of(), before.verdicts().stream().filter(v -> v.status() != Verdict.Status.PASS)
                    .map(Verdict::toString).toList(), "every claim holds before");
            OutageReport outage = scenario.upgradeWhileProbing(before);
            UpgradeScenario.Observation after = scenario.observe("after");
            assertEquals(List.of(), after.verdicts().stream().filter(v -> v.status() != Verdict.Status.PASS)
                    .map(Verdict::toString).toList(), "every claim holds after the re-wiring");

            UpgradeGate.Step probed = gate.outage(outage);
            assertTrue(outage.sent() > 0, outage::summary);
            assertTrue(outage.gaps().stream().allMatch(OutageReport.Gap::recovered), outage::summary);
            assertEquals("PASS", probed.verdict(), probed::toString);

            List<WiringDiff> diffs = gate.diff(before, after);
            assertEquals(1, diffs.size(), "one node");
            WiringDiff d = diffs.get(0);
            assertEquals(List.of("test/app ifindexPair", "test/web ifindexPair"), d.changes().stream()
                    .map(c -> c.subject() + " " + c.field()).sorted().toList(), d.summary());
            assertTrue(d.passes(), d::summary);
            WiringDiff strict = WiringDiff.between(before.wiring().get(LabNode.NODE_NAME),
                    after.wiring().get(LabNode.NODE_NAME), AllowList.none());
            assertFalse(strict.passes(), () -> "without the allow-list the re-wiring fails: " + strict.summary());
            gate.summary(diffs, outage);

            scenario.churnPinger();
            UpgradeScenario.Observation churned = scenario.observe("after pod churn");
            assertEquals(List.of(), gate.leakCheck(LabNode.NODE_NAME, churned.wiring().get(LabNode.NODE_NAME)),
                    "leftovers after the pinger was deleted and recreated");
            assertFalse(after.wiring().get(LabNode.NODE_NAME).pods().get("test/pinger").get("netns").equals(
                    churned.wiring().get(LabNode.NODE_NAME).pods().get("test/pinger").get("netns")), "a new netns");
        }
        JsonNode diffFile = GateFiles.JSON.readTree(Files.readString(dir.resolve("wiring-diff-" + LabNode.NODE_NAME + ".json")));
        assertEquals("PASS", diffFile.path("verdict").asString(), diffFile::toString);
        JsonNode outageFile = GateFiles.JSON.readTree(Files.readString(dir.resolve("outage.json")));
        assertEquals("podwire.outage/v1", outageFile.path("schema").asString());
        assertTrue(Files.isRegularFile(dir.resolve("leak-check-" + LabNode.NODE_NAME + ".json")));
        assertTrue(Files.readString(dir.resolve("summary.md")).contains(UpgradeSettings.LAB_TO));
    }
}
