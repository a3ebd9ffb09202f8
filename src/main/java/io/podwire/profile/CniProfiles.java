package io.podwire.profile;

import io.podwire.node.NodeState;
import io.podwire.node.Observed;
import io.podwire.node.Section;
import io.podwire.node.TextParsers;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;

/**
 * Which CNI profile judges a node: the type of the first plugin of the CNI config the runtime loads (the snapshot's
 * section cni.calico reads the first *.conf, *.conflist, *.json of each CNI config directory, as containerd's CRI
 * does): calico, flannel (which delegates to bridge), bridge, ptp. {@code -Dpodwire.cni=} overrides the detection
 * and the evidence says so. Where no CNI config could be read, the node is judged by the calico profile, podwire's
 * default, and the evidence says that too: every recording made before profiles existed keeps its verdicts.
 */
public final class CniProfiles {
    public static final String PROPERTY = "podwire.cni";
    public static final List<String> NAMES = List.of("calico", "bridge", "ptp");
    private static final String SECTION = "cni.calico";
    private static final Map<NodeState, Detected> CACHE = Collections.synchronizedMap(new WeakHashMap<>());

    private CniProfiles() {
    }

    /**
     * The node's profile, how it was chosen, and (for the reference plugins) the plugin's config entry.
     *
     * @param how  one line for the evidence: "type ptp of /etc/cni/net.d/10-kindnet.conflist", "-Dpodwire.cni=ptp
     *             overrides the detected bridge", "no CNI config read: …"
     * @param conf the plugin's config entry the expectations are computed from (reference plugins only)
     */
    public record Detected(CniProfile profile, String how, Observed<PluginConf> conf) {
        public String describe() {
            return profile.name() + " (" + how + ")";
        }
    }

    /** The node's profile (detected once per node state; the override read from the system property). */
    public static Detected of(NodeState node) {
        return CACHE.computeIfAbsent(node, n -> detect(n, System.getProperty(PROPERTY, "")));
    }

    static Detected detect(NodeState node, String override) {
        Optional<Section> section = node.raw().section(SECTION);
        String command = section.map(Section::command).orElse(SECTION);
        List<Found> found = new ArrayList<>();
        String problem = null;
        if (section.isEmpty() || !section.get().succeeded()) {
            problem = section.isEmpty() ? "section " + SECTION + " is missing from the snapshot"
                    : section.get().failure();
        } else {
            try {
                found = configs(command, section.get().stdout());
            } catch (RuntimeException e) {
                problem = "the CNI config could not be parsed: " + e.getMessage();
            }
        }
        List<String> types = found.stream().map(Found::profile).distinct().toList();
        String detected = types.size() == 1 ? types.get(0) : null;
        String how = detected != null ? "type " + found.get(0).type + " of " + found.get(0).file
                + (found.get(0).type.equals("flannel") ? " (flannel delegates to bridge)" : "")
                : types.size() > 1 ? "the CNI config directories disagree: " + found.stream().map(f -> f.type + " in "
                + f.file).toList() : problem != null ? "no CNI config read (" + problem + ")"
                : "no CNI config read";
        String chosen = detected;
        if (!override.isBlank()) {
            String o = override.strip().toLowerCase(Locale.ROOT);
            if (!NAMES.contains(o)) {
                throw new IllegalArgumentException("-D" + PROPERTY + "=" + override + " names no profile: one of " + NAMES);
            }
            how = "-D" + PROPERTY + "=" + o + " overrides detection (" + how + ")";
            chosen = o;
        } else if (chosen == null) {
            how += ": judged by the calico profile, podwire's default";
            chosen = "calico";
        } else if (!NAMES.contains(chosen)) {
            how += ": podwire has no profile for it, judged by the calico profile, podwire's default";
            chosen = "calico";
        }
        CniProfile profile = switch (chosen) {
            case "bridge" -> ReferencePluginProfile.BRIDGE;
            case "ptp" -> ReferencePluginProfile.PTP;
            default -> CalicoProfile.INSTANCE;
        };
        Observed<PluginConf> conf = conf(command, profile, found, problem);
        return new Detected(profile, how, conf);
    }

    private static Observed<PluginConf> conf(String command, CniProfile profile, List<Found> found, String problem) {
        if (!(profile instanceof ReferencePluginProfile)) {
            return Observed.unavailable(command, "the calico profile reads its settings itself");
        }
        Optional<Found> entry = found.stream().filter(f -> f.type.equals(profile.name())).findFirst();
        if (entry.isEmpty()) {
            boolean flannel = found.stream().anyMatch(f -> f.type.equals("flannel"));
            return Observed.unavailable(command, flannel
                    ? "flannel writes its bridge's config (subnet, MTU) at ADD from /run/flannel/subnet.env, which the"
                    + " snapshot does not read"
                    : "no " + profile.name() + " plugin in the CNI config read"
                    + (problem == null ? " " + found.stream().map(f -> f.type + " in " + f.file).toList() : ": " + problem));
        }
        Found f = entry.get();
        PluginConf c = PluginConf.of(f.file, f.network, f.plugin);
        if (c.subnet() == null) {
            return Observed.unavailable(command, "the " + profile.name() + " plugin of " + f.file
                    + " has no host-local range: its pods' subnet and gateway are not in the config");
        }
        return Observed.of(c, command);
    }

    private record Found(String file, String network, String type, JsonNode plugin) {
        String profile() {
            return type.equals("flannel") ? "bridge" : type;
        }
    }

    /** The first plugin of each config file (a conflist's plugins[0], a .conf's own type). */
    private static List<Found> configs(String command, String text) {
        Map<String, String> files = TextParsers.headFiles(command, text);
        List<Found> found = new ArrayList<>();
        files.forEach((file, json) -> {
            if (file.equals("/var/lib/calico/mtu")) {
                return;
            }
            JsonNode conf = Json.tree(json);
            JsonNode first = conf.has("plugins") ? conf.path("plugins").path(0) : conf;
            String type = first.path("type").asString("");
            if (!type.isEmpty()) {
                found.add(new Found(file, conf.path("name").asString(""), type, first));
            }
        });
        return found;
    }
}
