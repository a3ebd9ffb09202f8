package io.podwire.report;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Registered through META-INF/services: when the outermost test plan of a JVM ends, writes verdicts.json, the
 * runtime environment, the wiring maps and claims.md, then scrubs the Allure results. Nested launchers (the suite's
 * own report tests start some) are ignored.
 */
public class RunReportListener implements TestExecutionListener {
    private static final AtomicInteger DEPTH = new AtomicInteger();

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        if (DEPTH.incrementAndGet() == 1) {
            // the recorder's creation time is the run's start in the environment and verdicts.json
            RunRecorder.current();
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        if (DEPTH.decrementAndGet() == 0) {
            try {
                RunFiles.fromSystemProperties().write(RunRecorder.current());
            } catch (RuntimeException e) {
                // a listener's exception is only logged by JUnit: say loudly what is missing
                System.err.println("podwire: could not write the end-of-run reports: " + Scrubber.scrub(e.toString()));
                throw e;
            }
        }
    }
}
