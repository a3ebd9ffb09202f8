package io.podwire.lab;

import io.podwire.claims.ClaimId;
import io.podwire.claims.Verdict;
import io.podwire.claims.VerdictMessages;
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

import static io.podwire.lab.FaultInjectionIT.assertMentions;
import static io.podwire.lab.FaultInjectionIT.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A dual-stack lab node (each pod also has an IPv6 /128, wired as Calico's dataplane does): every claim holds for
 * every pod, with its IPv6 details checked, and each IPv6 fact made false on the kernel is caught for its pod only.
 */
@ExtendWith(LabNodeExtension.class)
@Execution(ExecutionMode.CONCURRENT)
@DisplayName("Lab node, dual-stack: every claim holds with its IPv6 details, each IPv6 fault is caught")
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
    @DisplayName("C4 fault: eth0's IPv6 address left tentative (DAD not disabled) is caught")
    void tentativeAddressViolatesC4(@FreshLab(dualStack = true) LabNode lab) {
        Verdict v = fails(lab, LabFault.IPV6_ADDRESS_TENTATIVE);
        assertEquals("fd00:10:42::12/128 tentative", v.observed(), "observed address in the C4 verdict");
    }

    @Test
    @DisplayName("C4 fault: the pod's IPv6 default route via fe80::ecee:eeff:feee:eeee deleted is caught")
    void missingIpv6DefaultRouteViolatesC4(@FreshLab(dualStack = true) LabNode lab) {
        Verdict v = fails(lab, LabFault.IPV6_DEFAULT_ROUTE_MISSING);
        assertMentions(v, "default via fe80::ecee:eeff:feee:eeee dev eth0 proto boot");
    }

    @Test
    @DisplayName("C4 fault: IPv6 forwarding on inside the pod is caught")
    void podIpv6ForwardingViolatesC4(@FreshLab(dualStack = true) LabNode lab) {
        Verdict v = fails(lab, LabFault.IPV6_POD_FORWARDING_ON);
        assertEquals("ipv6 forwarding=1", v.observed(), "observed forwarding in the C4 verdict");
    }

    @Test
    @DisplayName("C5 fault: the host end without Calico's link-local fe80::ecee:eeff:feee:eeee is caught")
    void hostLinkLocalChangedViolatesC5(@FreshLab(dualStack = true) LabNode lab) {
        Verdict v = fails(lab, LabFault.IPV6_HOST_LINK_LOCAL_CHANGED);
        assertMentions(v, "fe80::ecee:eeff:feee:ee01/64");
    }

    @Test
    @DisplayName("C9 fault: the node's /128 route to the pod deleted is caught")
    void deletedIpv6HostRouteViolatesC9(@FreshLab(dualStack = true) LabNode lab) {
        Verdict v = fails(lab, LabFault.IPV6_HOST_ROUTE_DELETED);
        assertMentions(v, "no route to fd00:10:42::10");
    }

    @Test
    @DisplayName("C9 fault: proxy_ndp off on the pod's cali link is caught")
    void proxyNdpOffViolatesC9(@FreshLab(dualStack = true) LabNode lab) {
        assertEquals("ipv6 proxy_ndp=0", fails(lab, LabFault.IPV6_PROXY_NDP_OFF).observed(), "observed proxy_ndp");
    }

    @Test
    @DisplayName("C9 fault: IPv6 forwarding off on the pod's cali link is caught")
    void hostIpv6ForwardingOffViolatesC9(@FreshLab(dualStack = true) LabNode lab) {
        assertEquals("ipv6 forwarding=0", fails(lab, LabFault.IPV6_HOST_FORWARDING_OFF).observed(), "observed forwarding");
    }

    @Test
    @DisplayName("C9 fault: accept_dad on on the pod's cali link is caught")
    void hostAcceptDadViolatesC9(@FreshLab(dualStack = true) LabNode lab) {
        assertEquals("ipv6 accept_dad=1", fails(lab, LabFault.IPV6_HOST_ACCEPT_DAD_ON).observed(), "observed accept_dad");
    }

    @Test
    @DisplayName("C9 fault: IPv6 disabled on the pod's cali link (its /128 route dropped) is caught")
    void ipv6DisabledOnHostEndViolatesC9(@FreshLab(dualStack = true) LabNode lab) {
        Verdict v = fails(lab, LabFault.IPV6_DISABLED_ON_HOST_END);
        assertMentions(v, "fd00:10:42::12");
    }
}
