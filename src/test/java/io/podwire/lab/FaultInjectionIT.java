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

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each claim fails on a lab node where a real mutation makes it false: for the right pod, with a message naming
 * expected and observed values, while the claims independent of that mutation still hold for every pod.
 */
@ExtendWith(LabNodeExtension.class)
@Execution(ExecutionMode.CONCURRENT)
@DisplayName("Lab node, fault injection: each claim fails where its fact is made false")
class FaultInjectionIT {

    @Test
    @DisplayName("C1 fault: a sidecar with an IPC namespace of its own is caught")
    void sidecarWithItsOwnIpcNamespaceViolatesC1(@FreshLab LabNode lab) {
        Verdict v = fails(lab, LabFault.SIDECAR_IN_OWN_IPC_NAMESPACE);
        assertMentions(v, "ipc", "sidecar");
    }

    @Test
    @DisplayName("C2 fault: a pod netns that is no longer pinned under /var/run/netns is caught")
    void unpinnedNetnsViolatesC2(@FreshLab LabNode lab) {
        Verdict v = fails(lab, LabFault.NETNS_UNPINNED);
        assertMentions(v, lab.pod("web").netns());
    }

    @Test
    @DisplayName("C3 fault: an extra link inside the pod netns is caught")
    void extraLinkInPodNetnsViolatesC3(@FreshLab LabNode lab) {
        Verdict v = fails(lab, LabFault.EXTRA_LINK_IN_POD_NETNS);
        assertMentions(v, "extra0");
    }

    @Test
    @DisplayName("C3 fault: a veth in the pod netns named like the kernel's fallback tunnel (tunl0) is caught")
    void vethNamedLikeAFallbackTunnelViolatesC3(@FreshLab LabNode lab) {
        Verdict v = fails(lab, LabFault.POD_END_NAMED_TUNL0);
        String text = VerdictMessages.describe(v);
        assertTrue(LabFault.fallbackTunnelNames().stream().anyMatch(text::contains),
                () -> "the C3 verdict names the veth called " + LabFault.fallbackTunnelNames() + ": " + text);
    }

    @Test
    @DisplayName("C3 fault: a pod whose eth0 was moved into another netns fails, nothing about it is inconclusive")
    void eth0MovedAwayViolatesC3AndIsSeenAsAbsent(@FreshLab LabNode lab) {
        Injected i = inject(lab, LabFault.ETH0_MOVED_AWAY);
        assertMentions(i.target(), "eth0");
        // looked for and not there is a FAIL: the snapshot's commands all ran and printed what they should
        List<String> inconclusive = i.after().verdicts().stream().filter(v -> v.pod().equals("web"))
                .filter(v -> v.status() == Verdict.Status.INCONCLUSIVE).map(VerdictMessages::describe).toList();
        assertEquals(List.of(), inconclusive, "web's verdicts that call its absent eth0 `could not observe`");
    }

    @Test
    @DisplayName("C3 fault: a pod eth0 set administratively down is caught")
    void eth0AdminDownViolatesC3(@FreshLab LabNode lab) {
        Verdict v = fails(lab, LabFault.ETH0_ADMIN_DOWN);
        assertMentions(v, "eth0");
    }

    @Test
    @DisplayName("C4 fault: the pod IP as /24 instead of /32 is caught")
    void slash24InsteadOfSlash32ViolatesC4(@FreshLab LabNode lab) {
        Verdict v = fails(lab, LabFault.SLASH24_INSTEAD_OF_SLASH32);
        assertEquals("10.42.0.10/32", v.expected(), "expected value named in the C4 verdict");
        assertEquals("10.42.0.10/24", v.observed(), "observed value named in the C4 verdict");
    }

    @Test
    @DisplayName("C4 fault: a missing 169.254.1.1 route in the pod is caught")
    void missingGatewayRouteViolatesC4(@FreshLab LabNode lab) {
        Verdict v = fails(lab, LabFault.GATEWAY_ROUTE_MISSING);
        assertMentions(v, "169.254.1.1 dev eth0 scope link");
    }

    @Test
    @DisplayName("C5 fault: the node end of a pod's veth moved to another netns is caught")
    void vethPeerInWrongNetnsViolatesC5(@FreshLab LabNode lab) {
        Verdict v = fails(lab, LabFault.VETH_PEER_IN_WRONG_NETNS);
        assertMentions(v, "ifindex");
    }

