package io.podwire.lab;

import io.podwire.verdict.ClaimId;
import io.podwire.node.ExpectedPod;
import io.podwire.verdict.Verdict;
import io.podwire.verdict.VerdictAssertions;
import io.podwire.verdict.VerdictMessages;
import io.podwire.report.ClaimReport;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Healthy but unusual lab nodes: each test makes a real change that leaves every pod correctly wired, the way busy
 * real nodes differ from the lab's, and every claim must still hold for every pod. A verdict that is not PASS
 * here is a false positive of the gate.
 */
@ExtendWith(LabNodeExtension.class)
@Execution(ExecutionMode.CONCURRENT)
@DisplayName("Lab node, healthy variations: every claim holds on unusual but correct nodes")
class HealthyVariationsIT {
    /** The shuffle's seed: a failing order must be the same order on the next run. */
    private static final long SHUFFLE_SEED = 9;
    /** A value in Felix's environment that is none of the settings podwire reads. */
    private static final String FELIX_DECOY = "podwire-decoy-wireguard-key-5f3c";

    @Test
    @DisplayName("IPv6 link-local addresses on every single-stack pod's eth0 leave every claim holding")
    void ipv6LinkLocalAddressesOnEth0LeaveEveryClaimHolding(@FreshLab LabNode lab) {
        // a global IPv6 address Calico did not assign is no healthy variation: C12 catches it (UNRECORDED_IPV6_ON_ETH0);
        // a dual-stack pod's /128 is checked in DualStackLabIT
        StringBuilder sh = new StringBuilder();
        for (WiredPod p : lab.pods()) {
            // a netns may start with IPv6 disabled (devconf_inherit_init_net): enable it, eth0 then gets its fe80::
            sh.append("nsenter --net=").append(p.netnsPath())
                    .append(" sh -c 'echo 0 > /proc/sys/net/ipv6/conf/eth0/disable_ipv6'\n")
                    .append("ip -n ").append(p.netns()).append(" -6 addr show dev eth0 scope link | grep -q 'inet6 fe80::'\n");
        }
        everyClaimHoldsAfter(lab, "IPv6 link-local addresses on eth0", sh.toString());
    }

    @Test
    @DisplayName("Leftovers of other CNIs on the node (bridge cni0, an unrelated veth pair, vxlan.calico) leave every claim holding")
    void leftoversOfOtherCnisLeaveEveryClaimHolding(@FreshLab LabNode lab) {
        everyClaimHoldsAfter(lab, "leftovers of other CNIs", """
                ip link add cni0 type bridge
                ip link set cni0 up
                ip link add veth7c1d2e3f type veth peer name veth7c1d2e40
                ip link set veth7c1d2e3f master cni0 up
                ip link set veth7c1d2e40 up
                ip link add vxlan.calico type vxlan id 4096 dev eth0 dstport 4789 nolearning
                ip link set vxlan.calico up
                ip -d link show vxlan.calico | grep -q 'vxlan id 4096'
                """);
    }

    @Test
    @DisplayName("A leftover pinned netns holding only lo leaves every claim holding")
    void leftoverNetnsWithOnlyLoLeavesEveryClaimHolding(@FreshLab LabNode lab) {
        everyClaimHoldsAfter(lab, "a leftover netns", """
                ip netns add cni-leftover
                [ "$(ip -n cni-leftover -o link | wc -l)" = 1 ]
                """);
    }

    @Test
    @DisplayName("A second name for each pod's netns (ip netns attach dbg-<pod>-2) leaves every claim holding")
    void secondNameForEachPodNetnsLeavesEveryClaimHolding(@FreshLab LabNode lab) {
        // every pod gets one: `ip netns list` order (directory order) decides which name a by-name lookup keeps
        StringBuilder sh = new StringBuilder();
        for (WiredPod p : lab.pods()) {
            String alias = "/var/run/netns/dbg-" + p.pod().name() + "-2";
            sh.append("ip netns attach dbg-").append(p.pod().name()).append("-2 \"$(cat ")
                    .append(WiredPod.pidFile(p.sandboxId())).append(")\"\n")
                    // one netns, two names: the same inode under both
                    .append("[ \"$(stat -L -c %i ").append(alias).append(")\" = \"$(stat -L -c %i ")
                    .append(p.netnsPath()).append(")\" ]\n");
        }
        everyClaimHoldsAfter(lab, "a second name for each pod's netns", sh.toString());
    }

