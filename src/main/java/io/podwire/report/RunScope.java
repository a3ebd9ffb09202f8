package io.podwire.report;

import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.PostDiscoveryFilter;

/**
 * Registered through META-INF/services: each test runs in the one JVM it belongs to, whatever -Dit.test selects
 * (failsafe's `test` overrides both executions' includes and excludes). The run-record JVM (podwire.record.run) runs
 * the conformance tests (io.podwire.conformance) only; every other JVM runs everything but them. So
 * `-Dit.test=UpgradeGateLabIT` runs once, as a lab self-test, and leaves no record of a run that judged nothing.
 */
public final class RunScope implements PostDiscoveryFilter {
    static final String CONFORMANCE_PACKAGE = "io.podwire.conformance.";

    @Override
    public FilterResult apply(TestDescriptor d) {
        String cls = d.getSource().map(s -> s instanceof ClassSource c ? c.getClassName()
                : s instanceof MethodSource m ? m.getClassName() : null).orElse(null);
        if (cls == null) {
            return FilterResult.included("not a test class");
        }
        return decide(cls, Boolean.getBoolean(RunFiles.RECORD_PROPERTY));
    }

    static FilterResult decide(String className, boolean recordJvm) {
        boolean conformance = className.startsWith(CONFORMANCE_PACKAGE);
        if (recordJvm == conformance) {
            return FilterResult.included(recordJvm ? "a conformance test, in the run-record JVM" : "a self-test");
        }
        return FilterResult.excluded(recordJvm ? className + " is a self-test: it runs in the self-test JVM, not in the"
                + " conformance run" : className + " is a conformance test: it runs in the run-record JVM only");
    }
}