    @Test
    @DisplayName("C5 fault: the pod's cali link UP without carrier, its route and proxy_arp intact, is caught")
    void caliLinkWithoutCarrierViolatesC5(@FreshLab LabNode lab) {
        Verdict v = fails(lab, LabFault.CALI_NO_CARRIER_ROUTES_INTACT);
        assertMentions(v, lab.pod("app").hostVeth());
    }

    @Test
    @DisplayName("C6 fault: a host veth renamed veth… is caught")
    void renamedHostVethViolatesC6(@FreshLab LabNode lab) {
        Verdict v = fails(lab, LabFault.HOST_VETH_RENAMED);
        assertEquals(lab.pod("web").hostVeth(), v.expected(), "expected name in the C6 verdict");
        assertEquals("veth0123456789a", v.observed(), "observed name in the C6 verdict");
    }

    @Test
    @DisplayName("C7 fault: an orphan cali link with no pod is caught")
    void orphanCaliLinkViolatesC7(@FreshLab LabNode lab) {
        Verdict v = fails(lab, LabFault.ORPHAN_CALI_LINK);
        assertMentions(v, "cali0deadbeef00");
    }

    @Test
    @DisplayName("C7 fault: a second veth from the node into the pod netns (not named cali) is caught")
    void secondNodeVethIntoThePodViolatesC7(@FreshLab LabNode lab) {
        Verdict v = fails(lab, LabFault.SECOND_HOST_VETH_INTO_POD);
        assertMentions(v, "veth5e2a91c0");
    }

    @Test
    @DisplayName("C8 fault: a stale veth carrying the pod's cali name but paired elsewhere is caught")
    void staleVethWithThePodsNameViolatesC8(@FreshLab LabNode lab) {
        Verdict v = fails(lab, LabFault.STALE_VETH_WITH_POD_NAME);
        assertTrue(v.observed().startsWith("peer_ifindex: 7 in cni-stale "), () -> "observed peer_ifindex and the netns "
                + "it indexes into, in the C8 verdict: " + v.observed());
    }

    @Test
    @DisplayName("C8 fault: a veth with the pod's cali name whose peer is ifindex 2 of another netns is caught")
    void caliNamedVethPairedIntoAnotherNetnsAtTheSameIfindexViolatesC8(@FreshLab LabNode lab) {
        Verdict v = fails(lab, LabFault.CALI_NAMED_VETH_PAIRED_ELSEWHERE_SAME_IFINDEX);
        // peer_ifindex 2 equals the pod's eth0 ifindex: only the netns it indexes into tells them apart
        assertMentions(v, "cni-stale");
    }

    @Test
    @DisplayName("C4 fault: a route Calico does not add in the pod's main table is caught")
    void extraPodRouteViolatesC4(@FreshLab LabNode lab) {
        Verdict v = fails(lab, LabFault.EXTRA_POD_ROUTE);
        assertMentions(v, "10.96.0.0/12 via 169.254.1.1 dev eth0");
    }

    @Test
    @DisplayName("C4 fault: ip_forward=1 inside the pod is caught")
    void podForwardingOnViolatesC4(@FreshLab LabNode lab) {
        Verdict v = fails(lab, LabFault.POD_FORWARDING_ON);
        assertEquals("ip_forward=1", v.observed(), "observed ip_forward in the C4 verdict");
    }

    @Test
    @DisplayName("C5 fault: a host end MAC other than ee:ee:ee:ee:ee:ee is caught")
    void hostMacChangedViolatesC5(@FreshLab LabNode lab) {
        Verdict v = fails(lab, LabFault.HOST_MAC_CHANGED);
        assertMentions(v, "ee:ee:ee:ee:ee:01");
    }

    @Test
    @DisplayName("C5 fault: a host end MTU other than eth0's and Calico's is caught")
    void mtuMismatchViolatesC5(@FreshLab LabNode lab) {
        Verdict v = fails(lab, LabFault.MTU_MISMATCH);
        assertMentions(v, "mtu 1400", "eth0 mtu 1500");
    }

    @Test
    @DisplayName("C9 fault: proxy_arp off on the pod's cali link is caught")
    void proxyArpOffViolatesC9(@FreshLab LabNode lab) {
        Verdict v = fails(lab, LabFault.PROXY_ARP_OFF);
        assertEquals("proxy_arp=0", v.observed(), "observed proxy_arp in the C9 verdict");
    }

