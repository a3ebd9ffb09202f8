package io.podwire.lab;

import io.podwire.verdict.ClaimId;
import io.podwire.verdict.Verdict;
import io.podwire.report.ClaimReport;
import io.podwire.node.ExecResult;
import io.podwire.node.NodeAccess;
import io.podwire.node.NodeSnapshotter;
import io.podwire.node.RawSnapshot;
import io.podwire.node.Section;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every claim holds, for every pod, on a correctly wired lab node (pinger, app with two containers, web). */
@ExtendWith(LabNodeExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Lab node, correct wiring: every claim holds for every pod")
class LabClaimsIT {
    private LabObservation seen;

    @BeforeAll
    void observe(LabNode lab) {
        seen = LabObservation.of(lab);
        ClaimReport.describeCluster(LabNode.DESCRIPTION, "none (lab node)", "none (wiring of Calico's CNI, by podwire)",
                Map.of("lab node", LabNode.IMAGE));
    }

    @BeforeEach
    void attachEvidenceOfTheNode(LabNode lab) {
        ClaimReport.attachSnapshot(seen.raw());
        ClaimReport.attachWiring(lab.expectedPods(), seen.state());
    }

    @Test
    @DisplayName("C1 a pause process holds the pod's net, IPC and UTS namespaces and every app container shares all three")
    void pauseOwnsTheNamespacesAndContainersJoinThem() {
        holdsForEveryPod(ClaimId.C1);
    }

    @Test
    @DisplayName("C2 the pod netns is pinned under /var/run/netns, listed by ip netns, and is the pause process's netns")
    void podNetnsIsPinnedAndIsThePauseNetns() {
        holdsForEveryPod(ClaimId.C2);
    }

    @Test
    @DisplayName("C3 inside the pod netns the links are exactly lo and eth0@ifX")
    void podNetnsHoldsExactlyLoAndEth0() {
        holdsForEveryPod(ClaimId.C3);
    }

    @Test
    @DisplayName("C4 eth0 carries the pod IP as /32 with routes 169.254.1.1 scope link and default via 169.254.1.1")
    void eth0CarriesTheSlash32AndTheGatewayRoutes() {
        holdsForEveryPod(ClaimId.C4);
    }

    @Test
    @DisplayName("C5 node link ifX is a cali veth whose peer is the pod's eth0 in the pod's netns")
    void nodeLinkIsACaliVethIntoThePodNetns() {
        holdsForEveryPod(ClaimId.C5);
    }

    @Test
    @DisplayName("C6 the host veth is named cali + first 11 hex of sha1(namespace.pod)")
    void hostVethNameIsDerivedFromNamespaceAndPod() {
        holdsForEveryPod(ClaimId.C6);
    }

    @Test
    @DisplayName("C7 cali links on the node and pods on the node match one to one: none missing, no orphan")
    void caliLinksAndPodsMatchOneToOne() {
        List<Verdict> verdicts = seen.of(ClaimId.C7);
        assertEquals(LabPod.standard().size() + 1, verdicts.size(), "C7 verdicts: one per pod plus the node-wide one");
        ClaimReport.check(ClaimId.C7, verdicts);
    }

    @Test
    @DisplayName("C8 ethtool -S of the pod's cali veth reports peer_ifindex = the pod's eth0 ifindex")
    void ethtoolPeerIfindexIsThePodEth0() {
        holdsForEveryPod(ClaimId.C8);
    }

    @Test
    @DisplayName("C9 the node routes the pod IP to its cali veth with proxy_arp on")
    void nodeRoutesThePodThroughItsCaliVeth() {
        holdsForEveryPod(ClaimId.C9);
    }

    @Test
    @DisplayName("C11 pinger reaches every other pod over this path")
    void pingerReachesEveryOtherPod() {
        List<Verdict> verdicts = seen.of(ClaimId.C11);
        assertEquals(LabPod.standard().size() - 1, verdicts.size(), "C11 verdicts: one per lab pod but the pinger");
        ClaimReport.check(ClaimId.C11, verdicts);
    }

    @Test
    @DisplayName("C10 all containers of the pod see the same IP and the same interfaces")
    void allContainersOfAPodShareOneView() {
        holdsForEveryPod(ClaimId.C10);
    }

    @Test
    @DisplayName("C12 Felix's record of the pod names its host veth and lists exactly eth0's addresses")
    void felixRecordsAgreeWithTheKernel() {
        holdsForEveryPod(ClaimId.C12);
    }

    @Test
    @DisplayName("C13 the runtime's cached CNI result of the pod agrees with the kernel: interface, addresses, routes")
    void cachedCniResultsAgreeWithTheKernel() {
        holdsForEveryPod(ClaimId.C13);
    }

    @Test
    @DisplayName("Snapshot: the live lab node is read in exactly one exec, every section exiting 0")
    void snapshotOfTheLiveNodeIsOneExec(LabNode lab) {
        AtomicInteger execs = new AtomicInteger();
        NodeAccess counting = new NodeAccess() {
            @Override
            public String nodeName() {
                return lab.access().nodeName();
            }

            @Override
            public ExecResult exec(String... command) {
                execs.incrementAndGet();
                return lab.access().exec(command);
            }

            @Override
            public ExecResult execWithInput(String input, String... command) {
                execs.incrementAndGet();
                return lab.access().execWithInput(input, command);
            }
        };
        RawSnapshot raw = NodeSnapshotter.take(counting);
        assertEquals(1, execs.get(), "execs to snapshot the lab node");
        assertEquals(List.of(), raw.sections().values().stream().filter(s -> !s.succeeded()).map(Section::failure).toList(),
                "sections that failed");
    }

    private void holdsForEveryPod(ClaimId claim) {
        List<Verdict> verdicts = seen.of(claim);
        assertEquals(LabPod.standard().size(), verdicts.size(), claim + " verdicts: one per lab pod");
        ClaimReport.check(claim, verdicts);
    }
}
