package io.podwire.agent;

import io.podwire.report.AgentRecords;
import io.podwire.report.AgentRecords.NodeResults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * `podwire merge`: the nodes' agent results (directories, Sonobuoy results tarballs) into one run record:
 * verdicts.json, the sign-off page and the SHA-256 bundle. Usage:
 * {@code podwire merge [--expect NODE,NODE…] [--expect-file FILE] [--out REPORTS_DIR] INPUT…}. The expected nodes are
 * the ones named, else the Linux nodes a Sonobuoy tarball lists; an expected node without results is its
 * infrastructure failure in the record. Exit 0 only for a completed record, 1 for any other status, 2 for a usage error.
 */
public final class PodwireMerge {

    private PodwireMerge() {
    }

    public static void main(String[] args) {
        try {
            AgentRecords.Merged m = merge(args);
            System.out.println("podwire merge: " + m.verdicts() + " (" + m.status() + "), bundle " + m.bundle());
            m.infrastructureFailures().forEach(f -> System.out.println("  infrastructure: " + f));
            System.exit("completed".equals(m.status()) ? 0 : 1);
        } catch (IllegalArgumentException e) {
            System.err.println("podwire merge: " + e.getMessage());
            System.err.println("usage: podwire merge [--expect NODE,NODE...] [--expect-file FILE] [--out REPORTS_DIR] INPUT...");
            System.exit(2);
        }
    }

    static AgentRecords.Merged merge(String... args) {
        Set<String> expected = new LinkedHashSet<>();
        boolean named = false;
        Path out = Path.of("reports");
        List<Path> inputs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--expect" -> {
                    named = true;
                    Arrays.stream(value(args, ++i).split(",")).map(String::strip).filter(s -> !s.isEmpty())
                            .forEach(expected::add);
                }
                case "--expect-file" -> {
                    named = true;
                    Path f = Path.of(value(args, ++i));
                    try {
                        Files.readAllLines(f).stream().map(String::strip).filter(s -> !s.isEmpty() && !s.startsWith("#"))
                                .forEach(expected::add);
                    } catch (java.io.IOException e) {
                        throw new IllegalArgumentException("can't read " + f + ": " + e.getMessage());
                    }
                }
                case "--out" -> out = Path.of(value(args, ++i));
                default -> {
                    if (args[i].startsWith("--")) {
                        throw new IllegalArgumentException("unknown option " + args[i]);
                    }
                    Path p = Path.of(args[i]);
                    if (!Files.exists(p)) {
                        throw new IllegalArgumentException("no such input " + p);
                    }
                    inputs.add(p);
                }
            }
        }
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("no input: name the results directory or the Sonobuoy tarball");
        }
        List<NodeResults> results = new ArrayList<>();
        Set<String> listed = new LinkedHashSet<>();
        for (Path in : inputs) {
            AgentResults.Found f = AgentResults.read(in);
            results.addAll(f.results());
            listed.addAll(f.nodesListed());
        }
        return AgentRecords.merge(results, named ? expected : listed, out, "merge");
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }
}
