package io.podwire.cluster;

import io.podwire.InfrastructureException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Every knob of the cluster path, read once from system properties (`mvn verify -D…`) and the environment.
 * Defaults are pinned versions; docs/providers.md lists them.
 */
public record ClusterSettings(ClusterKind kind, String k3sImage, String calicoVersion, Optional<Path> calicoManifest,
                              boolean installCalico, String podCidr, String kindClusterName, Optional<Path> kubeconfig,
                              Optional<String> kubeContext, String debugImage, Path manifestsDir, Path workDir,
                              Optional<String> podCidr6, ClusterCni cni, int nodes) {

    /**
     * `-Dpodwire.cluster.cni=calico|default`: the CNI that wires the target's pods. calico (the default): podwire
     * installs Calico on k3s and kind (their default CNI off). default: the distribution's own, left as it ships (k3s:
     * flannel, whose pods the bridge plugin wires; kind: kindnet, with ptp), judged by the CNI profile the runtime's
     * config names (README, "CNI profiles").
     */
    public enum ClusterCni {
        CALICO, DEFAULT;

        public static final String PROPERTY = "podwire.cluster.cni";
    }

    /**
     * `-Dpodwire.cluster.nodes=N`: how many schedulable nodes the target must have. 1 (the default) is today's
     * single-node path: pinger and app on one node, only same-node traffic probed. 2 or more: k3s gets N-1 agents,
     * kind and kubeconfig clusters must already have N schedulable Linux nodes, and a pod on another node than the
     * pinger's is probed too (manifests/remote.yaml).
     */
    public static final String NODES_PROPERTY = "podwire.cluster.nodes";
    /** More k3s agents than this would only load the machine: two nodes already give a cross-node path. */
    public static final int MAX_NODES = 5;

    public static final String K3S_IMAGE = "rancher/k3s:v1.34.9-k3s1";
    public static final String CALICO_VERSION = "3.32.1";
    public static final String K3S_POD_CIDR = "10.42.0.0/16";
    /** kind-config/podwire-cluster.yaml sets this podSubnet (kind's own default). */
    public static final String KIND_POD_CIDR = "10.244.0.0/16";
    public static final String KIND_CLUSTER = "podwire";
    /** The IPv6 pod ranges of a dual-stack cluster (-Dpodwire.dualstack=true): k3s's, and kind-config/'s. */
    public static final String K3S_POD_CIDR6 = "fd00:10:42::/56";
    public static final String KIND_POD_CIDR6 = "fd00:10:244::/64";
    /** busybox's default config has nsenter and sh, all a node debug pod needs. */
    public static final String DEBUG_IMAGE = "busybox:1.36.1";

    private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+");
    private static final Pattern CIDR = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}");
    private static final Pattern CIDR6 = Pattern.compile("[0-9a-fA-F:]*:[0-9a-fA-F:]*/\\d{1,3}");

    public static ClusterSettings fromSystem() {
        String base = System.getProperty("basedir", System.getProperty("user.dir"));
        return from(System::getProperty, System::getenv, Path.of(base));
    }

    public static ClusterSettings from(Function<String, String> props, Function<String, String> env, Path baseDir) {
        ClusterKind kind = ClusterKind.parse(props.apply(ClusterKind.PROPERTY));
        String version = value(props, "calico.version", CALICO_VERSION);
        if (version.startsWith("v")) {
            version = version.substring(1);
        }
        if (!VERSION.matcher(version).matches()) {
            throw new InfrastructureException("-Dcalico.version=" + props.apply("calico.version")
                    + " is not a Calico release version; expected MAJOR.MINOR.PATCH, e.g. " + CALICO_VERSION);
        }
        Optional<Path> manifest = Optional.ofNullable(props.apply("calico.manifest")).filter(s -> !s.isBlank())
                .map(s -> baseDir.resolve(s));
        manifest.ifPresent(m -> {
            if (!Files.isReadable(m)) {
                throw new InfrastructureException("-Dcalico.manifest=" + m + " is not a readable file");
            }
        });
        String image = value(props, "podwire.k3s.image", K3S_IMAGE);
        // any valid reference: a mirror or a digest-pinned name runs as a compatible substitute for rancher/k3s
        K3sImages.parse(image);
        String cidr = value(props, "podwire.pod.cidr", kind == ClusterKind.KIND ? KIND_POD_CIDR : K3S_POD_CIDR);
        if (!CIDR.matcher(cidr).matches() || !validIpv4Cidr(cidr)) {
            throw new InfrastructureException("-Dpodwire.pod.cidr=" + cidr + " is not an IPv4 CIDR such as " + K3S_POD_CIDR);
        }
        // dual-stack: -Dpodwire.pod.cidr6=<IPv6 CIDR>, or -Dpodwire.dualstack=true for the target's default range
        Optional<String> cidr6 = Optional.ofNullable(props.apply("podwire.pod.cidr6")).filter(v -> !v.isBlank())
                .map(String::strip).or(() -> flag(props, "podwire.dualstack", false)
                        ? Optional.of(kind == ClusterKind.KIND ? KIND_POD_CIDR6 : K3S_POD_CIDR6) : Optional.empty());
        cidr6.filter(c -> !CIDR6.matcher(c).matches() || !validIpv6Cidr(c)).ifPresent(c -> {
            throw new InfrastructureException("-Dpodwire.pod.cidr6=" + c + " is not an IPv6 CIDR such as " + K3S_POD_CIDR6);
        });
        ClusterCni cni = clusterCni(props.apply(ClusterCni.PROPERTY));
        boolean install = cni == ClusterCni.CALICO && flag(props, "podwire.calico.install", kind != ClusterKind.KUBECONFIG);
        return new ClusterSettings(kind, image, version, manifest, install, cidr,
                value(props, "podwire.kind.cluster", KIND_CLUSTER), kubeconfig(props, env, baseDir),
                Optional.ofNullable(props.apply("podwire.kube.context")).filter(s -> !s.isBlank()),
                value(props, "podwire.debug.image", DEBUG_IMAGE),
                baseDir.resolve(value(props, "podwire.manifests.dir", "manifests")),
                baseDir.resolve("target").resolve("podwire"), cidr6, cni, nodes(props.apply(NODES_PROPERTY), kind));
    }

    /** 1 to MAX_NODES; the lab target is one lab node (cross-node on the lab: CrossNodeLabIT's two lab nodes). */
    static int nodes(String value, ClusterKind kind) {
        if (value == null || value.isBlank()) {
            return 1;
        }
        int n;
        try {
            n = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new InfrastructureException("-D" + NODES_PROPERTY + "=" + value + " is not a number of nodes; expected"
                    + " 1 (the default: one node) to " + MAX_NODES);
        }
        if (n < 1 || n > MAX_NODES) {
            throw new InfrastructureException("-D" + NODES_PROPERTY + "=" + value + " is out of range; expected 1 (the"
                    + " default: one node) to " + MAX_NODES + " (2 already gives pinger and a probed pod on two nodes)");
        }
        if (n > 1 && kind == ClusterKind.LAB) {
            throw new InfrastructureException("-D" + NODES_PROPERTY + "=" + n + " asks for a multi-node cluster, but -D"
                    + ClusterKind.PROPERTY + "=lab is one lab node, not a cluster; cross-node traffic on lab nodes is"
                    + " CrossNodeLabIT (two lab nodes routed to each other), run with the lab's own tests");
        }
        return n;
    }

    /** More than one node: pinger and a probed pod are placed on different nodes (cross-node traffic probed). */
    public boolean multiNode() {
        return nodes > 1;
    }

    private static ClusterCni clusterCni(String value) {
        if (value == null || value.isBlank()) {
            return ClusterCni.CALICO;
        }
        try {
            return ClusterCni.valueOf(value.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InfrastructureException("-D" + ClusterCni.PROPERTY + "=" + value + " is neither calico (podwire"
                    + " installs Calico) nor default (the distribution's own CNI: flannel on k3s, kindnet on kind)");
        }
    }

    /** Calico is the CNI podwire expects on the cluster: installed by it, or already there. */
    public boolean calicoIsTheCni() {
        return cni == ClusterCni.CALICO;
    }

    /** -Dpodwire.kubeconfig, else the first entry of $KUBECONFIG, else ~/.kube/config (what kubectl reads). */
    private static Optional<Path> kubeconfig(Function<String, String> props, Function<String, String> env, Path baseDir) {
        String explicit = props.apply("podwire.kubeconfig");
        if (explicit != null && !explicit.isBlank()) {
            return Optional.of(baseDir.resolve(explicit));
        }
        String fromEnv = env.apply("KUBECONFIG");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Optional.of(Path.of(fromEnv.split(java.io.File.pathSeparator)[0]));
        }
        String home = props.apply("user.home");
        return home == null ? Optional.empty() : Optional.of(Path.of(home, ".kube", "config"));
    }

    /** true or false (any case); anything else is refused rather than read as false. */
    static boolean flag(Function<String, String> props, String key, boolean dflt) {
        String v = props.apply(key);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        if (v.strip().equalsIgnoreCase("true") || v.strip().equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v.strip());
        }
        throw new InfrastructureException("-D" + key + "=" + v + " is not a boolean; expected true or false");
    }

    private static boolean validIpv4Cidr(String cidr) {
        String[] parts = cidr.split("[./]");
        for (int i = 0; i < 4; i++) {
            if (Integer.parseInt(parts[i]) > 255) {
                return false;
            }
        }
        return Integer.parseInt(parts[4]) <= 32;
    }

    private static boolean validIpv6Cidr(String cidr) {
        int slash = cidr.indexOf('/');
        try {
            // a literal with ':' is parsed, never looked up
            java.net.InetAddress address = java.net.InetAddress.getByName(cidr.substring(0, slash));
            return address instanceof java.net.Inet6Address && Integer.parseInt(cidr.substring(slash + 1)) <= 128;
        } catch (java.net.UnknownHostException | NumberFormatException e) {
            return false;
        }
    }

    private static String value(Function<String, String> props, String key, String dflt) {
        String v = props.apply(key);
        return v == null || v.isBlank() ? dflt : v.strip();
    }

    /** The Calico release manifest for the configured version (the URL pattern of Calico's docs). */
    public String calicoManifestUrl() {
        return "https://raw.githubusercontent.com/projectcalico/calico/v" + calicoVersion + "/manifests/calico.yaml";
    }
}
