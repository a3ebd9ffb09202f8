package io.podwire.profile.calico;

import io.podwire.node.SnapshotParseException;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two Felix settings the wiring depends on, read from the running Felix's own environment (section
 * {@code felix.env}: only these two variables leave the node). Felix takes environment over its config file and the
 * datastore's FelixConfiguration (felix/config/config_params.go 86, SourcesInDescendingOrder); the FelixConfiguration
 * is not on the node, so a setting absent from the environment is reported as such, never guessed.
 * <ul>
 *   <li>{@code FELIX_INTERFACEPREFIX}: a comma-separated list, default {@code cali} (config_params.go 338); Felix
 *       treats an interface matching any entry as a workload's (config_params.go 717-718, endpoint_mgr.go 312), the
 *       CNI plugin names a new host veth with the first entry (libcalico-go workload_endpoint_default.go 77-93).</li>
 *   <li>{@code FELIX_DEVICEROUTEPROTOCOL}: the protocol of the routes Felix programs to workloads, default 3 = boot
 *       (config_params.go 316; routetable/route_table.go 769-771, and 1849: a route of another protocol is
 *       replaced).</li>
 * </ul>
 *
 * @param interfacePrefixes   the prefixes Felix accepts as workload interfaces; the first names new host veths
 * @param prefixSource        where they came from, for the evidence
 * @param deviceRouteProtocol the protocol Felix uses by its environment (its default where the value there is
 *                            invalid), or null when it is not set there
 * @param invalidProtocol     the value in Felix's environment Felix rejected for its default, or null
 * @param excerpt             the section's lines
 */
