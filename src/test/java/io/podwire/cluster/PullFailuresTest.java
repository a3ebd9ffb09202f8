package io.podwire.cluster;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.podwire.InfrastructureException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PullFailuresTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String MESSAGE = "failed to pull and unpack image \"quay.io/calico/cni:v3.32.1\": dial tcp:"
            + " lookup quay.io: no such host";

    @Test
    void aPullFailureWithinTheGraceIsStillWaitedFor() {
        PullFailures pulls = new PullFailures(Duration.ofSeconds(90));

        assertDoesNotThrow(() -> pulls.check(List.of(waiting("ErrImagePull")), T0));
        assertDoesNotThrow(() -> pulls.check(List.of(waiting("ImagePullBackOff")), T0.plusSeconds(60)));
    }

    @Test
    void aPullFailureOutlastingTheGraceNamesPodContainerImageAndRegistry() {
        PullFailures pulls = new PullFailures(Duration.ofSeconds(90));
        pulls.check(List.of(waiting("ErrImagePull")), T0);

        InfrastructureException e = assertThrows(InfrastructureException.class,
                () -> pulls.check(List.of(waiting("ImagePullBackOff")), T0.plusSeconds(90)));

        assertEquals("pod kube-system/calico-node-x7k2p on node k3s-node: container install-cni cannot pull image"
                + " quay.io/calico/cni:v3.32.1 from registry quay.io (ImagePullBackOff for 1 min 30 s): " + MESSAGE,
                e.getMessage());
    }

    @Test
    void anImageThatCanNeverBePulledFailsAtOnce() {
        assertThrows(InfrastructureException.class,
                () -> new PullFailures(Duration.ofSeconds(90)).check(List.of(waiting("InvalidImageName")), T0));
    }

    @Test
    void aContainerThatRecoveredStartsItsGraceAfresh() {
        PullFailures pulls = new PullFailures(Duration.ofSeconds(90));
        pulls.check(List.of(waiting("ErrImagePull")), T0);
        pulls.check(List.of(waiting("PodInitializing")), T0.plusSeconds(30));

        assertDoesNotThrow(() -> pulls.check(List.of(waiting("ErrImagePull")), T0.plusSeconds(100)));
    }

    private static Pod waiting(String reason) {
        return new PodBuilder()
                .withNewMetadata().withNamespace("kube-system").withName("calico-node-x7k2p").endMetadata()
                .withNewSpec().withNodeName("k3s-node").endSpec()
                .withNewStatus().addNewInitContainerStatus().withName("install-cni")
                .withImage("quay.io/calico/cni:v3.32.1")
                .withNewState().withNewWaiting().withReason(reason).withMessage(MESSAGE).endWaiting().endState()
                .endInitContainerStatus().endStatus().build();
    }
}
