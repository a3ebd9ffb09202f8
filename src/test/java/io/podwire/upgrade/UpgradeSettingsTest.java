package io.podwire.upgrade;

import io.podwire.InfrastructureException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The upgrade scenario's -D properties: versions, allow-list, probe interval and tolerated outage. */
@DisplayName("Upgrade scenario settings from -D properties")
class UpgradeSettingsTest {

    @Test
    @DisplayName("Without -Dcalico.from and -Dcalico.to the scenario is not requested")
    void notRequestedWithoutVersions() {
        assertEquals(Optional.empty(), UpgradeSettings.from(Map.<String, String>of()::get, Path.of("/repo")), "settings");
    }

    @Test
    @DisplayName("Versions (with or without v), allow-list path and durations are read; defaults otherwise")
    void valuesAndDefaults() {
        Path repo = Path.of("").toAbsolutePath();
        UpgradeSettings s = UpgradeSettings.from(Map.of("calico.from", "v3.31.7", "calico.to", "3.32.1",
                "podwire.upgrade.allowlist", "ci/upgrade-allowlist.example.yaml", "podwire.upgrade.max-outage", "250ms")::get,
                repo).orElseThrow();
        assertEquals("3.31.7", s.from(), "from");
        assertEquals("3.32.1", s.to(), "to");
        assertEquals(Optional.of(repo.resolve("ci/upgrade-allowlist.example.yaml")), s.allowList(), "allow-list");
        assertEquals(Duration.ofMillis(250), s.maxOutage(), "max outage");
        assertEquals(Duration.ofMillis(100), s.probeInterval(), "default probe interval");
        assertEquals(Duration.ofMinutes(15), s.probeMax(), "default probe bound");
    }

    @Test
    @DisplayName("One version only, the same version twice, or a bad duration is an infrastructure error")
    void badInputIsAnInfrastructureError() {
        assertTrue(assertThrows(InfrastructureException.class, () -> UpgradeSettings.from(
                Map.of("calico.from", "3.31.7")::get, Path.of("/repo"))).getMessage().contains("needs both"), "one version");
        assertTrue(assertThrows(InfrastructureException.class, () -> UpgradeSettings.from(
                Map.of("calico.from", "3.32.1", "calico.to", "3.32.1")::get, Path.of("/repo"))).getMessage()
                .contains("nothing to upgrade"), "same version");
        assertTrue(assertThrows(InfrastructureException.class, () -> UpgradeSettings.from(
                Map.of("calico.from", "3.31", "calico.to", "3.32.1")::get, Path.of("/repo"))).getMessage()
                .contains("MAJOR.MINOR.PATCH"), "no patch");
        assertTrue(assertThrows(InfrastructureException.class, () -> UpgradeSettings.from(Map.of("calico.from", "3.31.7",
                "calico.to", "3.32.1", "podwire.upgrade.max-outage", "soon")::get, Path.of("/repo"))).getMessage()
                .contains("not a duration"), "bad duration");
    }

    @Test
    @DisplayName("An allow-list that does not exist stops the run instead of reading as 'allow nothing'")
    void aMissingAllowListIsAnInfrastructureError() {
        InfrastructureException e = assertThrows(InfrastructureException.class, () -> UpgradeSettings.from(Map.of(
                "calico.from", "3.31.7", "calico.to", "3.32.1", "podwire.upgrade.allowlist", "ci/upgrade-allowlist.yaml")::get,
                Path.of("").toAbsolutePath()));
        assertTrue(e.getMessage().contains("ci/upgrade-allowlist.example.yaml"), e::getMessage);
    }

    @Test
    @DisplayName("The lab demonstration takes the allow-list and probe knobs, and refuses Calico versions it can't install")
    void theLabDemonstrationNeedsNoVersionsAndRefusesThem() {
        Path repo = Path.of("").toAbsolutePath();
        UpgradeSettings lab = UpgradeSettings.forLab(Map.of("podwire.upgrade.allowlist", "ci/upgrade-allowlist.lab.yaml",
                "podwire.upgrade.probe.interval", "50ms")::get, repo);
        assertEquals(Optional.of(repo.resolve("ci/upgrade-allowlist.lab.yaml")), lab.allowList());
        assertEquals(Duration.ofMillis(50), lab.probeInterval());
        assertEquals(1, lab.readAllowList().rules().size(), "the lab allow-list's one rule (ifindexPair)");
        assertThrows(InfrastructureException.class, () -> UpgradeSettings.forLab(Map.of("calico.from", "3.31.7")::get, repo));
    }

    @Test
    @DisplayName("A negative duration, a zero probe interval or one beyond a day is refused naming the property")
    void durationsOutOfRangeAreRefused() {
        assertEquals("-Dpodwire.upgrade.max-outage=-1s is negative; a duration is 0 or more",
                upgradeError("podwire.upgrade.max-outage", "-1s"));
        assertEquals("-Dpodwire.upgrade.probe.interval=0ms must be longer than zero",
                upgradeError("podwire.upgrade.probe.interval", "0ms"));
        assertEquals("-Dpodwire.upgrade.probe.max=-PT5M is negative; a duration is 0 or more",
                upgradeError("podwire.upgrade.probe.max", "-PT5M"));
        assertEquals("-Dpodwire.upgrade.probe.max=99999999999999999m is longer than a day",
                upgradeError("podwire.upgrade.probe.max", "99999999999999999m"));
        assertEquals(java.time.Duration.ZERO, UpgradeSettings.from(Map.of("calico.from", "3.31.7", "calico.to", "3.32.1",
                "podwire.upgrade.max-outage", "0ms")::get, Path.of("/repo")).orElseThrow().maxOutage(), "no outage tolerated");
    }

    private static String upgradeError(String key, String value) {
        return assertThrows(InfrastructureException.class, () -> UpgradeSettings.from(Map.of("calico.from", "3.31.7",
                "calico.to", "3.32.1", key, value)::get, Path.of("/repo"))).getMessage();
    }
}
