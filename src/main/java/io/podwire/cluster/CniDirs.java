package io.podwire.cluster;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the node's containerd looks for CNI plugins and their config, read from its config.toml. k3s writes
 * its own dirs there only when flannel runs; with --flannel-backend=none containerd's defaults apply, which
 * are calico.yaml's hostPaths. Both the config v2 (`bin_dir`) and v3 (`bin_dirs = [...]`) spellings occur.
 */
public record CniDirs(String binDir, String confDir) {
    public static final CniDirs DEFAULTS = new CniDirs("/opt/cni/bin", "/etc/cni/net.d");
    /** Where k3s renders containerd's config (k3s-io/k3s pkg/agent/config). */
    public static final String K3S_CONTAINERD_CONFIG = "/var/lib/rancher/k3s/agent/etc/containerd/config.toml";

    private static final Pattern SECTION = Pattern.compile("(?m)^\\s*\\[plugins\\.[^\\]]*\\bcri\\b[^\\]]*[.'\"]cni['\"]?\\]\\s*$");
    private static final Pattern NEXT_SECTION = Pattern.compile("(?m)^\\s*\\[");
    private static final Pattern BIN_DIR = Pattern.compile("(?m)^\\s*bin_dirs?\\s*=\\s*\\[?\\s*[\"']([^\"']+)[\"']");
    private static final Pattern CONF_DIR = Pattern.compile("(?m)^\\s*conf_dir\\s*=\\s*[\"']([^\"']+)[\"']");

    public static CniDirs fromContainerdConfig(String toml) {
        Matcher section = SECTION.matcher(toml);
        if (!section.find()) {
            return DEFAULTS;
        }
        String body = toml.substring(section.end());
        Matcher next = NEXT_SECTION.matcher(body);
        if (next.find()) {
            body = body.substring(0, next.start());
        }
        return new CniDirs(first(BIN_DIR, body).orElse(DEFAULTS.binDir), first(CONF_DIR, body).orElse(DEFAULTS.confDir));
    }

    private static Optional<String> first(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    public boolean isDefault() {
        return equals(DEFAULTS);
    }
}
