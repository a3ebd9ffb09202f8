package io.podwire.node;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which CNI wires the node's pods: the plugin types of the CNI config the runtime loads (snapshot section
 * `cni.calico`: of each CNI config directory the first `*.conf`, `*.conflist`, `*.json` in C order, which is what
 * containerd's CRI and CRI-O load, libcni conf.go ConfFiles + sort). Calico's own conflist holds a plugin of type
 * `calico` (cni-plugin, install-cni's 10-calico.conflist); where Calico enforces policy only, another CNI's config is
 * first: EKS `10-aws.conflist` with `aws-cni` (aws/amazon-vpc-cni-k8s misc/10-aws.conflist), AKS `10-azure.conflist`
 * with `azure-vnet` (Azure/azure-container-networking cni/azure-linux.conflist), and Calico's wiring claims do not
 * apply there.
 *
 * @param pluginTypes each config file read (CNI directories only) and the plugin types it chains, in order
 */
public record ActiveCni(Map<String, List<String>> pluginTypes) {
    public static final String SECTION = "cni.calico";

    /** The node's CNI configs as the snapshot read them; could not observe when the section failed or is unreadable. */
    public static Observed<ActiveCni> of(RawSnapshot raw) {
        Section s = raw.section(SECTION).orElse(null);
        if (s == null || !s.succeeded()) {
            return Observed.unavailable(s == null ? SECTION : s.command(), s == null ? "no section " + SECTION
                    : s.failure());
        }
        Map<String, List<String>> types = new LinkedHashMap<>();
        try {
            TextParsers.headFiles(s.command(), s.stdout()).forEach((path, body) -> {
                if (path.equals(CalicoCniSettings.FELIX_MTU_FILE)) {
                    return;
                }
                List<JsonNode> values = IpJsonParser.values(s.command() + " (" + path + ")", body);
                if (values.size() != 1) {
                    throw new SnapshotParseException(s.command(), path, "expected one JSON object in the CNI config");
                }
                JsonNode conf = values.get(0);
                List<String> plugins = new ArrayList<>();
                // a .conflist chains "plugins"; a .conf is one plugin
                (conf.has("plugins") ? conf.path("plugins") : List.of(conf)).forEach(p -> plugins.add(
                        p.path("type").asString("(no type)")));
                types.put(path, List.copyOf(plugins));
            });
        } catch (SnapshotParseException e) {
            return Observed.unavailable(s.command(), e.getMessage());
        }
        if (types.isEmpty()) {
            return Observed.absent(s.command(), "no CNI config file in the runtime's CNI directories");
        }
        return Observed.of(new ActiveCni(Map.copyOf(types)), s.command());
    }

    /** A config the runtime loads chains Calico's plugin: Calico wires the pods. */
    public boolean calicoWires() {
        return pluginTypes.values().stream().anyMatch(t -> t.contains("calico"));
    }

    /** "10-aws.conflist: aws-cni, egress-cni, portmap", file by file, for the evidence. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        new java.util.TreeMap<>(pluginTypes).forEach((f, t) -> parts.add(f + ": " + String.join(", ", t)));
        return String.join("; ", parts);
    }
}
