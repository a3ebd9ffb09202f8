package io.podwire.report;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a run ran against: the cluster (provider, Kubernetes and Calico versions, image digests), each node's kernel
 * and iproute2 (from its snapshot), and the suite itself (version, git commit, start time). Written to the Allure
 * environment and to every record of verdicts.json, so two runs can be told apart.
 */
public record RunEnvironment(String runId, Instant startedAt, String suiteVersion, String gitCommit,
                             Cluster cluster, Map<String, NodeFacts> nodes, RunTarget target, Upgrade upgrade) {

    public static final String UNKNOWN = "unknown";

    public RunEnvironment(String runId, Instant startedAt, String suiteVersion, String gitCommit, Cluster cluster,
                          Map<String, NodeFacts> nodes, RunTarget target) {
        this(runId, startedAt, suiteVersion, gitCommit, cluster, nodes, target, null);
    }

    /**
     * The upgrade gate's outcome when the run was one (CalicoUpgradeIT, or its lab demonstration): from, to, and each
     * step's verdict (PASS, FAIL, INCONCLUSIVE) with a one-line summary and its file under reports/; null otherwise.
     */
    public record Upgrade(String from, String to, List<Step> steps) {
        public Upgrade {
            steps = List.copyOf(steps);
        }

        public record Step(String name, String verdict, String summary, String file) {
        }

        /** FAIL when any step failed, else INCONCLUSIVE when any could not decide, else PASS; no step is no PASS. */
        public String verdict() {
            if (steps.stream().anyMatch(s -> "FAIL".equals(s.verdict()))) {
                return "FAIL";
            }
            return steps.isEmpty() || steps.stream().anyMatch(s -> !"PASS".equals(s.verdict())) ? "INCONCLUSIVE" : "PASS";
        }
    }

    /** The cluster as its provider describes it; image digests by image name when known. */
    public record Cluster(String provider, String kubernetesVersion, String calicoVersion, Map<String, String> images) {
        public static final Cluster UNDESCRIBED = new Cluster(UNKNOWN, UNKNOWN, UNKNOWN, Map.of());

        public Cluster {
            provider = orUnknown(provider);
            kubernetesVersion = orUnknown(kubernetesVersion);
            calicoVersion = orUnknown(calicoVersion);
            images = Map.copyOf(images == null ? Map.of() : images);
        }
    }

    /**
     * A node's kernel (`uname -r`) and iproute2 (`ip -V`), read from its snapshot, and its container runtime with
     * version, as the target reports it (the Node's status.nodeInfo on a cluster).
     */
    public record NodeFacts(String node, String kernel, String iproute2, String containerRuntime, Instant snapshotAt) {
        public NodeFacts {
            kernel = orUnknown(kernel);
            iproute2 = orUnknown(iproute2);
            containerRuntime = orUnknown(containerRuntime);
        }

        public NodeFacts(String node, String kernel, String iproute2, Instant snapshotAt) {
            this(node, kernel, iproute2, null, snapshotAt);
        }
    }

    public Optional<NodeFacts> node(String name) {
        return Optional.ofNullable(nodes.get(name));
    }

    /** The versions that decide a verdict on this node: the JSON object "versions" of a verdicts.json record. */
    public Map<String, Object> versionsFor(String node) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("provider", cluster.provider());
        v.put("kubernetes", cluster.kubernetesVersion());
        v.put("calico", cluster.calicoVersion());
        v.put("kernel", node(node).map(NodeFacts::kernel).orElse(UNKNOWN));
        v.put("iproute2", node(node).map(NodeFacts::iproute2).orElse(UNKNOWN));
        v.put("containerRuntime", node(node).map(NodeFacts::containerRuntime).orElse(UNKNOWN));
        v.put("suite", suiteVersion);
        v.put("gitCommit", gitCommit);
        return v;
    }

    /** Allure environment entries (shown in the report's Environment widget). */
    public Map<String, String> allureEntries() {
        Map<String, String> e = new LinkedHashMap<>();
        e.put("Target", target.cluster() + (target.labFault() == null ? ""
                : " with lab fault " + target.labFault().fault() + " injected (" + target.labFault().description() + ")"));
        e.put("Cluster provider", cluster.provider());
        e.put("Kubernetes", cluster.kubernetesVersion());
        e.put("Calico", cluster.calicoVersion());
        new TreeMap<>(cluster.images()).forEach((image, digest) -> e.put("Image " + image, digest));
        e.put("Kernel", perNode(NodeFacts::kernel));
        e.put("iproute2", perNode(NodeFacts::iproute2));
        e.put("Container runtime", perNode(NodeFacts::containerRuntime));
        e.put("Nodes", nodes.isEmpty() ? "none observed" : String.join(", ", new TreeMap<>(nodes).keySet()));
        e.put("podwire version", suiteVersion);
        e.put("Git commit", gitCommit);
        e.put("Run started", startedAt.toString());
        e.put("Chosen by", target.chosenBy().entrySet().stream().map(x -> x.getKey() + "=" + x.getValue())
                .sorted().reduce((a, b) -> a + " " + b).orElse("(nothing)"));
        return e;
    }

    /** One value when every node agrees, else `node: value` per node. */
    private String perNode(java.util.function.Function<NodeFacts, String> fact) {
        if (nodes.isEmpty()) {
            return UNKNOWN;
        }
        Map<String, String> byNode = new TreeMap<>();
        nodes.values().forEach(n -> byNode.put(n.node(), fact.apply(n)));
        if (byNode.values().stream().distinct().count() == 1) {
            return byNode.values().iterator().next();
        }
        StringBuilder sb = new StringBuilder();
        byNode.forEach((n, v) -> sb.append(sb.length() == 0 ? "" : "; ").append(n).append(": ").append(v));
        return sb.toString();
    }

    static String orUnknown(String s) {
        return s == null || s.isBlank() ? UNKNOWN : s.strip();
    }
}
