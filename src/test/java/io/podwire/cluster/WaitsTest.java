package io.podwire.cluster;

import io.podwire.Timeouts;
import io.podwire.InfrastructureException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class WaitsTest {

    @Test
    void aTimeoutIsAnInfrastructureErrorNamingTheWaitAndTheLastExpectation() {
        InfrastructureException e = assertThrows(InfrastructureException.class, () ->
                Waits.until("calico-node Ready", Duration.ofMillis(300), () -> fail("calico-node Ready on 0 of 1 nodes")));

        assertTrue(e.getMessage().startsWith("timed out after 0 s waiting for calico-node Ready: "), e.getMessage());
        assertTrue(e.getMessage().contains("calico-node Ready on 0 of 1 nodes"), e.getMessage());
    }

    @Test
    void anInfrastructureErrorInsideTheConditionEndsTheWaitAtOnce() {
        AtomicInteger evaluations = new AtomicInteger();

        InfrastructureException e = assertThrows(InfrastructureException.class, () ->
                Waits.until("pods Ready", Duration.ofMinutes(1), () -> {
                    evaluations.incrementAndGet();
                    throw new InfrastructureException("cannot pull image busybox:1.36.1");
                }));

        assertEquals("cannot pull image busybox:1.36.1", e.getMessage());
        assertEquals(1, evaluations.get(), "evaluations before giving up");
    }

    @Test
    void durationsAreWrittenForPeople() {
        assertEquals("45 s", Timeouts.human(Duration.ofSeconds(45)));
        assertEquals("6 min", Timeouts.human(Duration.ofMinutes(6)));
        assertEquals("1 min 30 s", Timeouts.human(Duration.ofSeconds(90)));
    }
}