    @Test
    @DisplayName("Every pod's netns pinned under containerd's state dir (netns_mounts_under_state_dir) leaves every claim holding")
    void netnsPinnedUnderTheRuntimesStateDirLeavesEveryClaimHolding(@FreshLab LabNode lab) {
        // containerd with netns_mounts_under_state_dir pins each netns under <state dir>/netns, not /var/run/netns
        // (internal/cri/server/sandbox_run.go: netnsMountDir), and records that path in the sandbox's OCI spec; the
        // pin moves there (a bind mount of the same nsfs file, then ip netns delete unpins the old name), the record
        // follows, and `ip netns list` no longer names it: C2 follows the path, the links find it by the veth pairing
        String dir = "/run/containerd/io.containerd.grpc.v1.cri/netns";
        StringBuilder sh = new StringBuilder("mkdir -p " + dir + "\n");
        for (WiredPod p : lab.pods()) {
            String moved = dir + "/" + p.netns();
            sh.append("touch ").append(moved).append("\nmount --bind ").append(p.netnsPath()).append(' ').append(moved)
                    .append("\nip netns delete ").append(p.netns())
                    .append("\nsed -i 's#").append(p.netnsPath()).append("\"#").append(moved).append("\"#' $S/sandboxes/")
                    .append(p.sandboxId()).append(".json\n")
                    .append("grep -q '").append(moved).append("' $S/sandboxes/").append(p.sandboxId()).append(".json\n")
                    // the runtime handed CNI that path at ADD (CNI_NETNS), so libcni's cached result names it
                    .append("sed -i 's#\"sandbox\":\"").append(p.netnsPath()).append("\"#\"sandbox\":\"").append(moved)
                    .append("\"#' ").append(LabWiring.CNI_CACHE).append("/*-").append(p.sandboxId()).append("-eth0\n")
                    .append("! ip netns list | grep -q '^").append(p.netns()).append("'\n");
        }
        LabObservation seen = everyClaimHoldsAfter(lab, "netns pinned under containerd's state dir", sh.toString());
        Verdict c2 = seen.of(ClaimId.C2, "web");
        assertTrue(String.valueOf(c2.evidence().values().get("netnsPath")).startsWith(dir + "/"), c2::toString);
        assertTrue(String.valueOf(c2.evidence().values().get("listedByIpNetns")).startsWith("not asked"), c2::toString);
    }

    @Test
    @DisplayName("A CRI-O pod without an infra process (drop_infra_ctr: namespaces pinned by the runtime) leaves every claim holding")
    void crioPodWithoutAnInfraProcessLeavesEveryClaimHolding(@FreshLab LabNode lab) {
        WiredPod web = lab.pod("web");
        LabObservation seen = everyClaimHoldsAfter(lab, "web's infra process dropped", CrioInfraless.script(web, false));
        Verdict c1 = seen.of(ClaimId.C1, "web");
        assertTrue(String.valueOf(c1.evidence().values().get("infra")).startsWith("none"), c1::toString);
        assertTrue(c1.reason().startsWith("no infra process"), c1::reason);
    }

    @Test
    @DisplayName("A stale plain file under /var/run/netns leaves every claim holding")
    void stalePlainFileUnderVarRunNetnsLeavesEveryClaimHolding(@FreshLab LabNode lab) {
        // what an interrupted unmount leaves: a name `ip netns list` shows, with no netns behind it
        everyClaimHoldsAfter(lab, "a stale file under /var/run/netns", """
                touch /var/run/netns/cni-0badf11e-7c1d-4e2f-9a3b-5c6d7e8f9a0b
                ip netns list | grep -q '^cni-0badf11e-7c1d-4e2f-9a3b-5c6d7e8f9a0b'
                """);
    }

