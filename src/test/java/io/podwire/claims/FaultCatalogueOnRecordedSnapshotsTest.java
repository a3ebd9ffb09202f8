package io.podwire.claims;

import io.podwire.verdict.Verdict;
import io.podwire.verdict.VerdictMessages;
import io.podwire.verdict.ClaimId;

import io.podwire.lab.LabFault;
import io.podwire.node.ExpectedPod;
import io.podwire.node.NodeState;
import io.podwire.node.NodeStateReader;
import io.podwire.node.PodSideViews;
import io.podwire.node.RawSnapshot;
import io.podwire.node.RecordedSnapshots;
import io.podwire.node.Section;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fault catalogue's recorded-snapshot twins: each fault's node as FaultInjectionIT saw it, recorded with
 * {@code -Dpodwire.record.faults} (lab/FaultRecordings) under src/test/resources/fixtures/faults. Judged from the
 * snapshot alone (C10, C11 need the pods): the fault's claim FAILs for its pods, every claim it does not declare holds,
 * and every FAIL names its deciding fact, that fact's own expected and observed values, and a command that ran.
 */
@DisplayName("Every FAIL of the fault catalogue names its deciding fact, that fact's values and the command that ran")
class FaultCatalogueOnRecordedSnapshotsTest {

    /** Per fault and target pod: the deciding fact and its observed value, read from the recording and checked by hand. */
    private static final Map<String, String[]> DECIDING = new HashMap<>();

