package io.podwire.profile.calico;

import io.podwire.node.IpJsonParser;
import io.podwire.node.NodeStateReader;
import io.podwire.node.Observed;
import io.podwire.node.RawSnapshot;
import io.podwire.node.SnapshotParseException;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Felix's endpoint-status records on one node: for each local workload endpoint whose policy Felix has programmed, a
 * file under {@code <EndpointStatusPathPrefix>/endpoint-status} (default /var/run/calico, Calico 3.28 and later)
 * named {@code <orchestrator> <workload> <endpoint>}, each field URL-path-escaped (libcalico-go
 * names/workloadendpointstatus.go 45-63; Kubernetes: {@code k8s ns%2Fpod eth0}), holding the endpoint as Felix
 * programmed it: {@code ifaceName}, {@code mac} (empty, so left out, in the Kubernetes datastore), {@code ipv4Nets},
 * {@code ipv6Nets} (libcalico-go epstatusfile/status_file_writer.go 163-169; written by felix
 * statusrep/status_file_reporter.go 250-275, 317-339).
 *
 * Whether the directory exists is {@code kept}: Felix before 3.28, or with EndpointStatusPathPrefix none or
 * elsewhere, keeps no such record on this node. A file that could not be read or parsed is UNOBSERVABLE for its own
 * pod only.
 */
public final class FelixEndpointStatus {
    public static final String SECTION = "calico.endpoint-status";
    /** Felix's default EndpointStatusPathPrefix (felix config/config_params.go 413-419) + "endpoint-status". */
    public static final String DIRECTORY = "/var/run/calico/endpoint-status";
    private final boolean kept;
    private final String directory;
    private final Map<String, Observed<Record>> records;
    private final Map<String, Observed<Record>> byWorkload;

    FelixEndpointStatus(boolean kept, String directory, Map<String, Observed<Record>> records) {
        this.kept = kept;
        this.directory = directory;
        this.records = Map.copyOf(records);
        this.byWorkload = byWorkload(records);
    }

    public boolean kept() {
        return kept;
    }

    public String directory() {
        return directory;
    }

    /** Every record by file name. */
    public Map<String, Observed<Record>> records() {
        return records;
    }

    /** One file's content: the endpoint as Felix programmed it. */
    public record Record(String file, String ifaceName, String mac, List<String> ipv4Nets, List<String> ipv6Nets,
                         String json) {
    }

    /** The file Felix writes for a Kubernetes pod's endpoint: orchestrator k8s, workload ns/pod, endpoint eth0. */
    public static String fileName(String namespace, String pod) {
        return "k8s " + namespace + "%2F" + pod + " eth0";
    }

    /** The record of a Kubernetes pod's eth0 endpoint: matched by the decoded fields, as Felix's CNI wait does. */
    public Optional<Observed<Record>> of(String namespace, String pod) {
        return Optional.ofNullable(byWorkload.get(namespace + "/" + pod));
    }

    private static Map<String, Observed<Record>> byWorkload(Map<String, Observed<Record>> records) {
        Map<String, Observed<Record>> m = new HashMap<>();
        records.forEach((file, r) -> {
            String[] f = file.split(" ", -1);
            if (f.length == 3 && unescape(f[0]).equals("k8s") && unescape(f[2]).equals("eth0")) {
                m.putIfAbsent(unescape(f[1]), r);
            }
        });
        return m;
    }

    /** Go's url.PathUnescape: '+' is itself, not a space. */
    private static String unescape(String field) {
        try {
            return URLDecoder.decode(field.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return field;
        }
    }

    /** The snapshot's section SECTION; a recording made before it existed, or a failed section, could not observe. */
    public static Observed<FelixEndpointStatus> read(RawSnapshot raw) {
        return NodeStateReader.parse(raw, SECTION, FelixEndpointStatus::parse);
    }

    /** Parses the snapshot section: "directory D" or "absent D", then per file "file NAME" and its JSON line. */
    public static FelixEndpointStatus parse(String command, String text) {
        List<String> lines = text.lines().toList();
        if (lines.isEmpty()) {
            throw new SnapshotParseException(command, "", "no line saying whether the directory exists");
        }
        String first = lines.get(0);
        if (first.startsWith("absent ")) {
            return new FelixEndpointStatus(false, first.substring("absent ".length()), Map.of());
        }
        if (!first.startsWith("directory ")) {
            throw new SnapshotParseException(command, first, "expected `directory <path>` or `absent <path>`");
        }
        Map<String, Observed<Record>> records = new HashMap<>();
        List<String> rest = new ArrayList<>(lines.subList(1, lines.size()));
        for (int i = 0; i < rest.size(); i++) {
            String line = rest.get(i);
            if (line.isEmpty()) {
                continue;
            }
            if (!line.startsWith("file ")) {
                throw new SnapshotParseException(command, line, "expected `file <name>`");
            }
            String file = line.substring("file ".length());
            String json = i + 1 < rest.size() && !rest.get(i + 1).startsWith("file ") ? rest.get(++i) : "";
            records.put(file, record(command, file, json));
        }
        return new FelixEndpointStatus(true, first.substring("directory ".length()), records);
    }

    private static Observed<Record> record(String command, String file, String json) {
        if (json.isBlank()) {
            return Observed.unavailable(command, "Felix's endpoint-status file `" + file + "` printed nothing"
                    + " (removed while the snapshot read it, or unreadable)");
        }
        try {
            JsonNode n = IpJsonParser.JSON.readTree(json);
            if (!n.isObject()) {
                return Observed.unavailable(command, "endpoint-status file `" + file + "` is not a JSON object: " + json);
            }
            return Observed.of(new Record(file, n.path("ifaceName").asString(""), n.path("mac").asString(""),
                    strings(n.path("ipv4Nets")), strings(n.path("ipv6Nets")), json), command);
        } catch (JacksonException e) {
            return Observed.unavailable(command, "endpoint-status file `" + file + "` is not JSON: " + json);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asString()));
        return List.copyOf(out);
    }
}