    @Test
    @DisplayName("C9 fault: proxy_delay other than 0 on the pod's cali link is caught")
    void proxyDelayNonZeroViolatesC9(@FreshLab LabNode lab) {
        Verdict v = fails(lab, LabFault.PROXY_DELAY_NONZERO);
        assertEquals("proxy_delay=80", v.observed(), "observed proxy_delay in the C9 verdict");
    }

    @Test
    @DisplayName("C9 fault: IPv4 forwarding off on the pod's cali link is caught")
    void hostForwardingOffViolatesC9(@FreshLab LabNode lab) {
        Verdict v = fails(lab, LabFault.HOST_FORWARDING_OFF);
        assertEquals("forwarding=0", v.observed(), "observed forwarding in the C9 verdict");
    }

    @Test
    @DisplayName("C9 fault: route_localnet off on the pod's cali link is caught")
    void routeLocalnetOffViolatesC9(@FreshLab LabNode lab) {
        Verdict v = fails(lab, LabFault.ROUTE_LOCALNET_OFF);
        assertEquals("route_localnet=0", v.observed(), "observed route_localnet in the C9 verdict");
    }

    @Test
    @DisplayName("C9 fault: IPv6 accept_ra on the pod's cali link is caught")
    void acceptRaOnViolatesC9(@FreshLab LabNode lab) {
        Verdict v = fails(lab, LabFault.ACCEPT_RA_ON);
        assertEquals("accept_ra=1", v.observed(), "observed accept_ra in the C9 verdict");
    }

    @Test
    @DisplayName("C9 fault: the node's route to the pod with proto static instead of boot is caught")
    void hostRouteProtoStaticViolatesC9(@FreshLab LabNode lab) {
        Verdict v = fails(lab, LabFault.HOST_ROUTE_PROTO_STATIC);
        assertMentions(v, "proto static", "10.42.0.10");
    }

    @Test
    @DisplayName("C9 fault: the node's route to the pod left proto boot while Felix's DeviceRouteProtocol is 80 is caught")
    void hostRouteNotOfFelixsProtocolViolatesC9(@FreshLab LabNode lab) {
        Verdict v = fails(lab, LabFault.HOST_ROUTE_PROTO_NOT_CONFIGURED);
        assertEquals("unicast, proto 80", v.expected(), "expected protocol in the C9 verdict");
        assertMentions(v, "10.42.0.11", "FELIX_DEVICEROUTEPROTOCOL=80 in Felix's environment");
    }

    @Test
    @DisplayName("C6 fault: a host veth named with the default prefix cali while Felix's FELIX_INTERFACEPREFIX starts with wl is caught")
    void hostVethWithTheDefaultPrefixUnderAnotherViolatesC6(@FreshLab LabNode lab) {
        Verdict v = fails(lab, LabFault.HOST_VETH_DEFAULT_PREFIX);
        assertEquals("wl787c498fb7a", v.expected(), "expected name in the C6 verdict");
        assertEquals("cali787c498fb7a", v.observed(), "observed name in the C6 verdict");
        assertMentions(v, "FELIX_INTERFACEPREFIX=wl,cali in Felix's environment");
    }

    @Test
    @DisplayName("C4 fault: a pod route that is neither the default nor the CNI config's ipam.routes is caught")
    void podRoutesOtherThanTheConfiguredOnesViolateC4(@FreshLab LabNode lab) {
        Verdict v = fails(lab, LabFault.POD_ROUTES_NOT_CONFIGURED);
        assertMentions(v, "10.96.0.0/12 via 169.254.1.1 dev eth0", "ipam.routes of the host-local IPAM config");
    }

    @Test
    @DisplayName("C9 fault: the node's /32 route to the pod deleted is caught")
    void deletedHostRouteViolatesC9(@FreshLab LabNode lab) {
        Verdict v = fails(lab, LabFault.HOST_ROUTE_DELETED);
        assertMentions(v, "no route to 10.42.0.11");
    }

    @Test
    @DisplayName("C10 fault: a sidecar in a netns other than its pod's is caught")
    void sidecarInAnotherNetnsViolatesC10(@FreshLab LabNode lab) {
        Verdict v = fails(lab, LabFault.SIDECAR_IN_OTHER_NETNS);
        assertMentions(v, "sidecar", "nginx");
    }