    static {
        deciding("SIDECAR_IN_OWN_IPC_NAMESPACE", "app", "container sidecar's ipc namespace",
                "ipc:[4026533286] (sidecar pid 188)");
        deciding("CRIO_PINNED_UTS_NOT_THE_CONTAINERS", "web", "container web's uts namespace",
                "uts:[4026532710] (web pid 52)");
        deciding("NETNS_UNPINNED", "web", "ip netns list entry",
                "listed: [cni-62c7ffde-14db-476f-9079-be40d5ae0599, cni-4cf48281-29e0-4bc9-a652-bee41700278d]");
        deciding("RECORDED_NETNS_PATH_HOLDS_ANOTHER_PODS", "web", "pinned netns inode",
                "inode 4026532781 (/run/containerd/io.containerd.grpc.v1.cri/netns/cni-ea30f0ae-9edd-4b6d-8e4c-f1573a570100)");
        deciding("EXTRA_LINK_IN_POD_NETNS", "web", "pod netns links",
                "lo, eth0@if4, extra1@extra0, extra0@extra1");
        deciding("POD_END_NAMED_TUNL0", "web", "pod netns links",
                "lo, eth0@if4, tunl0@if2");
        deciding("ETH0_MOVED_AWAY", "web", "eth0",
                "lo");
        deciding("ETH0_ADMIN_DOWN", "app", "eth0 admin state",
                "eth0@if3 <BROADCAST,MULTICAST> state DOWN");
        deciding("SLASH24_INSTEAD_OF_SLASH32", "pinger", "eth0 IPv4 addresses",
                "10.42.0.10/24");
        deciding("GATEWAY_ROUTE_MISSING", "app", "route 169.254.1.1 dev eth0 scope link",
                "no route to 169.254.1.1 (routes: default via 169.254.1.1 dev eth0 scope global)");
        deciding("EXTRA_POD_ROUTE", "pinger", "the pod's main-table routes on eth0",
                "10.96.0.0/12 via 169.254.1.1 dev eth0 scope global");
        deciding("POD_FORWARDING_ON", "web", "ip_forward",
                "ip_forward=1");
        deciding("VETH_PEER_IN_WRONG_NETNS", "web", "node end",
                "no node link 4 (eth0@if4)");
        deciding("NODE_ROUTE_LINKDOWN", "app", "node route 10.42.0.11 flags",
                "linkdown");
        deciding("HOST_MAC_CHANGED", "app", "node end MAC",
                "ee:ee:ee:ee:ee:01");
        deciding("MTU_MISMATCH", "web", "node end MTU = eth0 MTU",
                "cali787c498fb7a mtu 1400, eth0 mtu 1500");
        deciding("HOST_VETH_RENAMED", "web", "node end name",
                "veth0123456789a");
        deciding("HOST_VETH_NAMES_SWAPPED", "web", "node end name",
                "cali661a0e7385d");
        deciding("HOST_VETH_NAMES_SWAPPED", "app", "node end name",
                "cali787c498fb7a");
        deciding("ORPHAN_CALI_LINK", "*", "workload links without a pod",
                "cali0deadbeef00@if2 (peer in cni-orphan (inode 4026532174), no ready sandbox's netns)");
        deciding("SECOND_HOST_VETH_INTO_POD", "app", "node links into the pod's netns",
                "cali661a0e7385d@if2, veth5e2a91c0@if3");
        deciding("STALE_VETH_WITH_POD_NAME", "*", "workload links without a pod",
                "calia900becc4a6@if7 (peer in cni-stale (inode 4026532402), no ready sandbox's netns)");
        deciding("CALI_NAMED_VETH_PAIRED_ELSEWHERE_SAME_IFINDEX", "*", "workload links without a pod",
                "calia900becc4a6@if2 (peer in cni-stale (inode 4026533287), no ready sandbox's netns)");
        deciding("PROXY_ARP_OFF", "app", "proxy_arp",
                "proxy_arp=0");
        deciding("PROXY_DELAY_NONZERO", "app", "proxy_delay",
                "proxy_delay=80");
        deciding("HOST_FORWARDING_OFF", "web", "forwarding",
                "forwarding=0");
        deciding("ROUTE_LOCALNET_OFF", "pinger", "route_localnet",
                "route_localnet=0");
        deciding("ACCEPT_RA_ON", "web", "accept_ra",
                "accept_ra=1");
        deciding("HOST_ROUTE_PROTO_STATIC", "pinger", "node route 10.42.0.10 protocol",
                "proto static = 4");
        deciding("HOST_ROUTE_PROTO_NOT_CONFIGURED", "app", "node route 10.42.0.11 protocol",
                "proto boot = 3");
        deciding("HOST_VETH_DEFAULT_PREFIX", "web", "node end name",
                "cali787c498fb7a");
        deciding("POD_ROUTES_NOT_CONFIGURED", "pinger", "route 10.96.0.0/12 via 169.254.1.1 dev eth0",
                "no route to 10.96.0.0/12 (routes: default via 169.254.1.1 dev eth0 scope global; 10.42.0.0/16 via 169.254.1.1 dev eth0 scope global; 169.254.1.1 dev eth0 scope link)");
        deciding("HOST_ROUTE_DELETED", "app", "node route 10.42.0.11/32",
                "no route to 10.42.0.11");
        deciding("FELIX_RECORD_OTHER_IP", "web", "record ipv4Nets, ipv6Nets",
                "ipv4Nets [10.42.0.99/32], ipv6Nets []");
        deciding("FELIX_RECORD_OTHER_IFACE", "app", "record ifaceName",
                "ifaceName calia900becc4a6");
        deciding("UNRECORDED_IPV6_ON_ETH0", "web", "record ipv4Nets, ipv6Nets",
                "ipv4Nets [10.42.0.12/32], ipv6Nets []");
        deciding("IPV6_ADDRESS_TENTATIVE", "web", "eth0 IPv6 address state",
                "fd00:10:42::12/128 tentative");
        deciding("IPV6_DEFAULT_ROUTE_MISSING", "app", "IPv6 route default via fe80::ecee:eeff:feee:eeee dev eth0 proto boot",
                "no such route (IPv6 routes: fd00:10:42::11 dev eth0 scope global proto kernel; fe80::/64 dev eth0 scope global proto kernel)");
        deciding("IPV6_POD_FORWARDING_ON", "pinger", "ipv6 forwarding",
                "ipv6 forwarding=1");
        deciding("IPV6_HOST_LINK_LOCAL_CHANGED", "app", "node end IPv6 link-local address",
                "fe80::ecee:eeff:feee:ee01/64");
        deciding("IPV6_HOST_ROUTE_DELETED", "pinger", "node route fd00:10:42::10/128",
                "no route to fd00:10:42::10");
        deciding("IPV6_PROXY_NDP_OFF", "web", "ipv6 proxy_ndp",
                "ipv6 proxy_ndp=0");
        deciding("IPV6_HOST_FORWARDING_OFF", "app", "ipv6 forwarding",
                "ipv6 forwarding=0");
        deciding("IPV6_HOST_ACCEPT_DAD_ON", "pinger", "ipv6 accept_dad",
                "ipv6 accept_dad=1");
        deciding("IPV6_DISABLED_ON_HOST_END", "web", "node route fd00:10:42::12/128",
                "no route to fd00:10:42::12");
        deciding("CNI_CACHE_OTHER_IP", "web", "cached addresses",
                "10.42.0.12/32, fe80::e819:78ff:fed6:acb1/64");
        deciding("CNI_CACHE_MISSING", "app", "cached result",
                "no such file");
    }

