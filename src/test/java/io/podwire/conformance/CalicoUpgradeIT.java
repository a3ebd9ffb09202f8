package io.podwire.conformance;

import io.podwire.report.RecordingEvents;
import io.podwire.InfrastructureException;
import io.podwire.verdict.VerdictAssertions;
import io.podwire.verdict.VerdictMessages;
import io.podwire.cluster.ClusterKind;
import io.podwire.cluster.ClusterSettings;
import io.podwire.lab.LabNode;
import io.podwire.report.ClaimReport;
import io.podwire.upgrade.GateFiles;
import io.podwire.upgrade.LabUpgradeScenario;
import io.podwire.upgrade.UpgradeGate;
import io.podwire.upgrade.UpgradeRun;
import io.podwire.upgrade.NodeWiring;
import io.podwire.upgrade.OutageReport;
import io.podwire.upgrade.UpgradeScenario;
import io.podwire.upgrade.UpgradeSettings;
import io.podwire.upgrade.WiringChange;
import io.podwire.upgrade.WiringDiff;
import io.qameta.allure.Allure;
import io.qameta.allure.Epic;
import io.qameta.allure.Feature;
import io.qameta.allure.model.Status;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CNI upgrade gate on a real cluster: Calico -Dcalico.from installed, every claim holds; Calico -Dcalico.to
 * applied the same way while the pinger probes the app; every claim holds again; the wiring changed only as the
 * team's allow-list expects; the outage stayed within -Dpodwire.upgrade.max-outage; and pod churn leaves nothing
 * behind. Runs only when asked for: `mvn verify -Dit.test=CalicoUpgradeIT -Dcalico.from=3.31.7 -Dcalico.to=3.32.1`.
 */
