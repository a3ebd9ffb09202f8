package io.podwire.conformance;

import io.podwire.verdict.ClaimId;
import io.podwire.cluster.ClusterExtension;
import io.podwire.cluster.ConformanceRun;
import io.qameta.allure.Epic;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.stream.Stream;

/**
 * Every claim of the catalogue for every pod of the run's namespace (pinger, app, web), judged on the pod's node of
 * a real Calico cluster (-Dpodwire.cluster=k3s|kind|kubeconfig), or on a lab node (lab: not a cluster). One test per
 * catalogue entry, named by its title: a new claim is judged here without touching this class. No cluster means
 * these tests fail with an InfrastructureException.
 */
@Epic("Pod networking conformance")
@DisplayName("Pod wiring on the target (a Calico cluster, or a lab node with -Dpodwire.cluster=lab)")
@ExtendWith(ClusterExtension.class)
class PodWiringIT {

    /** The catalogue, each entry named by its title ("C8 ethtool -S of the pod's cali veth …"). */
    static Stream<Named<ClaimId>> catalogue() {
        return Arrays.stream(ClaimId.values()).map(c -> Named.of(c.title(), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogue")
    void claimHoldsForEveryPod(ClaimId claim, ConformanceRun run) {
        ClaimChecks.assertClaim(run, claim);
    }
}
