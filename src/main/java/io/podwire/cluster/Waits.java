package io.podwire.cluster;

import io.podwire.Timeouts;
import io.podwire.Log;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.podwire.InfrastructureException;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionEvaluationListener;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.EvaluatedCondition;
import org.awaitility.core.ThrowingRunnable;

import java.time.Duration;

/**
 * Named, bounded waits (Awaitility `untilAsserted`, so the last failed expectation becomes the timeout message)
 * that print what they wait for and for how long, so that a user sees minutes of cluster start moving.
 * A timeout is infrastructure trouble, never a claim verdict; an InfrastructureException thrown by the
 * condition (an image that can't be pulled) ends the wait at once.
 */
public final class Waits {
    private Waits() {
    }

    public static void until(String what, Duration atMost, ThrowingRunnable expectation) {
        Progress progress = new Progress(what, atMost);
        Log.info("waiting up to " + Timeouts.human(atMost) + " for " + what);
        try {
            Awaitility.await(what)
                    .atMost(atMost)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Timeouts.POLL_INTERVAL)
                    // the apiserver refuses calls for a while after start: that is "not yet", not failure
                    .ignoreExceptionsMatching(e -> e instanceof KubernetesClientException)
                    .conditionEvaluationListener(progress)
                    .untilAsserted(expectation);
        } catch (ConditionTimeoutException e) {
            throw new InfrastructureException("timed out after " + Timeouts.human(atMost) + " waiting for " + what
                    + ": " + e.getMessage(), e);
        }
        Log.info("done in " + Timeouts.human(progress.elapsed()) + ": " + what);
    }

    /** Prints "still waiting for X (45 s of 6 min)" at most every PROGRESS_EVERY. */
    private static final class Progress implements ConditionEvaluationListener<Object> {
        private final String what;
        private final Duration atMost;
        private long lastPrintedMs;
        private long elapsedMs;

        Progress(String what, Duration atMost) {
            this.what = what;
            this.atMost = atMost;
        }

        @Override
        public void conditionEvaluated(EvaluatedCondition<Object> condition) {
            elapsedMs = condition.getElapsedTimeInMS();
            if (!condition.isSatisfied() && elapsedMs - lastPrintedMs >= Timeouts.PROGRESS_EVERY.toMillis()) {
                lastPrintedMs = elapsedMs;
                Log.info("still waiting for " + what + " (" + Timeouts.human(Duration.ofMillis(elapsedMs)) + " of "
                        + Timeouts.human(atMost) + ")");
            }
        }

        Duration elapsed() {
            return Duration.ofMillis(elapsedMs);
        }
    }
}
