package io.podwire.upgrade;

import io.podwire.node.ExpectedPod;
import io.podwire.lab.FreshLab;
import io.podwire.lab.LabFault;
import io.podwire.lab.LabNode;
import io.podwire.lab.LabNodeExtension;
import io.podwire.lab.WiredPod;
import io.qameta.allure.Allure;
import io.qameta.allure.Epic;
import io.qameta.allure.Feature;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The upgrade gate proven on real kernel state: the wiring diff and the outage probe on a lab node whose pods are
 * re-wired the way a CNI restart would, while the pinger probes the app from inside its netns.
 */
@Epic("CNI upgrade gate")
@Feature("Wiring diff and outage measurement (lab node)")
@ExtendWith(LabNodeExtension.class)
@DisplayName("Upgrade gate on the lab node")
class UpgradeGateLabIT {
    static final Duration INTERVAL = Duration.ofMillis(20);
    static final Duration WINDOW = Duration.ofMillis(600);

    @Test
    @DisplayName("An unchanged lab node shows no wiring diff and no lost probe")
    void unchangedNodeShowsNoDiffAndNoLoss(LabNode lab) {
        NodeWiring before = LabUpgrades.wiring(lab, lab.expectedPods());
        OutageReport outage = LabUpgrades.probe(lab, "app", INTERVAL, Duration.ofSeconds(2)).collect();
        NodeWiring after = LabUpgrades.wiring(lab, lab.expectedPods());
        WiringDiff diff = WiringDiff.between(before, after, AllowList.none());
        attach(diff, outage);

        assertEquals(List.of(), diff.changes(), "wiring changes on an unchanged node");
        assertEquals(List.of(), diff.problems(), "observations that could not be made");
        assertTrue(diff.passes(), diff::summary);
        // how many probes fit in 2 s depends on the scheduler; that some were sent and none lost does not
        assertTrue(outage.sent() > 0, outage::summary);
        assertEquals(0, outage.lost(), outage::summary);
        assertEquals(List.of(), outage.gaps(), "gaps on an unchanged node");
    }

    /**
     * Ordered by the kernel, not by the clock: the pinger's echo-request counter, read on each side of the cut and of
     * the restore, tells which probes left while the path was certainly down (after the cut, before the restore)
     * and which may have (after the cut began, before the restore ended). However the scheduler stretches either
     * operation, the certainly-down probes are lost and nothing outside the possibly-down ones is.
     */
    @Test
    @DisplayName("A re-wiring of the app's veth is measured as one gap: every probe sent while the path was down is lost, none sent outside the re-wiring")
    void rewiringIsMeasuredAsExactlyTheProbesSentWhileThePathWasDown(@FreshLab LabNode lab) {
        WiredPod app = lab.pod("app");
        long base = LabUpgrades.echoRequestsSent(lab);
        OutageProbe probe = LabUpgrades.probe(lab, "app", INTERVAL, Duration.ofSeconds(4)).awaitAnswered(10);
        LabUpgrades.Window window = LabUpgrades.rewire(lab, app, WINDOW);
        OutageReport outage = probe.collect();
        long counted = LabUpgrades.echoRequestsSent(lab) - base;
        Allure.addAttachment("outage.json", "application/json", outage.toJson(), ".json");
        String measured = "re-wiring " + window.describe() + "; echo requests before the probe " + base + "; "
                + outage.summary();
        System.out.println(measured);

        // the counter numbers the probes only if nothing else in the pinger's netns sent an echo request
        assertEquals(outage.sent(), counted, () -> "echo requests the kernel counted vs probes ping sent: " + measured);
        long certainFrom = window.cut().echoesAfter() - base + 1;
        long certainTo = window.restore().echoesBefore() - base;
        long possibleFrom = window.cut().echoesBefore() - base + 1;
        long possibleTo = window.restore().echoesAfter() - base;
        assertTrue(certainFrom <= certainTo, () -> "no probe left while the path was down, nothing to measure: " + measured);
        assertEquals(1, outage.gaps().size(), () -> "one gap expected: " + measured);
        OutageReport.Gap gap = outage.gaps().get(0);
        assertTrue(gap.recovered(), () -> "traffic recovered after the re-wiring: " + measured);
        long gapFrom = outage.ordinal(gap.firstLostSeq());
        long gapTo = outage.ordinal(gap.lastLostSeq());
        assertTrue(gapFrom <= certainFrom && certainTo <= gapTo, () -> "probes " + certainFrom + ".." + certainTo
                + " left while the path was certainly down, all must be in the gap " + gapFrom + ".." + gapTo + ": "
                + measured);
        assertTrue(possibleFrom <= gapFrom && gapTo <= possibleTo, () -> "the gap " + gapFrom + ".." + gapTo
                + " must lie within probes " + possibleFrom + ".." + possibleTo + ", those that left during the "
                + "re-wiring: " + measured);
        // the first answered probe after the gap left once the restore had begun; its send time, reply time less
        // round trip, can only be later than the real one, so this holds however late ping printed the reply
        assertFalse(gap.end().isBefore(window.restore().before()), () -> "the gap ends at " + gap.end()
                + ", before the restore began at " + window.restore().before() + ": " + measured);
    }

