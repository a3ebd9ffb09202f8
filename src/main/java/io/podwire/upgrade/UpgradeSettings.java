package io.podwire.upgrade;

import io.podwire.InfrastructureException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The upgrade scenario's knobs (`mvn verify -Dit.test=CalicoUpgradeIT -D…`): Calico versions from and to, the
 * team's own manifest of the version upgraded to (required where podwire did not install Calico), the team's
 * allow-list, the probe interval, how long the probe may run at most, and the outage the gate tolerates.
 */
public record UpgradeSettings(String from, String to, Optional<Path> toManifest, Optional<Path> allowList,
                              Duration probeInterval, Duration probeMax, Duration maxOutage) {
    public static final String FROM = "calico.from";
    public static final String TO = "calico.to";
    public static final String TO_MANIFEST = "calico.to.manifest";
    private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+");

    /** Empty when the scenario was not asked for (no -Dcalico.from / -Dcalico.to). */
    public static Optional<UpgradeSettings> fromSystem() {
        String base = System.getProperty("basedir", System.getProperty("user.dir"));
        return from(System::getProperty, Path.of(base));
    }

    public static Optional<UpgradeSettings> from(Function<String, String> props, Path baseDir) {
        String from = version(props, FROM);
        String to = version(props, TO);
        if (from == null && to == null) {
            return Optional.empty();
        }
        if (from == null || to == null) {
            throw new InfrastructureException("the upgrade scenario needs both -D" + FROM + " and -D" + TO
                    + " (e.g. 3.31.7 and 3.32.1); got " + FROM + "=" + from + ", " + TO + "=" + to);
        }
        if (from.equals(to)) {
            throw new InfrastructureException("-D" + FROM + " and -D" + TO + " are both " + from + ": nothing to upgrade");
        }
        Optional<Path> allow = allowList(props, baseDir);
        Optional<Path> toManifest = Optional.ofNullable(props.apply(TO_MANIFEST)).filter(s -> !s.isBlank())
                .map(s -> baseDir.resolve(s.strip()));
        toManifest.ifPresent(m -> {
            if (!Files.isReadable(m)) {
                throw new InfrastructureException("-D" + TO_MANIFEST + "=" + m + " is not a readable file");
            }
        });
        return Optional.of(new UpgradeSettings(from, to, toManifest, allow,
                positive(props, "podwire.upgrade.probe.interval", Duration.ofMillis(100)),
                positive(props, "podwire.upgrade.probe.max", Duration.ofMinutes(15)),
                duration(props, "podwire.upgrade.max-outage", Duration.ofSeconds(1))));
    }

    /** -Dpodwire.upgrade.lab=true with -Dpodwire.cluster=lab: the gate demonstrated on the lab node. */
    public static final String LAB = "podwire.upgrade.lab";
    public static final String LAB_FROM = "lab wiring (containerd + Calico CNI, reproduced)";
    public static final String LAB_TO = "the same after a Calico restart that re-adds every pod veth but the pinger's";

    /** The lab demonstration: no Calico versions, the same allow-list, probe and outage knobs. */
    public static UpgradeSettings forLab(Function<String, String> props, Path baseDir) {
        if (props.apply(FROM) != null || props.apply(TO) != null) {
            throw new InfrastructureException("-D" + LAB + " demonstrates the gate on the lab node, where no Calico"
                    + " release is installed: leave out -D" + FROM + " and -D" + TO);
        }
        return new UpgradeSettings(LAB_FROM, LAB_TO, Optional.empty(), allowList(props, baseDir),
                duration(props, "podwire.upgrade.probe.interval", Duration.ofMillis(100)),
                duration(props, "podwire.upgrade.probe.max", Duration.ofMinutes(2)),
                duration(props, "podwire.upgrade.max-outage", Duration.ofSeconds(1)));
    }

    /** The team's allow-list: a named file that does not exist stops the run, it never reads as "allow nothing". */
    static Optional<Path> allowList(Function<String, String> props, Path baseDir) {
        Optional<Path> allow = Optional.ofNullable(props.apply("podwire.upgrade.allowlist")).filter(s -> !s.isBlank())
                .map(s -> baseDir.resolve(s.strip()));
        allow.ifPresent(a -> {
            if (!Files.isReadable(a)) {
                throw new InfrastructureException("-Dpodwire.upgrade.allowlist=" + a + " is not a readable file; start"
                        + " from ci/upgrade-allowlist.example.yaml (copy it into your repository)");
            }
        });
        return allow;
    }

    public AllowList readAllowList() {
        return allowList.map(AllowList::read).orElse(AllowList.none());
    }

    private static String version(Function<String, String> props, String key) {
        String v = props.apply(key);
        if (v == null || v.isBlank()) {
            return null;
        }
        v = v.strip().startsWith("v") ? v.strip().substring(1) : v.strip();
        if (!VERSION.matcher(v).matches()) {
            throw new InfrastructureException("-D" + key + "=" + props.apply(key)
                    + " is not a Calico release version; expected MAJOR.MINOR.PATCH, e.g. 3.32.1");
        }
        return v;
    }

    /** A duration that must be longer than zero (a 0 ms probe interval would spin). */
    static Duration positive(Function<String, String> props, String key, Duration dflt) {
        Duration d = duration(props, key, dflt);
        if (d.isZero()) {
            throw new InfrastructureException("-D" + key + "=" + props.apply(key) + " must be longer than zero");
        }
        return d;
    }

    /** ISO-8601 (PT0.1S) or a number with ms / s / m, e.g. 100ms, 2s, 15m; from 0 to a day. */
    static Duration duration(Function<String, String> props, String key, Duration dflt) {
        String v = props.apply(key);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        Duration d = parse(key, v);
        if (d.isNegative()) {
            throw new InfrastructureException("-D" + key + "=" + v + " is negative; a duration is 0 or more");
        }
        // an upgrade scenario is bounded by the test JVM's own bound; a day is far beyond any of them
        if (d.compareTo(Duration.ofDays(1)) > 0) {
            throw new InfrastructureException("-D" + key + "=" + v + " is longer than a day");
        }
        return d;
    }

    private static Duration parse(String key, String v) {
        String s = v.strip().toLowerCase();
        try {
            if (s.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            }
            if (s.endsWith("s") && !s.contains("pt")) {
                return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)));
            }
            if (s.endsWith("m") && !s.contains("pt")) {
                return Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
            }
            return Duration.parse(v.strip().toUpperCase());
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            throw new InfrastructureException("-D" + key + "=" + v + " is not a duration such as 100ms, 2s, 15m or PT1S");
        }
    }
}
