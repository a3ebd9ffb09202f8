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
        List<Iterable<NodeResults>> results = new ArrayList<>();
        Set<String> listed = new LinkedHashSet<>();
        for (Path in : inputs) {
            AgentResults.Found f = AgentResults.read(in);
            results.add(f.results());
            listed.addAll(f.nodesListed());
        }
        // the inputs' nodes one after the other, each read when the merge reaches it
        // (not Stream.flatMap: its iterator buffers an input's nodes whole)
        Iterable<NodeResults> all = () -> new java.util.Iterator<>() {
            private final java.util.Iterator<Iterable<NodeResults>> inputs = results.iterator();
            private java.util.Iterator<NodeResults> current = java.util.Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && inputs.hasNext()) {
                    current = inputs.next().iterator();
                }
                return current.hasNext();
            }

            @Override
            public NodeResults next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                return current.next();
            }
        };
        return AgentRecords.merge(all, named ? expected : listed, out, "merge");
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }
}
