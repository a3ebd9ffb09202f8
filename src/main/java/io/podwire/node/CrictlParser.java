package io.podwire.node;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the fields of containerd's records that the snapshot selects on the node (snapshot.sh's templates, the same
 * paths as `crictl inspectp -o json`: `info.pid`, `info.runtimeSpec.linux.namespaces[type=network].path`, `status.*`;
 * `crictl inspect`: `info.sandboxID`, `info.pid`). Records come one per line, or as one object or array (a full
 * `-o json`): all are accepted. A field of the wrong type is output that can't be read, never a value guessed.
 */
public final class CrictlParser {
    private CrictlParser() {
    }

    public static List<Sandbox> sandboxes(String command, String text) {
        List<Sandbox> sandboxes = new ArrayList<>();
        for (JsonNode s : objects(command, text)) {
            JsonNode status = s.path("status");
            JsonNode info = s.path("info");
            Map<String, String> nsPaths = new HashMap<>();
            for (JsonNode n : info.path("runtimeSpec").path("linux").path("namespaces")) {
                String type = n.path("type").asString("");
                if (List.of("network", "ipc", "uts").contains(type)) {
                    String path = optionalText(command, s, n.path("path"), "runtimeSpec.linux.namespaces[" + type + "].path");
                    if (path != null) {
                        nsPaths.put(type, path);
                    }
                }
            }
            String netns = nsPaths.get("network");
            Map<String, String> labels = new LinkedHashMap<>();
            JsonNode labelNode = status.path("labels");
            if (!labelNode.isMissingNode() && !labelNode.isNull() && !labelNode.isObject()) {
                throw wrongType(command, s, "status.labels", "an object");
            }
            labelNode.properties().forEach(e -> labels.put(e.getKey(),
                    text(command, s, e.getValue(), "status.labels." + e.getKey())));
            // CRI PodSandboxNetworkStatus: ip, then additionalIps (dual-stack); either family may come first
            List<String> ips = new ArrayList<>();
            String first = optionalText(command, s, status.path("network").path("ip"), "status.network.ip");
            ips.add(first == null ? "" : first);
            status.path("network").path("additionalIps").forEach(a -> {
                String ip = optionalText(command, s, a.path("ip"), "status.network.additionalIps[].ip");
                ips.add(ip == null ? "" : ip);
            });
            String ip = ips.stream().filter(a -> !a.isEmpty() && !a.contains(":")).findFirst().orElse(null);
            String ipv6 = ips.stream().filter(a -> a.contains(":")).findFirst().orElse(null);
            boolean hostNetwork = "NODE".equals(status.path("linux").path("namespaces").path("options").path("network")
                    .asString(null));
            // CRI-O with drop_infra_ctr (its default) runs a pod without a shared pid namespace with no infra process
            // and prints only info.runtimeSpec (cri-o server/sandbox_status.go createSandboxInfo, Spoofed): pid 0,
            // the pod's namespaces are the ones pinns pinned, whose paths the spec records
            // (a record without pid whose spec pins no ipc or uts namespace is no such sandbox: info.pid is missing)
            boolean infraless = (info.path("pid").isMissingNode() || info.path("pid").isNull()) && info.has("runtimeSpec")
                    && (nsPaths.containsKey("ipc") || nsPaths.containsKey("uts"));
            sandboxes.add(new Sandbox(text(command, s, status.path("id"), "status.id"),
                    text(command, s, status.path("metadata").path("namespace"), "status.metadata.namespace"),
                    text(command, s, status.path("metadata").path("name"), "status.metadata.name"),
                    infraless ? 0 : pid(command, s, info.path("pid"), "info.pid"), netns, ip, Map.copyOf(labels),
                    hostNetwork, ipv6, nsPaths.get("ipc"), nsPaths.get("uts")));
        }
        return List.copyOf(sandboxes);
    }

    public static List<RuntimeContainer> containers(String command, String text) {
        List<RuntimeContainer> containers = new ArrayList<>();
        for (JsonNode c : objects(command, text)) {
            JsonNode status = c.path("status");
            JsonNode info = c.path("info");
            containers.add(new RuntimeContainer(text(command, c, status.path("id"), "status.id"),
                    text(command, c, info.path("sandboxID"), "info.sandboxID"),
                    text(command, c, status.path("metadata").path("name"), "status.metadata.name"),
                    pid(command, c, info.path("pid"), "info.pid")));
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
        for (JsonNode o : out) {
            if (!o.isObject()) {
                throw new SnapshotParseException(command, IpJsonParser.firstLine(o.toString()), "a record is not a JSON object");
            }
        }
        return out;
    }

    private static String text(String command, JsonNode record, JsonNode field, String name) {
        String t = optionalText(command, record, field, name);
        if (t == null) {
            throw new SnapshotParseException(command, identity(record), "missing field " + name);
        }
        return t;
    }

    private static String optionalText(String command, JsonNode record, JsonNode field, String name) {
        if (field.isMissingNode() || field.isNull()) {
            return null;
        }
        if (!field.isString()) {
            throw wrongType(command, record, name, "a string");
        }
        return field.asString();
    }

    // a pid is a positive int: a float, a string or a number beyond int is output that can't be read
    private static int pid(String command, JsonNode record, JsonNode field, String name) {
        if (field.isMissingNode() || field.isNull()) {
            throw new SnapshotParseException(command, identity(record), "missing field " + name);
        }
        if (!field.isIntegralNumber() || !field.canConvertToInt() || field.intValue() <= 0) {
            throw wrongType(command, record, name, "a positive int");
        }
        return field.intValue();
    }

    private static SnapshotParseException wrongType(String command, JsonNode record, String name, String expected) {
        return new SnapshotParseException(command, identity(record), "field " + name + " is not " + expected);
    }

    // which record, by its id only: the offending line goes into evidence, so never the record itself
    private static String identity(JsonNode record) {
        JsonNode id = record.path("status").path("id");
        return "record " + (id.isString() ? id.asString() : "without a status.id");
    }
}
