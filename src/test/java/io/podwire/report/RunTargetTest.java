package io.podwire.report;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class RunTargetTest {

    @Test
    void theChoosingPropertiesAreTheTargetsOwnScrubbedAndNotTheRunsBookkeeping() {
        Properties p = new Properties();
        p.setProperty("podwire.cluster", "kubeconfig");
        p.setProperty("calico.version", "3.29.1");
        p.setProperty("podwire.kubeconfig", "/home/ci/.kube/prod");
        p.setProperty("podwire.record.run", "true");
        p.setProperty("java.version", "17");
        p.setProperty("podwire.debug.image", "https://ci:hunter22secret@registry.example/busybox");

        Map<String, String> chosen = RunTarget.chosenBy(p, Map.of("KUBECONFIG", "/etc/kube/a"));

        assertEquals(Map.of("-Dpodwire.cluster", "kubeconfig", "-Dcalico.version", "3.29.1",
                "-Dpodwire.kubeconfig", "/home/ci/.kube/prod", "$KUBECONFIG", "/etc/kube/a",
                "-Dpodwire.debug.image", "https://ci:[REDACTED]@registry.example/busybox"), chosen);
        assertFalse(chosen.toString().contains("hunter22secret"), chosen::toString);
    }

    @Test
    void anUnsetTargetPropertySaysTheDefaultWasUsed() {
        assertEquals("(not set: the default target)", RunTarget.chosenBy(new Properties(), Map.of()).get("-Dpodwire.cluster"));
    }

    @Test
    void anInjectedLabFaultMarksEveryVerdictButAPassAndNamesOnlyItsOwnClaimAndPodAsItsTarget() {
        RunTarget.LabFault fault = new RunTarget.LabFault("PROXY_ARP_OFF", io.podwire.verdict.ClaimId.C9, "app", "proxy_arp off");
        io.podwire.verdict.Evidence none = new io.podwire.verdict.Evidence(java.util.List.of(), java.util.List.of(), Map.of());
        java.util.function.BiFunction<io.podwire.verdict.ClaimId, io.podwire.verdict.Verdict.Status, io.podwire.verdict.Verdict> v =
                (c, s) -> new io.podwire.verdict.Verdict(c, "test", "app", "n", s, "r", "e", "o", none);

        assertEquals(true, fault.marks(v.apply(io.podwire.verdict.ClaimId.C11, io.podwire.verdict.Verdict.Status.FAIL)));
        assertEquals(true, fault.marks(v.apply(io.podwire.verdict.ClaimId.C4, io.podwire.verdict.Verdict.Status.INCONCLUSIVE)));
        assertFalse(fault.marks(v.apply(io.podwire.verdict.ClaimId.C9, io.podwire.verdict.Verdict.Status.PASS)));
        assertEquals(true, fault.isTarget("C9", "app"));
        assertFalse(fault.isTarget("C11", "app"));
        assertFalse(fault.isTarget("C9", "web"));
    }
}
