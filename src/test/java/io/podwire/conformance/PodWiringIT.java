package io.podwire.conformance;

import io.podwire.claims.ClaimId;
import io.podwire.cluster.ClusterExtension;
import io.podwire.cluster.ConformanceRun;
import io.qameta.allure.Epic;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every lab claim for every pod of namespace test (pinger, app), judged on the pod's node of a real Calico cluster
 * (-Dpodwire.cluster=k3s|kind|kubeconfig), or on a lab node (lab: not a cluster). No cluster means these tests fail with an InfrastructureException.
 */
@Epic("Pod networking conformance")
@DisplayName("Pod wiring on the target (a Calico cluster, or a lab node with -Dpodwire.cluster=lab)")
@ExtendWith(ClusterExtension.class)
class PodWiringIT {

    @Test
    @DisplayName("C1 a pause process holds the pod's net, IPC and UTS namespaces and every app container shares all three")
    void pauseProcessOwnsTheNamespacesEveryContainerJoins(ConformanceRun run) {
        ClaimChecks.assertClaim(run, ClaimId.C1);
    }

    @Test
    @DisplayName("C2 the pod netns is pinned under /var/run/netns, listed by ip netns, and is the pause process's netns")
    void podNetnsIsPinnedAndIsThePauseNetns(ConformanceRun run) {
        ClaimChecks.assertClaim(run, ClaimId.C2);
    }

    @Test
    @DisplayName("C3 inside the pod netns the links are exactly lo and eth0@ifX")
    void podNetnsHoldsOnlyLoAndEth0(ConformanceRun run) {
        ClaimChecks.assertClaim(run, ClaimId.C3);
    }

    @Test
    @DisplayName("C4 eth0 carries exactly the pod IP as /32 and the pod's routes are exactly Calico's")
    void eth0CarriesThePodIpAsSlash32WithTheCalicoGateway(ConformanceRun run) {
        ClaimChecks.assertClaim(run, ClaimId.C4);
    }

    @Test
    @DisplayName("C5 node link ifX is a cali veth whose peer is the pod's eth0 in the pod's netns")
    void nodeEndOfThePairIsACaliVethIntoThePodNetns(ConformanceRun run) {
        ClaimChecks.assertClaim(run, ClaimId.C5);
    }

    @Test
    @DisplayName("C6 the host veth is named cali + first 11 hex of sha1(namespace.pod)")
    void hostVethNameIsDerivedFromNamespaceAndPod(ConformanceRun run) {
        ClaimChecks.assertClaim(run, ClaimId.C6);
    }

    @Test
    @DisplayName("C7 cali links on the node and pods on the node match one to one: none missing, no orphan")
    void caliLinksAndPodsMatchOneToOne(ConformanceRun run) {
        ClaimChecks.assertClaim(run, ClaimId.C7);
    }

    @Test
    @DisplayName("C8 ethtool -S of the pod's cali veth reports peer_ifindex = the pod's eth0 ifindex")
    void ethtoolPeerIfindexIsThePodEth0(ConformanceRun run) {
        ClaimChecks.assertClaim(run, ClaimId.C8);
    }

    @Test
    @DisplayName("C9 the node routes the pod IP to its cali veth with proxy_arp on")
    void nodeRoutesThePodIpThroughItsCaliVeth(ConformanceRun run) {
        ClaimChecks.assertClaim(run, ClaimId.C9);
    }

    @Test
    @DisplayName("C11 pinger reaches the pod over this path (probed: never judged for a pod that was not probed)")
    void pingerReachesEveryOtherPod(ConformanceRun run) {
        ClaimChecks.assertClaim(run, ClaimId.C11);
    }

    @Test
    @DisplayName("C10 all containers of the pod see the same IP and the same interfaces")
    void allContainersOfAPodShareOneNetworkView(ConformanceRun run) {
        ClaimChecks.assertClaim(run, ClaimId.C10);
    }

    @Test
    @DisplayName("C12 Felix's record of the pod names its host veth and lists exactly eth0's addresses")
    void felixRecordsAgreeWithTheKernel(ConformanceRun run) {
        ClaimChecks.assertClaim(run, ClaimId.C12);
    }

    @Test
    @DisplayName("C13 the runtime's cached CNI result of the pod agrees with the kernel: interface, addresses, routes")
    void cachedCniResultAgreesWithTheKernel(ConformanceRun run) {
        ClaimChecks.assertClaim(run, ClaimId.C13);
    }
}