    @Test
    @DisplayName("A pod removed without CNI DEL leaves its cali link, netns and route behind, and the diff reports all three")
    void orphanLeftBehindIsReported(@FreshLab LabNode lab) {
        WiredPod pinger = lab.pod("pinger");
        NodeWiring before = LabUpgrades.wiring(lab, lab.expectedPods());
        LabUpgrades.removeWithoutCniDel(lab, pinger);
        List<ExpectedPod> remaining = lab.expectedPods().stream().filter(p -> !p.name().equals("pinger")).toList();
        NodeWiring after = LabUpgrades.wiring(lab, remaining);
        WiringDiff diff = WiringDiff.between(before, after, AllowList.none());
        attach(diff, null);

        assertEquals(List.of(
                "REMOVED pod test/pinger pod",
                "ADDED node lab-node orphanCaliLink " + pinger.hostVeth(),
                "ADDED node lab-node orphanNetns " + pinger.netns(),
                "ADDED node lab-node orphanRoute 10.42.0.10 dev " + pinger.hostVeth() + " scope link"),
                diff.changes().stream().map(c -> c.kind() + " " + c.scope() + " " + c.subject() + " " + c.field()
                        + (c.key().isEmpty() ? "" : " " + c.key())).toList(), diff.summary());
        assertFalse(diff.passes(), () -> "leftovers must fail the gate: " + diff.summary());
        assertEquals(3, WiringDiff.leftovers(after).size(), () -> "leak check after the pod is gone: " + diff.summary());
    }

    @Test
    @DisplayName("A re-added veth changes only the ifindex pairing, and an allow-list rule for it keeps the gate passing")
    void allowListedChangeIsNotReportedAsAFailure(@FreshLab LabNode lab) {
        NodeWiring before = LabUpgrades.wiring(lab, lab.expectedPods());
        LabUpgrades.rewire(lab, lab.pod("app"), Duration.ofMillis(50));
        NodeWiring after = LabUpgrades.wiring(lab, lab.expectedPods());
        AllowList allow = AllowList.parse("fixtures/upgrade/allow-cni-readd.yaml",
                GateFiles.resource("/fixtures/upgrade/allow-cni-readd.yaml"));
        WiringDiff strict = WiringDiff.between(before, after, AllowList.none());
        WiringDiff gated = WiringDiff.between(before, after, allow);
        attach(gated, null);

        assertEquals(List.of("test/app ifindexPair"), strict.changes().stream().map(c -> c.subject() + " " + c.field())
                .toList(), strict.summary());
        assertFalse(strict.passes(), () -> "without the allow-list the change fails: " + strict.summary());
        assertTrue(gated.passes(), gated::summary);
        assertEquals(1, gated.allowed().size(), gated::summary);
        assertTrue(gated.summary().contains("allowed    CHANGED pod test/app ifindexPair"),
                () -> "the allowed change is still reported: " + gated.summary());
    }

    @Test
    @DisplayName("A new Calico that changes one fact of a pod's wiring (proxy_delay, the host MAC; dual-stack: proxy_ndp)"
            + " fails the diff with exactly that field until an allow-list rule names it")
    void oneChangedCalicoFactFailsTheDiffUntilAllowed(@FreshLab LabNode lab, @FreshLab(dualStack = true) LabNode dual) {
        changedAloneUntilAllowed(lab, LabFault.PROXY_DELAY_NONZERO, "proxyDelay");
        changedAloneUntilAllowed(lab, LabFault.HOST_MAC_CHANGED, "hostMac");
        changedAloneUntilAllowed(dual, LabFault.IPV6_PROXY_NDP_OFF, "proxyNdp");
    }

    /** The fault's real kernel change, read as the new Calico's wiring: one field of its pod, allowed only by a rule. */
    private static void changedAloneUntilAllowed(LabNode lab, LabFault change, String field) {
        NodeWiring before = LabUpgrades.wiring(lab, lab.expectedPods());
        change.inject(lab);
        NodeWiring after = LabUpgrades.wiring(lab, lab.expectedPods());
        WiringDiff strict = WiringDiff.between(before, after, AllowList.none());
        attach(strict, null);
        assertEquals(List.of(field + " of test/" + change.targetPod()), strict.changes().stream()
                .map(c -> c.field() + " of " + c.subject()).toList(), strict::summary);
        assertFalse(strict.passes(), strict::summary);
        WiringDiff allowed = WiringDiff.between(before, after, AllowList.parse("inline", "version: 1\nallow:\n"
                + "  - field: \"" + field + "\"\n    reason: \"the new Calico sets it so\"\n"));
        assertTrue(allowed.passes(), allowed::summary);
    }

    private static void attach(WiringDiff diff, OutageReport outage) {
        Allure.addAttachment("wiring diff (summary)", "text/plain", diff.summary(), ".txt");
        Allure.addAttachment("wiring-diff.json", "application/json", diff.toJson(), ".json");
        if (outage != null) {
            Allure.addAttachment("outage.json", "application/json", outage.toJson(), ".json");
        }
    }
}