    @Test
    @DisplayName("A process whose comm contains a newline leaves every claim holding")
    void processWithANewlineInItsCommLeavesEveryClaimHolding(@FreshLab LabNode lab) {
        // only the process itself may write its comm (fs/proc/base.c comm_write), in one write: bash's printf
        // writes line by line, and exec would reset it, so a perl process names itself and sleeps
        everyClaimHoldsAfter(lab, "a process comm with a newline", """
                setsid -f perl -e 'open(my $c, ">", "/proc/self/comm") or die; syswrite($c, "bad\\nname"); close($c);
                  open(my $p, ">", "'$S'/pids/bad-comm") or die; print $p $$; close($p); sleep' </dev/null >/dev/null 2>&1
                wait_pid bad-comm
                [ "$(cat /proc/$(cat $S/pids/bad-comm)/comm)" = "$(printf 'bad\\nname')" ]
                """);
    }

    @Test
    @DisplayName("120 pods wired in shuffled order leave every node-side claim holding")
    void hundredTwentyPodsWiredInShuffledOrderLeaveEveryClaimHolding(@FreshLab LabNode lab) {
        // LabPod.many reuses the standard pods' names and IPs: unwire them first, as CNI DEL would
        lab.pods().forEach(lab::unwire);
        List<LabPod> pods = new ArrayList<>(LabPod.many(120));
        Collections.shuffle(pods, new Random(SHUFFLE_SEED));
        lab.wire(pods);
        // identity is decided on the node: every snapshot-only claim; 120 pods' execs for C10/C11 would prove nothing more
        LabObservation seen = LabObservation.nodeSide(lab);
        ClaimReport.attachSnapshot(seen.raw());
        seen.verdicts().forEach(ClaimReport::record);
        VerdictAssertions.assertAllHold(seen.verdicts());
        assertEquals(ClaimId.verdictCount(120, ClaimId.nodeSide()), seen.verdicts().size(),
                "every snapshot-only claim of the catalogue " + ClaimId.nodeSide() + " for 120 pods, node-wide halves too");
    }

    @Test
    @DisplayName("Felix's FELIX_INTERFACEPREFIX=wl: host veths named wl…, every claim holds, read from Felix's environment only")
    void anotherInterfacePrefixLeavesEveryClaimHolding(@FreshLab LabNode lab) {
        lab.rewire(LabCalico.interfacePrefix("wl"));
        // a secret in Felix's environment too: only the two FELIX_ settings podwire reads may leave the node
        lab.run("Felix with a secret in its environment", "start_felix FELIX_INTERFACEPREFIX=wl "
                + "FELIX_WIREGUARDPRIVATEKEY=" + FELIX_DECOY + "\n");
        LabObservation seen = everyClaimHolds(lab);
        assertTrue(lab.pods().stream().allMatch(p -> p.hostVeth().startsWith("wl")), "host veths named wl…");
        Verdict c6 = seen.of(ClaimId.C6, "web");
        assertTrue(c6.reason().contains("FELIX_INTERFACEPREFIX=wl in Felix's environment"), c6::reason);
        assertTrue(seen.raw().output().contains("FELIX_INTERFACEPREFIX=wl"), "the snapshot shows the prefix it read");
        assertTrue(!seen.raw().output().contains(FELIX_DECOY), "Felix's other environment never leaves the node");
    }

    @Test
    @DisplayName("host-local ipam.routes in the CNI config, replacing the pods' default route, leave every claim holding")
    void ipamRoutesReplacingTheDefaultLeaveEveryClaimHolding(@FreshLab LabNode lab) {
        lab.rewire(LabCalico.ipamRoutes(false, "10.42.0.0/16", "10.96.0.0/12"));
        Verdict c4 = everyClaimHolds(lab).of(ClaimId.C4, "app");
        assertTrue(c4.reason().contains("replacing the default"), c4::reason);
    }

