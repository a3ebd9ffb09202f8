package io.podwire.lab;

import io.podwire.verdict.ClaimId;
import io.podwire.verdict.Verdict;
import io.podwire.verdict.VerdictMessages;
import io.podwire.report.ClaimReport;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A dual-stack lab node (each pod also has an IPv6 /128, wired as Calico's dataplane does): every claim holds for
 * every pod, with its IPv6 details checked (each IPv6 fact made false is a fault of the catalogue: FaultInjectionIT).
 */
@ExtendWith(LabNodeExtension.class)
@Execution(ExecutionMode.CONCURRENT)
@DisplayName("Lab node, dual-stack: every claim holds with its IPv6 details")
class DualStackLabIT {

    @Test
    @DisplayName("every claim holds for every dual-stack pod, and C4, C5, C9 checked its IPv6 address, routes and sysctls")
    void everyClaimHoldsForDualStackPods(@FreshLab(dualStack = true) LabNode lab) {
        LabObservation seen = LabObservation.of(lab);
        ClaimReport.attachSnapshot(seen.raw());
        List<String> notPassing = seen.verdicts().stream().filter(v -> v.status() != Verdict.Status.PASS)
                .map(VerdictMessages::describe).toList();
        assertEquals(List.of(), notPassing, "verdicts on a correctly wired dual-stack node");
        Set<String> probed = Set.of("app", "web");
        for (LabPod pod : LabPod.dualStack()) {
            Set<ClaimId> judged = seen.verdicts().stream().filter(v -> v.pod().equals(pod.name())).map(Verdict::claim)
                    .collect(Collectors.toCollection(() -> EnumSet.noneOf(ClaimId.class)));
            Set<ClaimId> all = EnumSet.allOf(ClaimId.class);
            if (!probed.contains(pod.name())) {
                all.remove(ClaimId.C11);  // pinger is the prober, not probed
            }
            assertEquals(all, judged, "claims judged for " + pod.name());
            Verdict c4 = seen.of(ClaimId.C4, pod.name());
            assertEquals(List.of(pod.ipv6() + "/128"), c4.evidence().values().get("eth0Ipv6Addresses"),
                    "C4 read the pod's IPv6 address");
            assertTrue(String.valueOf(c4.evidence().values().get("routes6")).contains("default via fe80::ecee:eeff:feee:eeee"),
                    () -> "C4 read the pod's IPv6 routes: " + c4.evidence().values());
            assertEquals(0, c4.evidence().values().get("podIpv6Forward"), "C4 read the pod's IPv6 forwarding");
            Verdict c5 = seen.of(ClaimId.C5, pod.name());
            assertTrue(String.valueOf(c5.evidence().values().get("hostIpv6Addresses"))
                    .contains("fe80::ecee:eeff:feee:eeee/64"), () -> "C5 read the host end's link-local: " + c5.evidence().values());
            Verdict c9 = seen.of(ClaimId.C9, pod.name());
            assertTrue(String.valueOf(c9.evidence().values().get("hostRoute6")).startsWith(pod.ipv6() + " dev cali"),
                    () -> "C9 read the node's /128 route: " + c9.evidence().values());
            assertEquals(1, c9.evidence().values().get("ipv6_proxy_ndp"), "C9 read proxy_ndp");
        }
    }

    @Test
    @DisplayName("host-local ipam.routes of both families replace both defaults, as Calico's k8s CNI tests wire them: every claim holds")
    void ipamRoutesOfBothFamiliesLeaveEveryClaimHolding(@FreshLab(dualStack = true) LabNode lab) {
        // calico_cni_k8s_test.go 798-863 (10.123.0.0/16, 10.124.0.0/16, dead:beef::/96), plus the pod networks so the
        // pinger still reaches its peers, written with host bits as net.ParseCIDR accepts them (k8s.go 162)
        lab.pods().forEach(lab::unwire);
        lab.wire(LabPod.dualStack(), LabCalico.ipamRoutes(false, "10.42.0.1/16", "10.123.0.0/16", "10.124.0.0/16",
                "fd00:10:42::1/64", "dead:beef::/96"));
        LabObservation seen = LabObservation.of(lab);
        ClaimReport.attachSnapshot(seen.raw());
        seen.verdicts().forEach(ClaimReport::record);
        List<String> notPassing = seen.verdicts().stream().filter(v -> v.status() != Verdict.Status.PASS)
                .map(VerdictMessages::describe).toList();
        assertEquals(List.of(), notPassing, "verdicts on dual-stack pods wired with ipam.routes of both families");
        for (LabPod pod : LabPod.dualStack()) {
            Verdict c4 = seen.of(ClaimId.C4, pod.name());
            assertEquals(List.of("10.42.0.0/16", "10.123.0.0/16", "10.124.0.0/16"),
                    c4.evidence().values().get("expectedRoutesViaGateway"), "IPv4 destinations as Calico reads them");
            assertEquals(List.of("fd00:10:42::/64", "dead:beef::/96"), c4.evidence().values().get("expectedRoutes6ViaGateway"),
                    "IPv6 destinations as Calico reads them");
            String routes6 = String.valueOf(c4.evidence().values().get("routes6"));
            assertTrue(routes6.contains("dead:beef::/96 via fe80::ecee:eeff:feee:eeee") && !routes6.contains("default"),
                    () -> "the pod holds the IPv6 routes, no IPv6 default: " + routes6);
        }
    }
}
