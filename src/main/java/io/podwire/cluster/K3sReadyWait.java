package io.podwire.cluster;

import io.podwire.Timeouts;
import io.podwire.Scrubber;
import io.podwire.InfrastructureException;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replaces K3sContainer's wait (flannel's "Node controller sync successful", never logged with
 * --flannel-backend=none) by k3s's own "k3s is up and running", as a named Waits wait that prints progress
 * during the minutes of k3s start and stops at once if the container died.
 */
final class K3sReadyWait extends AbstractWaitStrategy {
    private final String image;

    K3sReadyWait(String image) {
        this.image = image;
    }

    @Override
    protected void waitUntilReady() {
        Waits.until("k3s (" + image + ") to log \"" + K3sCommandLine.READY_LOG_LINE + "\"", Timeouts.K3S_STARTUP, () -> {
            if (!waitStrategyTarget.isRunning()) {
                throw new InfrastructureException("the k3s container (" + image + ") exited during start; its last"
                        + " log lines: " + tail(waitStrategyTarget.getLogs()));
            }
            assertTrue(waitStrategyTarget.getLogs().contains(K3sCommandLine.READY_LOG_LINE),
                    "k3s has not logged \"" + K3sCommandLine.READY_LOG_LINE + "\" yet; log tail: " + tail(waitStrategyTarget.getLogs()));
        });
    }

    private static String tail(String logs) {
        String t = Scrubber.scrub(logs.strip());
        int from = Math.max(0, t.length() - 600);
        return t.substring(from);
    }
}
