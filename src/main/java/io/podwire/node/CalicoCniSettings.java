package io.podwire.node;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Calico CNI settings the wiring follows, read from the node's CNI config files and Felix's MTU file
 * (`head -v` of each): the MTU Calico gives both veth ends is the netconf `mtu` if &gt; 0, else
 * /var/lib/calico/mtu, else 1500 (cni-plugin pkg/plugin/plugin.go 198-206), and the pod's ip_forward is 1 only
 * with `container_settings.allow_ip_forwarding` (dataplane_linux.go 564-579).
 *
 * @param mtuSource where the expected MTU came from, for the evidence
 * @param excerpt   the Calico plugin's config and the MTU file as read
 */
public record CalicoCniSettings(int expectedMtu, String mtuSource, boolean allowIpForwarding, String excerpt) {
    public static final String FELIX_MTU_FILE = "/var/lib/calico/mtu";
    static final int DEFAULT_MTU = 1500;
    private static final Pattern HEADER = Pattern.compile("==> (.+) <==");

    /**
     * Every Calico plugin entry (`"type": "calico"`) of the config files read; they must agree, since which
     * directory the runtime loads is not in the snapshot. None, or disagreeing ones, can't be decided.
     */
    public static CalicoCniSettings parse(String command, String text) {
        Map<String, String> files = files(command, text);
        List<String> found = new ArrayList<>();
        List<JsonNode> plugins = new ArrayList<>();
        files.forEach((path, body) -> {
            if (path.equals(FELIX_MTU_FILE)) {
                return;
            }
            List<JsonNode> values = IpJsonParser.values(command + " (" + path + ")", body);
            if (values.size() != 1) {
                throw new SnapshotParseException(command, path, "expected one JSON object in the CNI config");
            }
            JsonNode conf = values.get(0);
            List<JsonNode> entries = new ArrayList<>();
            conf.path("plugins").forEach(entries::add);
            if (!conf.has("plugins")) {
                entries.add(conf);
            }
            entries.stream().filter(p -> "calico".equals(p.path("type").asString(null))).forEach(p -> {
                plugins.add(p);
                found.add(path + ": " + p);
            });
        });
        if (plugins.isEmpty()) {
            throw new SnapshotParseException(command, files.isEmpty() ? "(no file)" : String.join(", ", files.keySet()),
                    "no Calico CNI config (a plugin of type calico) was read");
        }
        List<JsonNode> mtus = plugins.stream().map(p -> p.path("mtu")).distinct().toList();
        List<Boolean> forwarding = plugins.stream().map(CalicoCniSettings::allowsForwarding).distinct().toList();
        if (mtus.size() > 1 || forwarding.size() > 1) {
            throw new SnapshotParseException(command, String.join("; ", found),
                    "the Calico CNI configs disagree on mtu or allow_ip_forwarding");
        }
        JsonNode mtu = mtus.get(0);
        if (!mtu.isMissingNode() && !mtu.isInt()) {
            throw new SnapshotParseException(command, found.get(0), "the netconf mtu is no number: " + mtu);
        }
        List<String> excerpt = new ArrayList<>(found);
        String felix = files.get(FELIX_MTU_FILE);
        if (felix != null) {
            excerpt.add(FELIX_MTU_FILE + ": " + felix.strip());
        }
        String excerptText = String.join("\n", excerpt);
        if (mtu.isInt() && mtu.asInt() > 0) {
            return new CalicoCniSettings(mtu.asInt(), "the netconf mtu", forwarding.get(0), excerptText);
        }
        if (felix == null) {
            return new CalicoCniSettings(DEFAULT_MTU, "the default (netconf mtu unset, no " + FELIX_MTU_FILE + ")",
                    forwarding.get(0), excerptText);
        }
        try {
            return new CalicoCniSettings(Integer.parseInt(felix.strip()), FELIX_MTU_FILE + " (netconf mtu unset)",
                    forwarding.get(0), excerptText);
        } catch (NumberFormatException e) {
            throw new SnapshotParseException(command, FELIX_MTU_FILE + ": " + felix.strip(), "no MTU");
        }
    }

    private static boolean allowsForwarding(JsonNode plugin) {
        return plugin.path("container_settings").path("allow_ip_forwarding").asBoolean(false);
    }

    /** `head -v FILE…`: path → body. */
    private static Map<String, String> files(String command, String text) {
        Map<String, String> files = new LinkedHashMap<>();
        String path = null;
        StringBuilder body = new StringBuilder();
        for (String line : text.lines().toList()) {
            Matcher m = HEADER.matcher(line);
            if (m.matches()) {
                if (path != null) {
                    files.put(path, body.toString());
                }
                path = m.group(1);
                body.setLength(0);
            } else if (path != null) {
                body.append(line).append('\n');
            } else if (!line.isBlank()) {
                throw new SnapshotParseException(command, line, "expected `==> FILE <==` first");
            }
        }
        if (path != null) {
            files.put(path, body.toString());
        }
        return files;
    }
}