@Epic("CNI upgrade gate")
@Feature("Calico upgrade (real cluster)")
@DisplayName("Calico upgrade gate on a real cluster")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CalicoUpgradeIT {
    private UpgradeRun scenario;
    private UpgradeGate gate;
    private UpgradeScenario.Observation before;
    private UpgradeScenario.Observation after;
    private OutageReport outage;
    private List<WiringDiff> diffs = List.of();

    @BeforeAll
    void scenarioAskedFor() {
        ClusterSettings cluster = ClusterSettings.fromSystem();
        String base = System.getProperty("basedir", System.getProperty("user.dir"));
        UpgradeSettings settings;
        if (cluster.kind() == ClusterKind.LAB) {
            Assumptions.assumeTrue(Boolean.getBoolean(UpgradeSettings.LAB), "upgrade gate on the lab node not requested:"
                    + " pass -D" + UpgradeSettings.LAB + "=true (README, \"Gating a Calico upgrade\")");
            settings = UpgradeSettings.forLab(System::getProperty, Path.of(base));
            scenario = new LabUpgradeScenario(settings);
            ClaimReport.describeTarget(cluster.kind().id());
            ClaimReport.describeCluster(LabNode.DESCRIPTION + ", upgrade gate demonstrated by re-wiring",
                    "none (lab node)", "none (Calico's CNI wiring reproduced by podwire)", Map.of());
        } else {
            Optional<UpgradeSettings> asked = UpgradeSettings.fromSystem();
            Assumptions.assumeTrue(asked.isPresent(), "upgrade scenario not requested: pass -D" + UpgradeSettings.FROM
                    + "=<version> -D" + UpgradeSettings.TO + "=<version> (docs/upgrade-gate.md)");
            settings = asked.get();
            ClaimReport.describeTarget(cluster.kind().id());
            scenario = new UpgradeScenario(settings, cluster, new RecordingEvents());
        }
        // read now: a malformed allow-list must stop the run before anything is installed, not after the upgrade
        gate = new UpgradeGate(GateFiles.dir(), settings, settings.readAllowList(), new RecordingEvents());
        gate.clear();
        Allure.label("calico.from", settings.from());
        Allure.label("calico.to", settings.to());
    }

    @Test
    @Order(1)
    @DisplayName("Every claim holds for every pod on the Calico version upgraded from")
    void everyClaimHoldsBeforeTheUpgrade() {
        scenario.installFrom();
        before = scenario.observe("before");
        ClaimReport.expectPods(before.pods());
        record(before);
        VerdictAssertions.assertAllHold(before.verdicts());
    }

    @Test
    @Order(2)
    @DisplayName("Every claim holds for every pod after the rollout of the Calico version upgraded to")
    void everyClaimHoldsAfterTheUpgrade() {
        requireBefore();
        outage = scenario.upgradeWhileProbing(before);
        gate.outage(outage);
        after = scenario.observe("after");
        record(after);
        after.verdicts().forEach(ClaimReport::record);
        VerdictAssertions.assertAllHold(after.verdicts());
    }

    @Test
    @Order(3)
    @DisplayName("The upgrade changed the pod wiring only as the team's allow-list expects")
    void wiringChangedOnlyAsAllowed() {
        requireAfter();
        diffs = gate.diff(before, after);
        diffs.forEach(d -> Allure.addAttachment("wiring diff " + d.node(), "text/plain", d.summary(), ".txt"));
        gate.summary(diffs, outage);
        for (WiringDiff d : diffs) {
            assertTrue(d.passes(), d::summary);
        }
    }

    @Test
    @Order(4)
    @DisplayName("Pinger to its probed pod (app; remote, across nodes, on a multi-node target) lost no more than the tolerated outage during the rollout")
    void outageDuringTheRolloutIsWithinTheBound() {
        requireAfter();
        Allure.addAttachment("outage", "text/plain", outage.summary() + "\n\n" + outage.raw(), ".txt");
        assertTrue(outage.sent() > 0, () -> "the probe sent no probe: " + outage.summary());
        assertTrue(outage.gaps().stream().allMatch(OutageReport.Gap::recovered),
                () -> "traffic did not recover: " + outage.summary());
        assertTrue(outage.outage().compareTo(scenario.settings().maxOutage()) <= 0, () -> "longest outage "
                + outage.outage().toMillis() + " ms exceeds -Dpodwire.upgrade.max-outage="
                + scenario.settings().maxOutage().toMillis() + " ms: " + outage.summary());
    }

    @Test
    @Order(5)
    @DisplayName("Deleting and recreating the pinger leaves no cali link, netns or route of the old pod behind")
    void podChurnLeavesNothingBehind() {
        requireAfter();
        scenario.churnPinger();
        UpgradeScenario.Observation churned = scenario.observe("after pod churn");
        record(churned);
        churned.verdicts().forEach(ClaimReport::record);
        for (Map.Entry<String, NodeWiring> e : churned.wiring().entrySet()) {
            List<WiringChange> left = gate.leakCheck(e.getKey(), e.getValue());
            assertEquals(List.of(), left.stream().map(WiringChange::describe).toList(),
                    "leftovers on " + e.getKey() + " after the pinger was recreated");
            String oldNetns = after.wiring().get(e.getKey()) == null ? null
                    : after.wiring().get(e.getKey()).pods().getOrDefault("test/pinger", new TreeMap<>()).get("netns");
            String newNetns = e.getValue().pods().getOrDefault("test/pinger", new TreeMap<>()).get("netns");
            if (oldNetns != null && newNetns != null) {
                assertNotEquals(oldNetns, newNetns, "the recreated pinger got a netns of its own");
            }
        }
        VerdictAssertions.assertAllHold(churned.verdicts());
    }

    @AfterAll
    void tearDown() {
        if (scenario != null) {
            scenario.close();
        }
    }

    /** A step that could not run because an earlier one never got its cluster is not run, not a product defect. */
    private void requireBefore() {
        if (before == null) {
            notRun("no observation on Calico " + scenario.settings().from() + ": the install failed earlier");
        }
    }

    private void requireAfter() {
        requireBefore();
        if (after == null) {
            notRun("no observation after the upgrade to " + scenario.settings().to() + ": it failed earlier");
        }
    }

    private void notRun(String why) {
        scenario.collectDiagnostics(why);
        throw new InfrastructureException("not run: " + why + " (the first failed test of this class says why)");
    }

    private static void record(UpgradeScenario.Observation o) {
        o.verdicts().forEach(v -> Allure.step(o.label() + ": " + VerdictMessages.describe(v), switch (v.status()) {
            case PASS -> Status.PASSED;
            case FAIL -> Status.FAILED;
            case INCONCLUSIVE -> Status.BROKEN;
            case NOT_APPLICABLE -> Status.SKIPPED;
        }));
        o.wiring().forEach((node, w) -> Allure.addAttachment("wiring " + o.label() + " " + node, "application/json",
                GateFiles.json(w), ".json"));
    }
}
