package io.podwire.node;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * @param deviceRouteProtocol the protocol number set in Felix's environment, or null when it is not set there
 * @param excerpt             the section's lines
 */
public record FelixSettings(List<String> interfacePrefixes, String prefixSource, Integer deviceRouteProtocol,
                            String excerpt) {
    public static final String DEFAULT_PREFIX = "cali";
    public static final int BOOT = 3;
    static final String PREFIX_VAR = "interfaceprefix";
    static final String PROTOCOL_VAR = "devicerouteprotocol";
    private static final Pattern PID = Pattern.compile("felix pid (\\d+)");
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
        return deviceRouteProtocol == null ? "FELIX_DEVICEROUTEPROTOCOL not in Felix's environment (Felix's default 3 = "
                + "boot, unless a FelixConfiguration sets deviceRouteProtocol: not on the node)"
                : "FELIX_DEVICEROUTEPROTOCOL=" + deviceRouteProtocol + " in Felix's environment";
    }

    /**
     * `felix pid N` for each Felix process, each followed by its FELIX_INTERFACEPREFIX / FELIX_DEVICEROUTEPROTOCOL
     * lines. No Felix process, Felix processes that disagree, or a protocol that is no number can't be decided.
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
        Integer protocol = null;
        String p = vars.get(PROTOCOL_VAR);
        if (p != null) {
            try {
                protocol = Integer.parseInt(p.strip());
            } catch (NumberFormatException e) {
                throw new SnapshotParseException(command, "FELIX_DEVICEROUTEPROTOCOL=" + p, "no route protocol number");
            }
        }
        return new FelixSettings(prefixes, source, protocol, excerpt);
    }
}
