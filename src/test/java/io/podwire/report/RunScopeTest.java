package io.podwire.report;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunScopeTest {

    @Test
    void theRunRecordJvmRunsConformanceTestsOnlyAndEveryOtherJvmEverythingElse() {
        assertTrue(RunScope.decide("io.podwire.conformance.CalicoUpgradeIT", true).included());
        assertFalse(RunScope.decide("io.podwire.upgrade.UpgradeGateLabIT", true).included(),
                "a lab self-test selected by -Dit.test does not run a second time in the conformance run");
        assertTrue(RunScope.decide("io.podwire.upgrade.UpgradeGateLabIT", false).included());
        assertFalse(RunScope.decide("io.podwire.conformance.PodWiringIT", false).included(),
                "a conformance test never runs in the self-test JVM, where it would leave no record");
    }
}