    private static void deciding(String fault, String pod, String fact, String observed) {
        DECIDING.put(fault + " " + pod, new String[]{fact, observed});
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LabFault.class)
    void everyFailNamesItsDecidingFactAndACommandThatRan(LabFault fault) {
        RawSnapshot raw = RawSnapshot.parse("lab-node", Instant.EPOCH, RecordedSnapshots.NONCE, recording(fault));
        NodeState s = NodeStateReader.read(raw);
        List<ExpectedPod> pods = fault.labPods().stream().map(p -> p.expected("lab-node")).toList();
        List<Verdict> verdicts = ClaimEngine.evaluate(pods, s, PodSideViews.none(), ClaimId.nodeSide());
        Set<String> ran = raw.sections().values().stream().map(Section::command).collect(Collectors.toSet());
        for (Verdict v : verdicts) {
            String shown = VerdictMessages.describe(v);
            if (v.status() == Verdict.Status.FAIL) {
                assertNotNull(v.evidence().fact(), () -> "no deciding fact: " + shown);
                assertTrue(ran.contains(v.evidence().decidedBy()), () -> "decided by a command that did not run ("
                        + v.evidence().decidedBy() + "): " + shown);
                assertFalse(v.observed().isBlank(), () -> "no observed value: " + shown);
                assertNotEquals(v.expected(), v.observed(), () -> "expected and observed agree: " + shown);
            }
            boolean declared = v.claim() == fault.claim() || fault.alsoBreaks().contains(v.claim());
            // the recordings predate libcni's cache section (cni.results): C13 can't be observed there (INCONCLUSIVE,
            // never a pass); FaultInjectionIT checks C13 under every fault live
            if (!declared && v.claim() == ClaimId.C13 && raw.section("cni.results").isEmpty()) {
                assertEquals(Verdict.Status.INCONCLUSIVE, v.status(), shown);
                continue;
            }
            if (!declared) {
                assertEquals(Verdict.Status.PASS, v.status(), () -> fault + " declares it breaks only " + fault.claim()
                        + " and " + fault.alsoBreaks() + ": " + shown);
            }
        }
        if (ClaimId.nodeSide().contains(fault.claim())) {
            for (String pod : fault.targetPods()) {
                Verdict target = verdicts.stream().filter(v -> v.claim() == fault.claim() && v.pod().equals(pod))
                        .findFirst().orElseThrow();
                assertEquals(Verdict.Status.FAIL, target.status(), () -> VerdictMessages.describe(target));
                String[] want = DECIDING.get(fault + " " + pod);
                assertNotNull(want, () -> "no deciding fact recorded for " + fault + " " + pod);
                // the fact found false, and exactly its value as the node showed it
                assertEquals(want[0], target.evidence().fact(), () -> VerdictMessages.describe(target));
                assertEquals(want[1], target.observed(), () -> VerdictMessages.describe(target));
            }
        }
    }

    /** The snapshot recorded under a fault (gzip: the node's full `ip -d link` JSON is long). */
    static String recording(LabFault fault) {
        String resource = "/fixtures/faults/" + fault.name() + ".txt.gz";
        try (InputStream in = FaultCatalogueOnRecordedSnapshotsTest.class.getResourceAsStream(resource)) {
            assertNotNull(in, () -> "no recording of " + fault + " (" + resource + "): record it with FaultInjectionIT"
                    + " -Dpodwire.record.faults=<dir>");
            return new String(new GZIPInputStream(in).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
