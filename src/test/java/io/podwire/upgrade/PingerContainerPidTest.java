package io.podwire.upgrade;

import io.podwire.InfrastructureException;
import io.podwire.node.ExpectedPod;
import io.podwire.node.SyntheticSnapshot;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The outage probe enters the pinger container's process, found in the runtime's record of the node. */
class PingerContainerPidTest {
    private static final ExpectedPod PINGER = new ExpectedPod("test", "pinger", "lab-node", "10.42.0.10",
            List.of("pinger"), false);
    private static final ExpectedPod APP = new ExpectedPod("test", "app", "lab-node", "10.42.0.11",
            List.of("nginx", "sidecar"), false);

    @Test
    void theProbeEntersThePingerContainersProcessNotThePause() {
        // SyntheticSnapshot: pod 1's pause is pid 1010 and its first container pid 1011
        assertEquals(1011, UpgradeScenario.pingerContainerPid(SyntheticSnapshot.state(List.of(APP, PINGER)), PINGER));
    }

    @Test
    void aPingerWithoutARunningContainerIsAnInfrastructureError() {
        ExpectedPod renamed = new ExpectedPod("test", "pinger", "lab-node", "10.42.0.10", List.of("probe"), false);

        InfrastructureException e = assertThrows(InfrastructureException.class,
                () -> UpgradeScenario.pingerContainerPid(SyntheticSnapshot.state(List.of(renamed)), renamed));

        assertTrue(e.getMessage().startsWith("no running container pinger in sandbox"), e.getMessage());
    }
}
