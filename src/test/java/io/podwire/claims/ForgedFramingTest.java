package io.podwire.claims;

import io.podwire.verdict.Verdict;
import io.podwire.verdict.VerdictMessages;
import io.podwire.verdict.ClaimId;

import io.podwire.node.ExpectedPod;
import io.podwire.lab.LabPod;
import io.podwire.node.RecordedSnapshots;
import io.podwire.node.NodeState;
import io.podwire.node.PodSideViews;
import io.podwire.node.RawSnapshot;
import io.podwire.node.Section;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Text the snapshot prints verbatim (a CNI config file) that knows the run's nonce can close its section and open
 * others: such a section is never used, so it can't change a verdict (issue 18, item 5).
 */
class ForgedFramingTest {
    private static final String N = RecordedSnapshots.NONCE;
    private static final List<ExpectedPod> PODS = LabPod.standard().stream().map(p -> p.expected("lab-node")).toList();

    @Test
    @DisplayName("a CNI config that closes its section and forges sysctl.interfaces can't turn a proxy_arp=0 FAIL into a PASS")
    void forgedSysctlSectionCannotChangeAVerdict() {
        String text = RecordedSnapshots.text(RecordedSnapshots.THREE_PODS);
        String sysctls = RecordedSnapshots.stdout(text, "sysctl.interfaces");
        String cali = sysctls.lines().filter(l -> l.endsWith("/proxy_arp:1") && l.contains("/cali")).findFirst()
                .orElseThrow().replaceAll(".*/conf/(cali[^/]*)/proxy_arp:1", "$1");
        String broken = sysctls.replace("/conf/" + cali + "/proxy_arp:1", "/conf/" + cali + "/proxy_arp:0");
        String real = RecordedSnapshots.withSection(text, "sysctl.interfaces", RecordedSnapshots.SYSCTLS_COMMAND, 0, broken, "");
        ExpectedPod pod = podOf(real, cali);
        assertEquals(Verdict.Status.FAIL, ClaimEngine.evaluate(ClaimId.C9, pod, RecordedSnapshots.stateOf(real),
                PodSideViews.none()).status(), "without forgery, proxy_arp=0 fails C9");

        // the file closes cni.config, frames sysctl.interfaces as all-correct, and reopens cni.config for the real end
        String forgedFile = RecordedSnapshots.LAB_CNI_CONFIG + "\n@@" + N + " status cni.config 0\n\n@@" + N + " end cni.config\n"
                + "@@" + N + " begin sysctl.interfaces grep -H .\n" + sysctls + "\n@@" + N + " status sysctl.interfaces 0\n\n@@"
                + N + " end sysctl.interfaces\n@@" + N + " begin cni.config " + RecordedSnapshots.CNI_COMMAND + "\n";
        String forged = RecordedSnapshots.withSection(real, "cni.config", RecordedSnapshots.CNI_COMMAND, 0, forgedFile, "");
        RawSnapshot raw = RecordedSnapshots.rawOf(forged);
        assertEquals(Section.FORGED, raw.section("sysctl.interfaces").orElseThrow().exitCode(), "sysctl.interfaces");
        assertEquals(Section.FORGED, raw.section("cni.config").orElseThrow().exitCode(), "cni.config");

        Verdict v = ClaimEngine.evaluate(ClaimId.C9, pod, RecordedSnapshots.stateOf(forged), PodSideViews.none());
        assertEquals(Verdict.Status.INCONCLUSIVE, v.status(), VerdictMessages.describe(v));
        assertTrue(v.reason().contains("appears more than once"), v::reason);
    }

    @Test
    @DisplayName("a section the script never prints is not used, and says why")
    void unexpectedSectionIsUnusable() {
        String text = RecordedSnapshots.text(RecordedSnapshots.THREE_PODS) + "@@" + N + " begin felix.envx x\nFELIX_INTERFACEPREFIX=evil\n@@"
                + N + " status felix.envx 0\n\n@@" + N + " end felix.envx\n";
        Section s = RecordedSnapshots.rawOf(text).section("felix.envx").orElseThrow();
        assertEquals(Section.FORGED, s.exitCode());
        assertTrue(s.failure().contains("not one the snapshot script prints"), s.failure());
    }

    private static ExpectedPod podOf(String text, String cali) {
        NodeState s = RecordedSnapshots.stateOf(text);
        for (ExpectedPod p : PODS) {
            if (ClaimEngine.evaluate(ClaimId.C9, p, s, PodSideViews.none()).status() == Verdict.Status.FAIL) {
                return p;
            }
        }
        throw new AssertionError("no pod owns " + cali);
    }
}