public record FelixSettings(List<String> interfacePrefixes, String prefixSource, Integer deviceRouteProtocol,
                            String invalidProtocol, String excerpt) {
    public static final String DEFAULT_PREFIX = "cali";
    public static final int BOOT = 3;
    static final String PREFIX_VAR = "interfaceprefix";
    static final String PROTOCOL_VAR = "devicerouteprotocol";
    private static final Pattern PID = Pattern.compile("felix pid (\\d+)");
    private static final Pattern GO_INT = Pattern.compile("([+-]?)(0[xXoObB]_?)?([0-9A-Fa-f_]+)");
    private static final Pattern VAR = Pattern.compile("(?i)felix_(interfaceprefix|devicerouteprotocol)=(.*)");

    /** The prefix the CNI plugin names a new host veth with: the first entry (workload_endpoint_default.go 86-90). */
    public String namingPrefix() {
        return interfacePrefixes.get(0);
    }

    /** Is this a workload interface to Felix: does its name start with any of the prefixes? */
    public boolean isWorkloadInterface(String name) {
        return interfacePrefixes.stream().anyMatch(name::startsWith);
    }

    /** Where the expected device route protocol comes from, for the evidence. */
    public String protocolSource() {
        if (invalidProtocol != null) {
            return "FELIX_DEVICEROUTEPROTOCOL=" + invalidProtocol + " in Felix's environment is no int: Felix replaces it"
                    + " with its default 3 = boot";
        }
        return deviceRouteProtocol == null ? "FELIX_DEVICEROUTEPROTOCOL not in Felix's environment (Felix's default 3 = "
                + "boot, unless a FelixConfiguration sets deviceRouteProtocol: not on the node)"
                : "FELIX_DEVICEROUTEPROTOCOL=" + deviceRouteProtocol + " in Felix's environment";
    }

    /**
     * `felix pid N` for each Felix process, each followed by its FELIX_INTERFACEPREFIX / FELIX_DEVICEROUTEPROTOCOL
     * lines. No Felix process, or Felix processes that disagree, can't be decided; a protocol Felix can't parse is its
     * default, as Felix decides.
     */
    public static FelixSettings parse(String command, String text) {
        Map<String, Map<String, String>> byPid = new LinkedHashMap<>();
        Map<String, String> current = null;
        for (String line : text.lines().filter(l -> !l.isBlank()).toList()) {
            Matcher pid = PID.matcher(line);
            Matcher var = VAR.matcher(line);
            if (pid.matches()) {
                current = new LinkedHashMap<>();
                byPid.put(pid.group(1), current);
            } else if (var.matches() && current != null) {
                // Felix lower-cases the keys and the later entry wins (env_var_loader.go 37-47)
                current.put(var.group(1).toLowerCase(Locale.ROOT), var.group(2));
            } else {
                throw new SnapshotParseException(command, line, "expected `felix pid N` or a FELIX_ setting");
            }
        }
        if (byPid.isEmpty()) {
            throw new SnapshotParseException(command, "(no output)", "no Felix process (calico-node -felix, calico "
                    + "component felix) on the node: its interface prefix and route protocol can't be read");
        }
        if (byPid.values().stream().distinct().count() > 1) {
            throw new SnapshotParseException(command, byPid.toString(), "the Felix processes' settings disagree");
        }
        Map<String, String> vars = byPid.values().iterator().next();
        String excerpt = String.join("\n", text.lines().filter(l -> !l.isBlank()).toList());
        String prefix = vars.get(PREFIX_VAR);
        List<String> prefixes = prefix == null || prefix.isEmpty() ? List.of(DEFAULT_PREFIX)
                : Arrays.stream(prefix.split(",", -1)).toList();
        if (prefixes.stream().anyMatch(String::isEmpty)) {
            throw new SnapshotParseException(command, "FELIX_INTERFACEPREFIX=" + prefix, "an empty prefix entry");
        }
        String source = prefix == null || prefix.isEmpty()
                ? "the default " + DEFAULT_PREFIX + " (FELIX_INTERFACEPREFIX not in Felix's environment, pid "
                + String.join(", ", byPid.keySet()) + ")"
                : "FELIX_INTERFACEPREFIX=" + prefix + " in Felix's environment (pid " + String.join(", ", byPid.keySet()) + ")";
        String p = vars.get(PROTOCOL_VAR);
        // an empty value is ignored, as if unset (config_params.go 694-700)
        if (p == null || p.isEmpty()) {
            return new FelixSettings(prefixes, source, null, null, excerpt);
        }
        OptionalInt protocol = felixInt(p);
        // Felix replaces an invalid value with its default (config_params.go 845-858: DeviceRouteProtocol is no
        // die-on-fail parameter, line 316), from the environment, so no lower source applies either
        return new FelixSettings(prefixes, source, protocol.isPresent() ? protocol.getAsInt() : BOOT,
                protocol.isPresent() ? null : p, excerpt);
    }

    /**
     * An `int` parameter as Felix parses it: `none` is its zero value (config_params.go 829-844), else
     * strconv.ParseInt(raw, 0, 64) (param_types.go 131-140): an optional sign, base prefix 0x, 0o, 0b or a leading
     * 0 for octal, no surrounding space; empty when Felix would reject it.
     */
    static OptionalInt felixInt(String raw) {
        if (raw.equalsIgnoreCase("none")) {
            return OptionalInt.of(0);
        }
        Matcher m = GO_INT.matcher(raw);
        if (!m.matches()) {
            return OptionalInt.empty();
        }
        String digits = m.group(3).replace("_", "");
        String prefix = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
        int radix = switch (prefix) {
            case "0x" -> 16;
            case "0o" -> 8;
            case "0b" -> 2;
            default -> digits.length() > 1 && digits.startsWith("0") ? 8 : 10;
        };
        // underscores only after a base prefix or a leading 0, as Go's base-0 parsing allows them
        if (m.group(3).contains("_") && prefix.isEmpty() && !digits.startsWith("0") || digits.isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            long v = Long.parseLong(("-".equals(m.group(1)) ? "-" : "") + digits, radix);
            return v < Integer.MIN_VALUE || v > Integer.MAX_VALUE ? OptionalInt.empty() : OptionalInt.of((int) v);
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}