    @Test
    @DisplayName("host-local ipam.routes with include_default_routes leave every claim holding")
    void ipamRoutesWithTheDefaultLeaveEveryClaimHolding(@FreshLab LabNode lab) {
        lab.rewire(LabCalico.ipamRoutes(true, "10.96.0.0/12"));
        Verdict c4 = everyClaimHolds(lab).of(ClaimId.C4, "app");
        assertTrue(c4.reason().contains("plus the default (include_default_routes)"), c4::reason);
    }

    @Test
    @DisplayName("Felix's FELIX_DEVICEROUTEPROTOCOL=80: the node's routes to the pods proto 80, every claim holds")
    void anotherDeviceRouteProtocolLeavesEveryClaimHolding(@FreshLab LabNode lab) {
        lab.rewire(LabCalico.deviceRouteProtocol(80));
        Verdict c9 = everyClaimHolds(lab).of(ClaimId.C9, "app");
        assertEquals("FELIX_DEVICEROUTEPROTOCOL=80 in Felix's environment", c9.evidence().values().get("protocolSource"));
        assertTrue(c9.observed().contains("proto 80"), c9::observed);
    }

    @Test
    @DisplayName("An invalid FELIX_DEVICEROUTEPROTOCOL in Felix's environment is Felix's default boot: every claim holds")
    void anInvalidDeviceRouteProtocolIsFelixsDefault(@FreshLab LabNode lab) {
        // Felix replaces a value it can't parse with its default (felix/config/config_params.go 845-858)
        lab.run("Felix with an invalid route protocol", "start_felix FELIX_DEVICEROUTEPROTOCOL=boot\n");
        LabObservation seen = everyClaimHolds(lab);
        Verdict c9 = seen.of(ClaimId.C9, "web");
        assertEquals(3, c9.evidence().values().get("expectedProtocol"), VerdictMessages.describe(c9));
        assertTrue(String.valueOf(c9.evidence().values().get("protocolSource")).contains("=boot in Felix's environment is no"
                + " int: Felix replaces it with its default 3 = boot"), () -> VerdictMessages.describe(c9));
    }

    @Test
    @DisplayName("An empty /var/lib/calico/mtu under netconf mtu 0 leaves C5's MTU alone INCONCLUSIVE, every other claim holding")
    void anEmptyMtuFileTouchesOnlyTheMtu(@FreshLab LabNode lab) {
        lab.run("netconf mtu 0, an empty Felix MTU file", "sed -i 's/\"mtu\":" + LabWiring.MTU + ",/\"mtu\":0,/' "
                + LabWiring.CNI_CONFIG + "\ngrep -q '\"mtu\":0,' " + LabWiring.CNI_CONFIG
                + "\nmkdir -p /var/lib/calico\n: > /var/lib/calico/mtu\n");
        LabObservation seen = LabObservation.of(lab);
        ClaimReport.attachSnapshot(seen.raw());
        seen.verdicts().forEach(ClaimReport::record);
        List<String> wrong = new ArrayList<>();
        for (Verdict v : seen.verdicts()) {
            Verdict.Status want = v.claim() == ClaimId.C5 ? Verdict.Status.INCONCLUSIVE : Verdict.Status.PASS;
            if (v.status() != want || want == Verdict.Status.INCONCLUSIVE
                    && !v.reason().contains("/var/lib/calico/mtu holds no MTU (empty)")) {
                wrong.add(VerdictMessages.describe(v));
            }
        }
        assertEquals(List.of(), wrong, "C5 INCONCLUSIVE on the MTU file alone, every other verdict PASS");
        assertEquals(lab.pods().size(), seen.of(ClaimId.C5).size(), "C5 judged for every pod");
    }