    @Test
    @DisplayName("C12 fault: Felix's record of the pod listing another IP than eth0 carries is caught")
    void felixRecordWithAnotherIpViolatesC12(@FreshLab LabNode lab) {
        Verdict v = fails(lab, LabFault.FELIX_RECORD_OTHER_IP);
        assertEquals("ipv4Nets [" + lab.pod("web").pod().ip() + "/32], ipv6Nets []", v.expected(),
                "eth0's addresses as the C12 verdict expects them");
        assertEquals("ipv4Nets [10.42.0.99/32], ipv6Nets []", v.observed(), "Felix's record in the C12 verdict");
    }

    @Test
    @DisplayName("C12 fault: Felix's record of the pod naming another pod's host veth is caught")
    void felixRecordNamingAnotherVethViolatesC12(@FreshLab LabNode lab) {
        Verdict v = fails(lab, LabFault.FELIX_RECORD_OTHER_IFACE);
        assertEquals(lab.pod("app").hostVeth(), v.expected(), "the pod's host veth, found by identity");
        assertEquals("ifaceName " + lab.pod("pinger").hostVeth(), v.observed(), "Felix's record in the C12 verdict");
    }

    @Test
    @DisplayName("C12 and C4 fault: a global IPv6 address on a single-stack pod's eth0, which Calico did not assign, is caught by both")
    void unrecordedIpv6AddressViolatesC12(@FreshLab LabNode lab) {
        Injected i = inject(lab, LabFault.UNRECORDED_IPV6_ON_ETH0);
        assertMentions(i.target(), "fd00::a:b/128");
        Verdict c4 = i.after().of(ClaimId.C4, "web");
        assertEquals(Verdict.Status.FAIL, c4.status(), () -> "C4 counts global IPv6 addresses: " + VerdictMessages.describe(c4));
        assertTrue(c4.observed().startsWith("fd00::a:b/128"), () -> "C4's observed address: " + c4.observed());
    }

    /** Injects the fault, observes, and asserts the fault's claim fails for its pod only; returns that verdict. */
    static Verdict fails(LabNode lab, LabFault fault) {
        return inject(lab, fault).target();
    }

    /** What an injected fault left: the target verdict (asserted FAIL) and the whole observation after it. */
    record Injected(Verdict target, LabObservation after) {
    }

    /** As fails(), keeping the observation for assertions beyond the target verdict. */
    static Injected inject(LabNode lab, LabFault fault) {
        if (!fault.calico().equals(LabCalico.DEFAULT)) {
            lab.rewire(fault.calico());
        }
        LabObservation before = LabObservation.of(lab);
        assertTrue(before.verdicts().stream().allMatch(v -> v.status() == Verdict.Status.PASS),
                () -> "lab node not correctly wired before " + fault + ": " + before.verdicts().stream()
                        .filter(v -> v.status() != Verdict.Status.PASS).map(VerdictMessages::describe).toList());
        fault.inject(lab);
        LabObservation after = LabObservation.of(lab);
        ClaimReport.attachSnapshot(after.raw());
        // every verdict under the fault, so a failed assertion below still shows what the engine said of the rest
        ClaimReport.attach("verdicts under " + fault, String.join("\n",
                after.verdicts().stream().map(VerdictMessages::describe).toList()));
        Verdict target = ClaimReport.recordInjected(after.of(fault.claim(), fault.targetPod()), fault.name());
        assertEquals(Verdict.Status.FAIL, target.status(), () -> fault + " must make " + fault.claim() + " fail for "
                + fault.targetPod() + ": " + VerdictMessages.describe(target));
        assertTrue(target.reason() != null && !target.expected().equals(target.observed()),
                () -> "a failing verdict names differing expected and observed values: " + VerdictMessages.describe(target));
        for (Verdict other : after.of(fault.claim())) {
            if (!other.pod().equals(fault.targetPod())) {
                assertEquals(Verdict.Status.PASS, other.status(), () -> fault + " must not break " + fault.claim()
                        + " for another pod: " + VerdictMessages.describe(other));
            }
        }
        for (ClaimId claim : fault.independent()) {
            List<Verdict> unrelated = after.of(claim);
            for (Verdict v : unrelated) {
                assertEquals(Verdict.Status.PASS, v.status(), () -> claim + " is independent of " + fault
                        + " and must still hold: " + VerdictMessages.describe(v));
            }
        }
        return new Injected(target, after);
    }

    static void assertMentions(Verdict v, String... words) {
        String text = VerdictMessages.describe(v);
        for (String w : words) {
            assertTrue(text.contains(w), () -> "the " + v.claim() + " verdict names `" + w + "`: " + text);
        }
    }
}
