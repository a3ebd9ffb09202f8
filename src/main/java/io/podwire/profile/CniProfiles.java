package io.podwire.profile;

import io.podwire.node.CniConfigs;
import io.podwire.node.NodeState;
import io.podwire.node.Observed;
import io.podwire.profile.calico.CalicoProfile;
import io.podwire.profile.plugins.ReferencePluginProfile;
import io.podwire.verdict.CniProfile;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which CNI profile judges a node: the type of the first plugin of the CNI config the runtime loads
 * ({@link CniConfigs}: the first *.conf, *.conflist, *.json of each CNI config directory, as containerd's CRI
 * does): calico, flannel (which delegates to bridge), bridge, ptp. {@code -Dpodwire.cni=} overrides the detection
 * and the evidence says so. Where no CNI config could be read, the node is judged by the calico profile, podwire's
 * default, and the evidence says that too: every recording made before profiles existed keeps its verdicts.
 */
public final class CniProfiles {
    public static final String PROPERTY = "podwire.cni";
    public static final List<String> NAMES = List.of("calico", "bridge", "ptp");

    private CniProfiles() {
    }

    /**
     * The node's profile, how it was chosen, and (for the reference plugins) the plugin's config entry.
     *
     * @param how  one line for the evidence: "type ptp of /etc/cni/net.d/10-kindnet.conflist", "-Dpodwire.cni=ptp
     *             overrides the detected bridge", "no CNI config read: …"
     * @param unprofiled the CNI configs the runtime loads where no profile matches their plugin (aws-cni,
     *                   azure-vnet: Calico, if present, enforces policy only); empty otherwise
     */
    public record Detected(CniProfile profile, String how, Optional<String> unprofiled) {
        public String describe() {
            return profile.name() + " (" + how + ")";
        }
    }

    /** The node's profile (detected once per node state; the override read from the system property). */
    public static Detected of(NodeState node) {
        return node.profileState(Detected.class, n -> detect(n, System.getProperty(PROPERTY, "")));
    }

    static Detected detect(NodeState node, String override) {
        Observed<CniConfigs> configs = node.cniConfigs();
        List<CniConfigs.Config> found = configs.available() ? configs.value().files() : List.of();
        List<String> types = found.stream().map(c -> profileOf(c.firstType())).distinct().toList();
        String detected = types.size() == 1 ? types.get(0) : null;
        CniConfigs.Config first = found.isEmpty() ? null : found.get(0);
        String how = detected != null ? "type " + first.firstType() + " of " + first.file()
                + (first.firstType().equals("flannel") ? " (flannel delegates to bridge)" : "")
                : types.size() > 1 ? "the CNI config directories disagree: " + found.stream().map(c -> c.firstType()
                + " in " + c.file()).toList() : configs.available() || configs.absent() ? "no CNI config read"
                : "no CNI config read (" + configs.problem() + ")";
        String chosen = detected;
        Optional<String> unprofiled = Optional.empty();
        if (!override.isBlank()) {
            String o = override.strip().toLowerCase(Locale.ROOT);
            if (!NAMES.contains(o)) {
                throw new IllegalArgumentException("-D" + PROPERTY + "=" + o + " names no profile: one of " + NAMES);
            }
            how = "-D" + PROPERTY + "=" + o + " overrides detection (" + how + ")";
            chosen = o;
        } else if (chosen == null) {
            how += ": judged by the calico profile, podwire's default";
            chosen = "calico";
        } else if (!NAMES.contains(chosen)) {
            how += ": podwire has no profile for it, judged by the calico profile, podwire's default";
            unprofiled = Optional.of(configs.value().describe());
            chosen = "calico";
        }
        CniProfile profile = switch (chosen) {
            case "bridge" -> ReferencePluginProfile.BRIDGE;
            case "ptp" -> ReferencePluginProfile.PTP;
            default -> CalicoProfile.INSTANCE;
        };
        return new Detected(profile, how, unprofiled);
    }

    /** The profile a config's first plugin type names: flannel delegates to bridge; others name themselves. */
    private static String profileOf(String type) {
        return type.equals("flannel") ? "bridge" : type;
    }
}