    @Test
    @DisplayName("A backup of the CNI config (*.conflist.bak, another MTU) and calico-kubeconfig beside it are not read: every claim holds")
    void filesTheRuntimeDoesNotLoadAreNotRead(@FreshLab LabNode lab) {
        // libcni loads only .conf, .conflist, .json, the first in bytewise order (libcni/conf.go 298-324, go-cni opts.go 212-223)
        String dir = LabWiring.CNI_CONFIG.substring(0, LabWiring.CNI_CONFIG.lastIndexOf('/'));
        everyClaimHoldsAfter(lab, "files the runtime does not load", "sed 's/\"mtu\":" + LabWiring.MTU + ",/\"mtu\":1440,/' "
                + LabWiring.CNI_CONFIG + " > " + dir + "/05-calico.conflist.bak\ngrep -q 1440 " + dir
                + "/05-calico.conflist.bak\nprintf 'token: podwire-decoy\\n' > " + dir + "/calico-kubeconfig\n");
        LabObservation seen = LabObservation.of(lab);
        assertTrue(!seen.raw().output().contains("05-calico.conflist.bak"), "the backup is not read");
        assertTrue(!seen.raw().output().contains("podwire-decoy"), "the kubeconfig never leaves the node");
    }

    @Test
    @DisplayName("/var/run/netns a symlink (to /run/netns-real), the pods pinned through it: every claim holds")
    void aSymlinkedNetnsDirectoryIsFollowed(@FreshLab LabNode lab) {
        // find does not descend a symlink given as its starting point; the snapshot names it with a trailing slash
        lab.pods().forEach(lab::unwire);
        lab.run("/var/run/netns made a symlink", """
                umount /run/netns 2>/dev/null || true
                rmdir /run/netns
                mkdir /run/netns-real
                ln -s /run/netns-real /run/netns
                [ -L /var/run/netns ] || [ -L "$(readlink -f /var/run)/netns" ]
                """);
        lab.wire(LabPod.standard());
        LabObservation seen = everyClaimHolds(lab);
        assertTrue(String.valueOf(seen.of(ClaimId.C2, "web").evidence().commands()).contains("find /var/run/netns/ "),
                () -> "C2's evidence names the find that ran: " + seen.of(ClaimId.C2, "web").evidence());
    }

    /** Asserts every claim holds before the change (so a failure is the change's), makes it, and asserts again. */
    private static LabObservation everyClaimHoldsAfter(LabNode lab, String what, String script) {
        LabObservation before = LabObservation.of(lab);
        assertTrue(before.verdicts().stream().allMatch(v -> v.status() == Verdict.Status.PASS),
                () -> "lab node not correctly wired before " + what + ": " + before.verdicts().stream()
                        .filter(v -> v.status() != Verdict.Status.PASS).map(VerdictMessages::describe).toList());
        lab.run(what, script);
        return everyClaimHolds(lab);
    }

    /** One verdict per pod for every claim (C7 also node-wide, C11 for every pod but the pinger), all PASS. */
    private static LabObservation everyClaimHolds(LabNode lab) {
        LabObservation seen = LabObservation.of(lab);
        ClaimReport.attachSnapshot(seen.raw());
        seen.verdicts().forEach(ClaimReport::record);
        VerdictAssertions.assertAllHold(seen.verdicts());
        List<ExpectedPod> pods = lab.expectedPods();
        Map<ClaimId, Integer> expected = new TreeMap<>();
        Map<ClaimId, Integer> observed = new TreeMap<>();
        for (ClaimId claim : ClaimId.values()) {
            expected.put(claim, switch (claim) {
                case C7 -> pods.size() + 1;
                case C11 -> pods.size() - 1;
                default -> pods.size();
            });
            observed.put(claim, seen.of(claim).size());
        }
        assertEquals(expected, observed, "verdicts per claim: one per pod (C7 plus the node-wide one, C11 but the pinger)");
        return seen;
    }
}
