package io.podwire.node;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The runtime's cache of CNI results on one node: libcni (containerd's CRI through go-cni, CRI-O) writes each ADD's
 * result to {@code /var/lib/cni/results/<network>-<container id>-<ifname>} as json.Marshal of its cachedInfo, the
 * plugin's result last (containernetworking/cni libcni/api.go 225-236, 252-297 at 3f51e880), and removes it on DEL.
 * The snapshot lets only that result leave the node (never the cached config, CNI_ARGS or capability args).
 * Whether the directory exists is {@code kept}; a file whose result could not be read is UNOBSERVABLE for its own
 * attachment only.
 */
public final class CniResultCache {
    public static final String SECTION = "cni.results";
    public static final String DIRECTORY = "/var/lib/cni/results";
    private final boolean kept;
    private final Map<String, Observed<Entry>> byAttachment;

    private CniResultCache(boolean kept, Map<String, Observed<Entry>> byAttachment) {
        this.kept = kept;
        this.byAttachment = Map.copyOf(byAttachment);
    }

    /** One cached ADD: its network, container (sandbox) id, interface name and the plugin's result as JSON. */
    public record Entry(String file, String network, String containerId, String ifName, JsonNode result, String json) {
        /** The result's interfaces, in order: their indexes are what each IP's `interface` points at. */
        public List<JsonNode> interfaces() {
            List<JsonNode> out = new ArrayList<>();
            result.path("interfaces").forEach(out::add);
            return out;
        }
    }

    public boolean kept() {
        return kept;
    }

    /** The cached result of the sandbox's attachment of {@code ifName}, of any network. */
    public Optional<Observed<Entry>> of(String containerId, String ifName) {
        return Optional.ofNullable(byAttachment.get(containerId + " " + ifName));
    }

    public static Observed<CniResultCache> read(RawSnapshot raw) {
        return NodeStateReader.parse(raw, SECTION, CniResultCache::parse);
    }

    /** "directory D" or "absent D", then per file "file NAME" and the result's JSON line (empty: not a v1 cache). */
    public static CniResultCache parse(String command, String text) {
        List<String> lines = text.lines().toList();
        if (lines.isEmpty()) {
            throw new SnapshotParseException(command, "", "no line saying whether the directory exists");
        }
        if (lines.get(0).startsWith("absent ")) {
            return new CniResultCache(false, Map.of());
        }
        if (!lines.get(0).startsWith("directory ")) {
            throw new SnapshotParseException(command, lines.get(0), "expected `directory <path>` or `absent <path>`");
        }
        Map<String, Observed<Entry>> entries = new HashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty()) {
                continue;
            }
            if (!line.startsWith("file ")) {
                throw new SnapshotParseException(command, line, "expected `file <name>`");
            }
            String file = line.substring("file ".length());
            String json = i + 1 < lines.size() && !lines.get(i + 1).startsWith("file ") ? lines.get(++i) : "";
            // <network>-<container id>-<ifname>: neither the id nor the interface name holds a '-'
            int last = file.lastIndexOf('-');
            int second = last > 0 ? file.lastIndexOf('-', last - 1) : -1;
            if (second <= 0) {
                continue; // not a libcni cache file name
            }
            String network = file.substring(0, second);
            String id = file.substring(second + 1, last);
            String ifName = file.substring(last + 1);
            entries.put(id + " " + ifName, entry(command, file, network, id, ifName, json));
        }
        return new CniResultCache(true, entries);
    }

    private static Observed<Entry> entry(String command, String file, String network, String id, String ifName,
                                         String json) {
        if (json.isBlank()) {
            return Observed.unavailable(command, "the libcni cache file `" + file + "` holds no cniCacheV1 result"
                    + " (removed while the snapshot read it, unreadable, or another format)");
        }
        try {
            JsonNode n = IpJsonParser.JSON.readTree(json);
            if (!n.isObject()) {
                return Observed.unavailable(command, "the cached result in `" + file + "` is not a JSON object: " + json);
            }
            return Observed.of(new Entry(file, network, id, ifName, n, json), command);
        } catch (JacksonException e) {
            return Observed.unavailable(command, "the cached result in `" + file + "` is not JSON: " + json);
        }
    }
}
