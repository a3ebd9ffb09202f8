package io.podwire.report;

import io.podwire.Scrubber;
import io.podwire.InfrastructureException;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Registered through META-INF/services: remembers every infrastructure failure of the run; when the outermost test
 * plan of a JVM ends, writes verdicts.json (the run record), the runtime environment, the wiring maps and claims.md,
 * then scrubs the Allure results. Nested launchers (the suite's own report tests start some) are ignored.
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

    /** A test or a lifecycle method that ended on an InfrastructureException: the run can't read as completed. */
    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        result.getThrowable().flatMap(RunReportListener::infrastructureCause)
                .ifPresent(e -> RunRecorder.current().infrastructureFailed(Scrubber.scrub(e.getMessage())));
    }

    /** The innermost one: later tests re-report the first failure wrapped, and it is one reason, not many. */
    private static Optional<InfrastructureException> infrastructureCause(Throwable t) {
        InfrastructureException found = null;
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof InfrastructureException ie) {
                found = ie;
            }
        }
        return Optional.ofNullable(found);
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        if (DEPTH.decrementAndGet() == 0) {
            if (!plan.containsTests() && Boolean.getBoolean(RunFiles.RECORD_PROPERTY) && System.getProperty("it.test") != null) {
                // -Dit.test chose only self-tests (RunScope): no conformance run happened, so no record of one; without
                // a selection a conformance JVM with nothing to run still writes its (failed) record
                System.out.println("podwire: -Dit.test selected no conformance test: no run record written");
                return;
            }
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
