package io.podwire.agent;

import io.podwire.report.AgentRecords;
import io.podwire.report.AgentRecords.NodeResults;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The nodes' agent results as `podwire merge` finds them: a directory (one folder per node, as a plain DaemonSet's
 * results are copied out) or a Sonobuoy results tarball (`sonobuoy retrieve`: the aggregator keeps each node's results
 * under plugins/PLUGIN/results/NODE/, sonobuoy pkg/plugin/aggregation/aggregator.go handleResult). Every
 * node-record.json found is one node's results, with the snapshot.txt beside it; nothing is extracted to disk.
 */
final class AgentResults {
    /** The Nodes the Sonobuoy run saw (sonobuoy pkg/discovery/query.go ClusterResourceLocation, results.CoreNodesFile). */
    static final String SONOBUOY_NODES = "resources/cluster/core_v1_nodes.json";

    private AgentResults() {
    }

    /**
     * What one input held: the nodes' results, and the nodes the input itself says were there (a tarball's Nodes).
     * A directory's nodes are read when iterated, one at a time, so a merge holds one node's files at once.
     */
    record Found(Iterable<NodeResults> results, Set<String> nodesListed) {
    }

    static Found read(Path input) {
        return Files.isDirectory(input) ? directory(input) : tarball(input);
    }

    private static Found directory(Path dir) {
        List<Path> records = new ArrayList<>();
        Set<String> listed = new LinkedHashSet<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : walk.filter(Files::isRegularFile).sorted().toList()) {
                String rel = dir.relativize(f).toString().replace('\\', '/');
                if (f.getFileName().toString().equals(AgentRecords.NODE_RECORD)) {
                    records.add(f);
                } else if (rel.endsWith(SONOBUOY_NODES)) {
                    listed.addAll(linuxNodes(Files.readAllBytes(f)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read agent results under " + dir, e);
        }
        return new Found(() -> records.stream().map(AgentResults::nodeResults).iterator(), listed);
    }

    /** A node's results directory, read: its record, its snapshot beside it, its Allure results. */
    private static NodeResults nodeResults(Path record) {
        try {
            Path snap = record.resolveSibling(AgentRecords.NODE_SNAPSHOT);
            Map<String, String> allure = new TreeMap<>();
            Path results = record.resolveSibling(AgentRecords.NODE_ALLURE);
            if (Files.isDirectory(results)) {
                try (Stream<Path> files = Files.list(results)) {
                    for (Path a : files.filter(Files::isRegularFile).toList()) {
                        allure.put(a.getFileName().toString(), Files.readString(a, StandardCharsets.UTF_8));
                    }
                }
            }
            return new NodeResults(record.toString(), Files.readString(record, StandardCharsets.UTF_8),
                    Files.isRegularFile(snap) ? Optional.of(Files.readString(snap, StandardCharsets.UTF_8))
                            : Optional.empty(), allure);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read agent results " + record.getParent(), e);
        }
    }

    private static Found tarball(Path file) {
        Map<String, String> records = new TreeMap<>();
        Map<String, String> snapshots = new TreeMap<>();
        Map<String, Map<String, String>> allure = new TreeMap<>();
        Set<String> listed = new LinkedHashSet<>();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file));
             TarArchiveInputStream tar = new TarArchiveInputStream(gunzipIfNeeded(raw))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                if (!e.isFile()) {
                    continue;
                }
                String name = e.getName();
                String base = name.substring(name.lastIndexOf('/') + 1);
                String parent = name.substring(0, Math.max(0, name.lastIndexOf('/')));
                if (base.equals(AgentRecords.NODE_RECORD)) {
                    records.put(parent, new String(tar.readAllBytes(), StandardCharsets.UTF_8));
                } else if (base.equals(AgentRecords.NODE_SNAPSHOT)) {
                    snapshots.put(parent, new String(tar.readAllBytes(), StandardCharsets.UTF_8));
                } else if (parent.endsWith("/" + AgentRecords.NODE_ALLURE)) {
                    String nodeDir = parent.substring(0, parent.length() - AgentRecords.NODE_ALLURE.length() - 1);
                    allure.computeIfAbsent(nodeDir, k -> new TreeMap<>())
                            .put(base, new String(tar.readAllBytes(), StandardCharsets.UTF_8));
                } else if (name.endsWith(SONOBUOY_NODES)) {
                    listed.addAll(linuxNodes(tar.readAllBytes()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the results tarball " + file, e);
        }
        List<NodeResults> out = new ArrayList<>();
        records.forEach((parent, record) -> out.add(new NodeResults(file + "!/" + parent + "/" + AgentRecords.NODE_RECORD,
                record, Optional.ofNullable(snapshots.get(parent)), allure.getOrDefault(parent, Map.of()))));
        return new Found(out, listed);
    }

    private static InputStream gunzipIfNeeded(InputStream in) throws IOException {
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        return b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(in) : in;
    }

    /**
     * The Linux nodes of a NodeList (the agent is scheduled on kubernetes.io/os=linux only): the nodes whose results
     * the merge expects.
     */
    static Set<String> linuxNodes(byte[] json) {
        JsonNode doc = JsonMapper.builder().build().readTree(json);
        JsonNode items = doc.isArray() ? doc : doc.path("items");
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode n : items) {
            String os = n.path("metadata").path("labels").path("kubernetes.io/os").asString("linux");
            if (os.equals("linux")) {
                names.add(n.path("metadata").path("name").asString());
            }
        }
        return names;
    }
}
