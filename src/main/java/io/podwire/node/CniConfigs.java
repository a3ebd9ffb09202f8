package io.podwire.node;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CNI configs the runtime loads (snapshot section {@value #SECTION}): of each CNI config directory the first
 * `*.conf`, `*.conflist`, `*.json` in C order, which is what containerd's CRI and CRI-O load (libcni conf.go
 * ConfFiles + sort). A `.conflist` chains `plugins`; a `.conf` is one plugin. Other files the section prints (a CNI's
 * own settings beside its config) are not configs and are left to the profile that reads them.
 *
 * @param files each config file read, in the section's order
 */
public record CniConfigs(List<Config> files) {
    public static final String SECTION = "cni.config";

    /**
     * One config file.
     *
     * @param file        its path on the node
     * @param network     its `name`
     * @param pluginTypes the plugin types it chains, in order
     * @param firstPlugin the first plugin's entry: the plugin that wires the pod (later ones chain onto its result)
     */
    public record Config(String file, String network, List<String> pluginTypes, JsonNode firstPlugin) {
        public String firstType() {
            return pluginTypes.isEmpty() ? "" : pluginTypes.get(0);
        }
    }

    /** The node's CNI configs as the snapshot read them; could not observe when the section failed or is unreadable. */
    public static Observed<CniConfigs> of(RawSnapshot raw) {
        Section s = raw.section(SECTION).orElse(null);
        if (s == null || !s.succeeded()) {
            return Observed.unavailable(s == null ? SECTION : s.command(), s == null ? "no section " + SECTION
                    : s.failure());
        }
        List<Config> configs = new ArrayList<>();
        try {
            TextParsers.headFiles(s.command(), s.stdout()).forEach((path, body) -> {
                if (!path.matches(".*\\.(conf|conflist|json)")) {
                    return;
                }
                List<JsonNode> values = IpJsonParser.values(s.command() + " (" + path + ")", body);
                if (values.size() != 1) {
                    throw new SnapshotParseException(s.command(), path, "expected one JSON object in the CNI config");
                }
                JsonNode conf = values.get(0);
                List<JsonNode> plugins = new ArrayList<>();
                (conf.has("plugins") ? conf.path("plugins") : List.of(conf)).forEach(plugins::add);
                configs.add(new Config(path, conf.path("name").asString(""),
                        plugins.stream().map(p -> p.path("type").asString("(no type)")).toList(),
                        plugins.isEmpty() ? conf : plugins.get(0)));
            });
        } catch (SnapshotParseException e) {
            return Observed.unavailable(s.command(), e.getMessage());
        }
        if (configs.isEmpty()) {
            return Observed.absent(s.command(), "no CNI config file in the runtime's CNI directories");
        }
        return Observed.of(new CniConfigs(List.copyOf(configs)), s.command());
    }

    /** Each config file and the plugin types it chains. */
    public Map<String, List<String>> pluginTypes() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        files.forEach(c -> m.put(c.file(), c.pluginTypes()));
        return m;
    }

    /** A config the runtime loads chains a plugin of this type. */
    public boolean chains(String type) {
        return files.stream().anyMatch(c -> c.pluginTypes().contains(type));
    }

    /** "10-aws.conflist: aws-cni, egress-cni, portmap", file by file, for the evidence. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        new TreeMap<>(pluginTypes()).forEach((f, t) -> parts.add(f + ": " + String.join(", ", t)));
        return String.join("; ", parts);
    }
}
