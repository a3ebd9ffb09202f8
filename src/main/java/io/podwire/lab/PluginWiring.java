package io.podwire.lab;

import io.podwire.InfrastructureException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Wires pods on the lab node with Debian's real CNI plugins, as containerd's CRI does through go-cni and libcni; no
 * lab code touches their veths, addresses or routes:
 * <ol>
 *   <li>the runtime's CNI config is the conflist of {@link ReferencePlugin} in /etc/cni/net.d;</li>
 *   <li>containerd pins the pod netns at /var/run/netns/cni-&lt;uuid&gt; and starts pause in it (as {@link LabWiring});</li>
 *   <li>go-cni sets up lo with the loopback plugin, then libcni runs the network's plugin: the binary
 *       CNI_PATH/&lt;type&gt; with CNI_COMMAND=ADD, CNI_CONTAINERID=&lt;sandbox id&gt;, CNI_NETNS=&lt;netns path&gt;,
 *       CNI_IFNAME, CNI_ARGS (K8S_POD_*), CNI_PATH, and the plugin's config on stdin with the list's name and
 *       cniVersion (CNI SPEC.md "Parameters"; libcni api.go buildOneConfig; containernetworking/cni pkg/invoke
 *       args.go 66-71); the plugin runs host-local IPAM itself;</li>
 *   <li>libcni caches each ADD's result under /var/lib/cni/results/&lt;network&gt;-&lt;container id&gt;-&lt;ifname&gt;, mode
 *       0600: json.Marshal of {kind "cniCacheV1", containerId, config (the list's bytes, base64), ifName, networkName,
 *       netns, cniArgs, result} (containernetworking/cni libcni/api.go cachedInfo 225-236, cacheAdd 259-297,
 *       getCacheFilePath 252-257, at 3f51e880);</li>
 *   <li>containers join pause's namespaces and the runtime records the sandbox with the IP of the result.</li>
 * </ol>
 * Two execs: the plugins' ADD (whose results decide the IPs), then containers, records and the cache.
 */
public final class PluginWiring {
    public static final String CACHE_DIR = "/var/lib/cni/results";
    /** go-cni's loopback network (containerd/go-cni opts.go WithLoNetwork): lo is the loopback plugin's. */
    static final String LOOPBACK_CONFLIST = "{\"cniVersion\":\"0.3.1\",\"name\":\"cni-loopback\",\"plugins\":[{\"type\":\"loopback\"}]}";
    private static final String LOOPBACK_STDIN = "{\"cniVersion\":\"0.3.1\",\"name\":\"cni-loopback\",\"type\":\"loopback\"}";
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final String RESULT_FRAME = "==> podwire-cni-result ";

    private PluginWiring() {
    }

    /** Wires the pods with the plugin; returns them with the IPs the plugin assigned. */
    public static List<PluginPod> wire(LabNode node, ReferencePlugin plugin, List<LabPod> pods) {
        List<Planned> planned = pods.stream().map(Planned::of).toList();
        String added = node.run("ADD " + pods.size() + " pods with " + plugin.type(), addScript(plugin, planned)).stdout();
        Map<String, String> results = results(added);
        List<PluginPod> wired = new ArrayList<>();
        for (Planned p : planned) {
            String result = results.get(p.sandboxId + " eth0");
            if (result == null) {
                throw new InfrastructureException("lab node: " + plugin.type() + " ADD printed no result for " + p.pod.key());
            }
            JsonNode r = JSON.readTree(result);
            String address = r.path("ips").path(0).path("address").asString("");
            if (!address.contains("/")) {
                throw new InfrastructureException("lab node: " + plugin.type() + " assigned no IP to " + p.pod.key() + ": " + result);
            }
            LabPod assigned = new LabPod(p.pod.namespace(), p.pod.name(), address.substring(0, address.indexOf('/')),
                    p.pod.containers());
            wired.add(new PluginPod(assigned, p.sandboxId, p.netns, p.containerIds, plugin, result, hostVeth(r),
                    results.get(p.sandboxId + " lo")));
        }
        node.run("start the containers and record " + pods.size() + " pods", recordScript(plugin, wired));
        return List.copyOf(wired);
    }

    /** The host end of the pod's veth in the result: the interface with no sandbox that is not the bridge. */
    private static String hostVeth(JsonNode result) {
        String bridge = result.path("interfaces").size() > 2 ? result.path("interfaces").path(0).path("name").asString() : null;
        for (JsonNode i : result.path("interfaces")) {
            if (!i.has("sandbox") && !i.path("name").asString().equals(bridge)) {
                return i.path("name").asString();
            }
        }
        throw new InfrastructureException("lab node: the plugin's result names no host end: " + result);
    }

    private record Planned(LabPod pod, String sandboxId, String netns, Map<String, String> containerIds) {
        static Planned of(LabPod pod) {
            Map<String, String> ids = new LinkedHashMap<>();
            pod.containers().forEach(c -> ids.put(c, id()));
            return new Planned(pod, id(), "cni-" + UUID.randomUUID(), Map.copyOf(ids));
        }
    }

    static String addScript(ReferencePlugin plugin, List<Planned> pods) {
        StringBuilder sh = new StringBuilder("\n# the runtime's CNI config\nmkdir -p /etc/cni/net.d\ncat > ")
                .append(plugin.configPath()).append(" <<'CNI'\n").append(plugin.conflist()).append("CNI\n");
        plugin.daemonFile().ifPresent(f -> sh.append("# what the CNI's daemon keeps on the node\nmkdir -p ")
                .append(f.getKey().substring(0, f.getKey().lastIndexOf('/'))).append("\ncat > ").append(f.getKey())
                .append(" <<'DAEMON'\n").append(f.getValue()).append("DAEMON\n"));
        sh.append("\n# containerd pins the netns and starts pause in it\n");
        pods.forEach(p -> sh.append("ip netns add ").append(p.netns).append('\n'));
        pods.forEach(p -> sh.append("start_pause ").append(p.sandboxId).append(' ').append(p.netns).append('\n'));
        pods.forEach(p -> sh.append("wait_pid ").append(p.sandboxId).append('\n'));
        sh.append("\n# go-cni: lo by the loopback plugin, then the network's plugin (libcni invokes each binary)\n");
        sh.append("mkdir -p $S/cni\n");
        for (Planned p : pods) {
            sh.append(add("loopback", LOOPBACK_STDIN, p, "lo",
                    "$S/cni/" + p.sandboxId + ".lo"));
            sh.append(add(plugin.type(), plugin.stdin(), p, "eth0", "$S/cni/" + p.sandboxId + ".eth0"));
            for (String ifName : List.of("lo", "eth0")) {
                sh.append("printf '%s\\n' '").append(RESULT_FRAME).append(p.sandboxId).append(' ').append(ifName)
                        .append("'; cat $S/cni/").append(p.sandboxId).append('.').append(ifName).append("; echo\n");
            }
        }
        return sh.toString();
    }

    /** One plugin call as the CNI spec defines it: parameters in the environment, the config on stdin. */
    private static String add(String type, String stdin, Planned p, String ifName, String out) {
        return "printf '%s' '" + stdin + "' | env CNI_COMMAND=ADD CNI_CONTAINERID=" + p.sandboxId
                + " CNI_NETNS=/var/run/netns/" + p.netns + " CNI_IFNAME=" + ifName + " CNI_PATH=" + ReferencePlugin.CNI_PATH
                + " CNI_ARGS='" + cniArgsEnv(p.pod, p.sandboxId) + "' " + ReferencePlugin.CNI_PATH + "/" + type + " > " + out
                + " || { echo \"" + type + " ADD of " + p.pod.key() + " failed: $(cat " + out + ")\" >&2; exit 1; }\n";
    }

    /** containerd's CNI_ARGS for a pod sandbox (cri sandbox_run.go cniNamespaceOpts: K8S_POD_* labels, IgnoreUnknown). */
    private static List<String[]> cniArgs(LabPod pod, String sandboxId) {
        return List.of(new String[]{"IgnoreUnknown", "1"}, new String[]{"K8S_POD_NAMESPACE", pod.namespace()},
                new String[]{"K8S_POD_NAME", pod.name()}, new String[]{"K8S_POD_INFRA_CONTAINER_ID", sandboxId},
                new String[]{"K8S_POD_UID", "uid-" + sandboxId});
    }

    private static String cniArgsEnv(LabPod pod, String sandboxId) {
        return String.join(";", cniArgs(pod, sandboxId).stream().map(a -> a[0] + "=" + a[1]).toList());
    }

    static String recordScript(ReferencePlugin plugin, List<PluginPod> pods) {
        StringBuilder sh = new StringBuilder("\n# app containers join the pause namespaces\n");
        pods.forEach(p -> p.containerIds().forEach((name, id) -> sh.append("start_container ").append(p.sandboxId())
                .append(' ').append(id).append(' ').append(name).append('\n')));
        pods.forEach(p -> p.containerIds().values().forEach(id -> sh.append("wait_pid ").append(id).append('\n')));
        sh.append("\n# the runtime's records, the sandbox's IP from the plugin's result\n");
        for (PluginPod p : pods) {
            sh.append("record_sandbox ").append(p.sandboxId()).append(' ').append(p.pod().namespace()).append(' ')
                    .append(p.pod().name()).append(' ').append(p.netns()).append(' ').append(p.pod().ip()).append('\n');
            p.containerIds().forEach((name, id) -> sh.append("record_container ").append(id).append(' ')
                    .append(p.sandboxId()).append(' ').append(name).append(' ').append(p.pod().namespace()).append(' ')
                    .append(p.pod().name()).append('\n'));
        }
        sh.append("\n# libcni caches each ADD's result (0700 directory, 0600 files, no trailing newline)\n")
                .append("mkdir -p -m 0700 ").append(CACHE_DIR).append('\n');
        for (PluginPod p : pods) {
            sh.append(cacheWrite(p.cacheFile(), cacheEntry(plugin.conflist(), plugin.network(), p, "eth0", p.pluginResult())));
            sh.append(cacheWrite(CACHE_DIR + "/cni-loopback-" + p.sandboxId() + "-lo",
                    cacheEntry(LOOPBACK_CONFLIST, "cni-loopback", p, "lo", p.loopbackResult())));
        }
        return sh.toString();
    }

    private static String cacheWrite(String file, String json) {
        return "(umask 077; printf '%s' '" + json.replace("'", "'\\''") + "' > '" + file + "')\n";
    }

    /** The libcni cache entry, as json.Marshal writes cachedInfo: struct fields in order, the result's keys sorted. */
    static String cacheEntry(String conflist, String network, PluginPod p, String ifName, String result) {
        Map<String, Object> cached = new LinkedHashMap<>();
        cached.put("kind", "cniCacheV1");
        cached.put("containerId", p.sandboxId());
        cached.put("config", Base64.getEncoder().encodeToString(conflist.getBytes(StandardCharsets.UTF_8)));
        cached.put("ifName", ifName);
        cached.put("networkName", network);
        cached.put("netns", p.netnsPath());
        cached.put("cniArgs", cniArgs(p.pod(), p.sandboxId()));
        cached.put("result", sorted(JSON.readTree(result)));
        return JSON.writeValueAsString(cached);
    }

    /** A JSON value with every object's keys in Go's map order (sorted), as a map[string]interface{} marshals. */
    private static Object sorted(JsonNode n) {
        if (n.isObject()) {
            Map<String, Object> m = new TreeMap<>();
            n.properties().forEach(e -> m.put(e.getKey(), sorted(e.getValue())));
            return m;
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>();
            n.forEach(e -> l.add(sorted(e)));
            return l;
        }
        return n;
    }

    /** The results framed in the ADD script's output, by "sandbox-id ifname". */
    static Map<String, String> results(String out) {
        Map<String, String> results = new LinkedHashMap<>();
        String id = null;
        StringBuilder body = new StringBuilder();
        for (String line : out.split("\n", -1)) {
            if (line.startsWith(RESULT_FRAME)) {
                if (id != null) {
                    results.put(id, body.toString().strip());
                }
                id = line.substring(RESULT_FRAME.length()).strip();
                body.setLength(0);
            } else if (id != null) {
                body.append(line).append('\n');
            }
        }
        if (id != null) {
            results.put(id, body.toString().strip());
        }
        return results;
    }

    private static String id() {
        byte[] b = new byte[32];
        new java.security.SecureRandom().nextBytes(b);
        return java.util.HexFormat.of().formatHex(b);
    }
}
