package io.podwire.node;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads containerd's records through crictl: `crictl inspectp -o json` (SandboxInfo: `info.pid`,
 * `info.runtimeSpec.linux.namespaces[type=network].path`) and `crictl inspect -o json` (ContainerInfo:
 * `info.sandboxID`, `info.pid`). One ID prints an object, several print an array: both are accepted.
 */
public final class CrictlParser {
    private CrictlParser() {
    }

    public static List<Sandbox> sandboxes(String command, String text) {
        List<Sandbox> sandboxes = new ArrayList<>();
        for (JsonNode s : objects(command, text)) {
            JsonNode status = s.path("status");
            JsonNode info = s.path("info");
            String netns = null;
            for (JsonNode n : info.path("runtimeSpec").path("linux").path("namespaces")) {
                if ("network".equals(n.path("type").asString())) {
                    netns = n.path("path").asString(null);
                }
            }
            require(command, s, status.path("id"), "status.id");
            require(command, s, info.path("pid"), "info.pid");
            Map<String, String> labels = new LinkedHashMap<>();
            status.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString()));
            // CRI PodSandboxNetworkStatus: ip, then additionalIps (dual-stack); either family may come first
            List<String> ips = new ArrayList<>();
            ips.add(status.path("network").path("ip").asString(""));
            status.path("network").path("additionalIps").forEach(a -> ips.add(a.path("ip").asString("")));
            String ip = ips.stream().filter(a -> !a.isEmpty() && !a.contains(":")).findFirst().orElse(null);
            String ipv6 = ips.stream().filter(a -> a.contains(":")).findFirst().orElse(null);
            boolean hostNetwork = "NODE".equals(status.path("linux").path("namespaces").path("options").path("network")
                    .asString(null));
            sandboxes.add(new Sandbox(status.path("id").asString(), status.path("metadata").path("namespace").asString(),
                    status.path("metadata").path("name").asString(), info.path("pid").asInt(), netns,
                    ip, Map.copyOf(labels), hostNetwork, ipv6, s.toString()));
        }
        return List.copyOf(sandboxes);
    }

    public static List<RuntimeContainer> containers(String command, String text) {
        List<RuntimeContainer> containers = new ArrayList<>();
        for (JsonNode c : objects(command, text)) {
            JsonNode status = c.path("status");
            JsonNode info = c.path("info");
            require(command, c, status.path("id"), "status.id");
            require(command, c, info.path("sandboxID"), "info.sandboxID");
            require(command, c, info.path("pid"), "info.pid");
            containers.add(new RuntimeContainer(status.path("id").asString(), info.path("sandboxID").asString(),
                    status.path("metadata").path("name").asString(), info.path("pid").asInt(), c.toString()));
        }
        return List.copyOf(containers);
    }

    private static List<JsonNode> objects(String command, String text) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode v : IpJsonParser.values(command, text)) {
            if (v.isArray()) {
                v.forEach(out::add);
            } else {
                out.add(v);
            }
        }
        return out;
    }

    private static void require(String command, JsonNode record, JsonNode field, String name) {
        if (field.isMissingNode() || field.isNull()) {
            throw new SnapshotParseException(command, IpJsonParser.firstLine(record.toString()), "missing field " + name);
        }
    }
}
