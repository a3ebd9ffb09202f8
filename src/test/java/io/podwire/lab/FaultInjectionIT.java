package io.podwire.lab;

import io.podwire.verdict.ClaimId;
import io.podwire.claims.DecidingFact;
import io.podwire.verdict.Verdict;
import io.podwire.verdict.VerdictMessages;
import io.podwire.report.ClaimReport;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every fault of the catalogue, each on a lab node of its own: a real mutation makes its claim FAIL for its pod only,
 * with differing expected and observed values, and every claim the fault does not declare it breaks still holds for
 * every pod. Where a fault's verdict must name particular values, {@link #EVIDENCE} checks them.
 */
@ExtendWith(LabNodeExtension.class)
@Execution(ExecutionMode.CONCURRENT)
@DisplayName("Lab node, fault injection: each claim fails where its fact is made false, nothing undeclared breaks")
class FaultInjectionIT {

    /** -Dpodwire.faults=A,B reruns those faults alone (a recording of one new fault); unset: every fault. */
    static Stream<Named<LabFault>> faults() {
        java.util.Set<String> only = java.util.Set.of(System.getProperty("podwire.faults", "").split(","));
        return Arrays.stream(LabFault.values()).filter(f -> only.equals(java.util.Set.of("")) || only.contains(f.name()))
                .map(f -> Named.of(f.claim() + " fault " + f.name() + ": "
                + f.description(), f));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void faultBreaksItsClaimForItsPodAndNothingUndeclared(LabFault fault) {
        try (LabNode lab = LabNodeExtension.wiredLab(fault.labPods())) {
            Injected i = inject(lab, fault);
            EVIDENCE.getOrDefault(fault, (l, x) -> { }).accept(lab, i);
        }
    }

    /** The values a fault's verdict must name, beyond FAIL for its pod (structured fields first, words where none). */
    private static final Map<LabFault, BiConsumer<LabNode, Injected>> EVIDENCE = new EnumMap<>(LabFault.class);

    static {
        EVIDENCE.put(LabFault.SIDECAR_IN_OWN_IPC_NAMESPACE, (lab, i) -> fact(i, "container sidecar's ipc namespace"));
        EVIDENCE.put(LabFault.NETNS_UNPINNED, (lab, i) -> {
            fact(i, "ip netns list entry");
            assertEquals(lab.pod("web").netns() + " listed", i.target().expected(), "the netns looked for");
        });
        EVIDENCE.put(LabFault.EXTRA_LINK_IN_POD_NETNS, (lab, i) -> decided(i, "pod netns links",
                "lo, eth0@if4, extra1@extra0, extra0@extra1"));
        EVIDENCE.put(LabFault.POD_END_NAMED_TUNL0, (lab, i) -> {
            fact(i, "pod netns links");
            String text = VerdictMessages.describe(i.target());
            assertTrue(LabFault.fallbackTunnelNames().stream().anyMatch(text::contains),
                    () -> "the C3 verdict names the veth called " + LabFault.fallbackTunnelNames() + ": " + text);
        });
        EVIDENCE.put(LabFault.ETH0_MOVED_AWAY, (lab, i) -> {
            decided(i, "eth0", "lo");
            // looked for and not there is a FAIL: the snapshot's commands all ran and printed what they should
            List<String> inconclusive = i.after().verdicts().stream().filter(v -> v.pod().equals("web"))
                    .filter(v -> v.status() == Verdict.Status.INCONCLUSIVE).map(VerdictMessages::describe).toList();
            assertEquals(List.of(), inconclusive, "web's verdicts that call its absent eth0 `could not observe`");
        });
        EVIDENCE.put(LabFault.ETH0_ADMIN_DOWN, (lab, i) -> {
            decided(i, "eth0 admin state", "eth0@if3 <BROADCAST,MULTICAST> state DOWN");
            // the node's route to the pod stays, marked linkdown: C9 names that flag
            DecidingFact.assertFailsOn(i.after().of(ClaimId.C9, "app"), "node route 10.42.0.11 flags", "linkdown");
        });
        EVIDENCE.put(LabFault.SLASH24_INSTEAD_OF_SLASH32, (lab, i) -> {
            assertEquals("10.42.0.10/32", i.target().expected(), "expected value named in the C4 verdict");
            decided(i, "eth0 IPv4 addresses", "10.42.0.10/24");
        });
        EVIDENCE.put(LabFault.GATEWAY_ROUTE_MISSING, (lab, i) -> {
            assertEquals("169.254.1.1 dev eth0 scope link", i.target().expected(), "the route looked for");
            fact(i, "route 169.254.1.1 dev eth0 scope link");
        });
        EVIDENCE.put(LabFault.VETH_PEER_IN_WRONG_NETNS, (lab, i) -> {
            fact(i, "node end");
            assertMentions(i.target(), "ifindex");
        });
        EVIDENCE.put(LabFault.NODE_ROUTE_LINKDOWN, (lab, i) -> decided(i, "node route 10.42.0.11 flags", "linkdown"));
        EVIDENCE.put(LabFault.HOST_VETH_RENAMED, (lab, i) -> {
            assertEquals(lab.pod("web").hostVeth(), i.target().expected(), "expected name in the C6 verdict");
            decided(i, "node end name", "veth0123456789a");
        });
        // names swapped between two pods' node ends: each pod's C6 names the other's name
        EVIDENCE.put(LabFault.HOST_VETH_NAMES_SWAPPED, (lab, i) -> {
            decided(i, "node end name", lab.pod("web").hostVeth());
            DecidingFact.assertFailsOn(i.after().of(ClaimId.C6, "web"), "node end name", lab.pod("app").hostVeth());
        });
        EVIDENCE.put(LabFault.ORPHAN_CALI_LINK, (lab, i) -> {
            fact(i, "workload links without a pod");
            assertTrue(i.target().observed().startsWith("cali0deadbeef00@if2 (peer in cni-orphan "), i.target()::observed);
        });
        EVIDENCE.put(LabFault.SECOND_HOST_VETH_INTO_POD, (lab, i) -> decided(i, "node links into the pod's netns",
                lab.pod("app").hostVeth() + "@if2, veth5e2a91c0@if3"));
        // a stale veth with the pod's name: an orphan (C7); the pod's own pairing, found by identity, holds (C8)
        EVIDENCE.put(LabFault.STALE_VETH_WITH_POD_NAME, (lab, i) -> {
            fact(i, "workload links without a pod");
            assertTrue(i.target().observed().startsWith(lab.pod("pinger").hostVeth() + "@if7 (peer in cni-stale "),
                    i.target()::observed);
        });
        // peer_ifindex 2 equals the pod's eth0 ifindex: only the netns it indexes into tells them apart
        EVIDENCE.put(LabFault.CALI_NAMED_VETH_PAIRED_ELSEWHERE_SAME_IFINDEX, (lab, i) -> {
            fact(i, "workload links without a pod");
            assertTrue(i.target().observed().startsWith(lab.pod("pinger").hostVeth() + "@if2 (peer in cni-stale "),
                    i.target()::observed);
        });
        EVIDENCE.put(LabFault.EXTRA_POD_ROUTE, (lab, i) -> decided(i, "the pod's main-table routes on eth0",
                "10.96.0.0/12 via 169.254.1.1 dev eth0 scope global"));
        EVIDENCE.put(LabFault.POD_FORWARDING_ON, (lab, i) -> decided(i, "ip_forward", "ip_forward=1"));
        EVIDENCE.put(LabFault.HOST_MAC_CHANGED, (lab, i) -> decided(i, "node end MAC", "ee:ee:ee:ee:ee:01"));
        EVIDENCE.put(LabFault.MTU_MISMATCH, (lab, i) -> decided(i, "node end MTU = eth0 MTU",
                lab.pod("web").hostVeth() + " mtu 1400, eth0 mtu 1500"));
        EVIDENCE.put(LabFault.PROXY_ARP_OFF, (lab, i) -> decided(i, "proxy_arp", "proxy_arp=0"));
        EVIDENCE.put(LabFault.PROXY_DELAY_NONZERO, (lab, i) -> decided(i, "proxy_delay", "proxy_delay=80"));
        EVIDENCE.put(LabFault.HOST_FORWARDING_OFF, (lab, i) -> decided(i, "forwarding", "forwarding=0"));
        EVIDENCE.put(LabFault.ROUTE_LOCALNET_OFF, (lab, i) -> decided(i, "route_localnet", "route_localnet=0"));
        EVIDENCE.put(LabFault.ACCEPT_RA_ON, (lab, i) -> decided(i, "accept_ra", "accept_ra=1"));
        EVIDENCE.put(LabFault.HOST_ROUTE_PROTO_STATIC, (lab, i) -> {
            assertEquals("proto 3", i.target().expected(), "expected protocol in the C9 verdict");
            decided(i, "node route 10.42.0.10 protocol", "proto static = 4");
        });
        EVIDENCE.put(LabFault.HOST_ROUTE_PROTO_NOT_CONFIGURED, (lab, i) -> {
            assertEquals("proto 80", i.target().expected(), "expected protocol in the C9 verdict");
            decided(i, "node route 10.42.0.11 protocol", "proto boot = 3");
            // one wording check: the reason names where the expected protocol came from
            assertMentions(i.target(), "FELIX_DEVICEROUTEPROTOCOL=80 in Felix's environment");
        });
        EVIDENCE.put(LabFault.HOST_VETH_DEFAULT_PREFIX, (lab, i) -> {
            assertEquals("wl787c498fb7a", i.target().expected(), "expected name in the C6 verdict");
            decided(i, "node end name", "cali787c498fb7a");
            assertMentions(i.target(), "FELIX_INTERFACEPREFIX=wl,cali in Felix's environment");
        });
        EVIDENCE.put(LabFault.POD_ROUTES_NOT_CONFIGURED, (lab, i) -> {
            fact(i, "route 10.96.0.0/12 via 169.254.1.1 dev eth0");
            assertMentions(i.target(), "ipam.routes of the host-local IPAM config");
        });
        EVIDENCE.put(LabFault.HOST_ROUTE_DELETED, (lab, i) -> decided(i, "node route 10.42.0.11/32",
                "no route to 10.42.0.11"));
        EVIDENCE.put(LabFault.NODE_NEIGHBOUR_STALE, (lab, i) -> {
            fact(i, "ping");
            assertMentions(i.target(), "10.42.0.12");
        });
        EVIDENCE.put(LabFault.SIDECAR_IN_OTHER_NETNS, (lab, i) -> {
            fact(i, "containers' views");
            assertMentions(i.target(), "sidecar", "nginx");
        });
        EVIDENCE.put(LabFault.FELIX_RECORD_OTHER_IP, (lab, i) -> {
            assertEquals("ipv4Nets [" + lab.pod("web").pod().ip() + "/32], ipv6Nets []", i.target().expected(),
                    "eth0's addresses as the C12 verdict expects them");
            decided(i, "record ipv4Nets, ipv6Nets", "ipv4Nets [10.42.0.99/32], ipv6Nets []");
        });
        EVIDENCE.put(LabFault.FELIX_RECORD_OTHER_IFACE, (lab, i) -> {
            assertEquals("ifaceName " + lab.pod("app").hostVeth(), i.target().expected(),
                    "the pod's host veth, found by identity");
            decided(i, "record ifaceName", "ifaceName " + lab.pod("pinger").hostVeth());
        });
        EVIDENCE.put(LabFault.UNRECORDED_IPV6_ON_ETH0, (lab, i) -> {
            decided(i, "record ipv4Nets, ipv6Nets", "ipv4Nets [10.42.0.12/32], ipv6Nets []");
            Verdict c4 = i.after().of(ClaimId.C4, "web");
            DecidingFact.assertFailsOn(c4, "eth0 global IPv6 addresses", "fd00::a:b/128 nodad");
        });
        EVIDENCE.put(LabFault.IPV6_ADDRESS_TENTATIVE, (lab, i) -> decided(i, "eth0 IPv6 address state",
                "fd00:10:42::12/128 tentative"));
        EVIDENCE.put(LabFault.IPV6_DEFAULT_ROUTE_MISSING, (lab, i) -> {
            assertEquals("default via fe80::ecee:eeff:feee:eeee dev eth0 proto boot", i.target().expected());
            fact(i, "IPv6 route default via fe80::ecee:eeff:feee:eeee dev eth0 proto boot");
        });
        EVIDENCE.put(LabFault.IPV6_POD_FORWARDING_ON, (lab, i) -> decided(i, "ipv6 forwarding", "ipv6 forwarding=1"));
        EVIDENCE.put(LabFault.IPV6_HOST_LINK_LOCAL_CHANGED, (lab, i) -> decided(i, "node end IPv6 link-local address",
                "fe80::ecee:eeff:feee:ee01/64"));
        EVIDENCE.put(LabFault.IPV6_HOST_ROUTE_DELETED, (lab, i) -> decided(i, "node route fd00:10:42::10/128",
                "no route to fd00:10:42::10"));
        EVIDENCE.put(LabFault.IPV6_PROXY_NDP_OFF, (lab, i) -> decided(i, "ipv6 proxy_ndp", "ipv6 proxy_ndp=0"));
        EVIDENCE.put(LabFault.IPV6_HOST_FORWARDING_OFF, (lab, i) -> decided(i, "ipv6 forwarding", "ipv6 forwarding=0"));
        EVIDENCE.put(LabFault.IPV6_HOST_ACCEPT_DAD_ON, (lab, i) -> decided(i, "ipv6 accept_dad", "ipv6 accept_dad=1"));
        EVIDENCE.put(LabFault.IPV6_DISABLED_ON_HOST_END, (lab, i) -> decided(i, "node route fd00:10:42::12/128",
                "no route to fd00:10:42::12"));
    }

    /** What an injected fault left: the target verdict (asserted FAIL) and the whole observation after it. */
    record Injected(Verdict target, LabObservation after) {
    }

    /**
     * Injects the fault on a correctly wired lab node and observes: its claim FAILs for its pod only, with differing
     * expected and observed values, and every claim it does not declare it breaks holds for every pod.
     */
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
        FaultRecordings.record(fault, after.raw());
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
            if (!fault.targetPods().contains(other.pod())) {
                assertEquals(Verdict.Status.PASS, other.status(), () -> fault + " must not break " + fault.claim()
                        + " for another pod: " + VerdictMessages.describe(other));
            }
        }
        List<String> undeclared = after.verdicts().stream().filter(v -> fault.mustHold().contains(v.claim()))
                .filter(v -> v.status() != Verdict.Status.PASS).map(VerdictMessages::describe).toList();
        assertEquals(List.of(), undeclared, () -> fault + " declares it breaks only " + fault.claim() + " and "
                + fault.alsoBreaks() + ": every other claim must still hold");
        return new Injected(target, after);
    }

    /** The target FAILs on {@code fact}, observed {@code value}, decided by a command it ran. */
    private static void decided(Injected i, String fact, String value) {
        DecidingFact.assertFailsOn(i.target(), fact, value);
    }

    /** The target FAILs on {@code fact}, whose observed value holds run-specific names. */
    private static void fact(Injected i, String fact) {
        assertEquals(fact, i.target().evidence().fact(), () -> VerdictMessages.describe(i.target()));
    }

    static void assertMentions(Verdict v, String... words) {
        String text = VerdictMessages.describe(v);
        for (String w : words) {
            assertTrue(text.contains(w), () -> "the " + v.claim() + " verdict names `" + w + "`: " + text);
        }
    }
}
