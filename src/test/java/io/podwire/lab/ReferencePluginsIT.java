package io.podwire.lab;

import io.podwire.verdict.ClaimId;
import io.podwire.verdict.Verdict;
import io.podwire.verdict.VerdictMessages;
import io.podwire.report.ClaimReport;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Lab nodes wired by Debian's real bridge and ptp binaries (containernetworking-plugins 1.1.1, run as containerd
 * runs them): the profile is detected from the runtime's CNI config, every applicable claim PASSes for every pod,
 * C6 and C12 are NOT_APPLICABLE saying why, and each profile's fault fails exactly its claim for its pods.
 */
@ExtendWith(LabNodeExtension.class)
@DisplayName("Reference CNI plugins (Debian's bridge and ptp binaries): profiles detected, claims judged by them")
class ReferencePluginsIT {
    private static final Set<ClaimId> NOT_APPLICABLE = EnumSet.of(ClaimId.C6, ClaimId.C12);

    @ParameterizedTest(name = "{0}: every applicable claim holds, C6 and C12 say why they do not apply")
    @EnumSource(ReferencePlugin.class)
    void everyApplicableClaimHolds(ReferencePlugin plugin) {
        try (LabNode lab = LabNode.start()) {
            lab.wire(plugin, LabPod.standard());
            LabObservation seen = LabObservation.of(lab);
            List<Verdict> verdicts = seen.verdicts();
            verdicts.forEach(ClaimReport::record);
            for (Verdict v : verdicts) {
                // bridge is loaded as k3s loads it: flannel's conflist, which delegates to bridge
                String loaded = plugin == ReferencePlugin.BRIDGE ? "flannel" : plugin.type();
                assertTrue(String.valueOf(v.evidence().values().get("cniProfile"))
                        .startsWith(plugin.type() + " (type " + loaded + " of " + plugin.configPath()), VerdictMessages.describe(v));
                Verdict.Status want = NOT_APPLICABLE.contains(v.claim()) ? Verdict.Status.NOT_APPLICABLE : Verdict.Status.PASS;
                assertEquals(want, v.status(), VerdictMessages.describe(v));
            }
            // one verdict per pod and claim (C11: the two probed pods), plus C7's node-wide one
            assertEquals(ClaimId.values().length * 3 - 1 + 1, verdicts.size(), "verdicts");
            assertTrue(seen.of(ClaimId.C6, "web").reason().contains("RandomVethName"), seen.of(ClaimId.C6, "web").reason());
            assertTrue(seen.of(ClaimId.C12, "web").reason().contains("C13"), seen.of(ClaimId.C12, "web").reason());
        }
    }

    @ParameterizedTest(name = "{0}: {1} fails for its pods, every other claim holds")
    @EnumSource(PluginFault.class)
    void eachFaultFailsExactlyItsClaim(PluginFault fault) {
        try (LabNode lab = LabNode.start()) {
            lab.wire(fault.plugin(), LabPod.standard());
            fault.inject(lab);
            List<Verdict> verdicts = LabObservation.of(lab).verdicts();
            for (Verdict v : verdicts) {
                boolean target = v.claim() == fault.claim() && fault.targetPods().contains(v.pod());
                if (target) {
                    ClaimReport.recordInjected(v, fault.name());
                    assertEquals(Verdict.Status.FAIL, v.status(), fault + ": " + VerdictMessages.describe(v));
                    assertTrue(!v.expected().equals(v.observed()), VerdictMessages.describe(v));
                } else if (!fault.alsoBreaks().contains(v.claim())) {
                    Verdict.Status want = NOT_APPLICABLE.contains(v.claim()) ? Verdict.Status.NOT_APPLICABLE
                            : Verdict.Status.PASS;
                    assertEquals(want, v.status(), fault + " must leave this verdict: " + VerdictMessages.describe(v));
                }
            }
            assertEquals(fault.targetPods().size(), verdicts.stream().filter(v -> v.claim() == fault.claim()
                    && fault.targetPods().contains(v.pod())).count(), fault + ": verdicts of its claim for its pods");
        }
    }
}
