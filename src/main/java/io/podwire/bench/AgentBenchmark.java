package io.podwire.bench;

import com.github.dockerjava.api.DockerClient;
import io.podwire.Timeouts;
import io.podwire.agent.AgentContainer;
import io.podwire.verdict.ClaimId;
import io.podwire.docker.ImagePreflight;
import io.podwire.lab.LabNode;
import io.podwire.lab.LabPod;
import io.podwire.node.ContainerNodeAccess;
import io.podwire.node.NodeAccess;
import io.podwire.report.AgentRecords;
import io.podwire.run.Inspector;
import io.podwire.run.NodeInspection;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The node agent against the exec path, in one run (issue 23): N lab nodes of P pods each, inspected once through the
 * exec path (one JVM, `docker exec` per node, 4 nodes at a time as the gate does) and once by N agent containers run at
 * once (as a DaemonSet runs them: one JVM per node, its own snapshot, results copied out); then `podwire merge` of the
 * agents' records, replicated to many nodes, to show its cost per node and per verdict. Usage:
 * {@code java -cp … io.podwire.bench.AgentBenchmark [--nodes=3] [--pods=20] [--merge-nodes=10,100,400] [--out=target/agent-benchmark]}.
 * A program, not a test: no test run starts it. Needs the lab image and the agent image (mvn -Pagent-image).
 */
public final class AgentBenchmark {
    private static final Pattern PEAK = Pattern.compile("peak memory (\\d+) kB");
    private static final Pattern SNAPSHOT = Pattern.compile("snapshot (\\d+) ms, judging (\\d+) ms");

    private AgentBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int nodes = intOpt(args, "nodes", 3);
        int pods = intOpt(args, "pods", 20);
        List<Integer> mergeNodes = List.of(opt(args, "merge-nodes", "10,100,400").split(",")).stream()
                .map(String::strip).map(Integer::valueOf).toList();
        Path out = Path.of(opt(args, "out", "target/agent-benchmark"));
        Optional<String> mergeOnly = Optional.ofNullable(opt(args, "merge-only", null));
        if (mergeOnly.isPresent()) {
            // the merge half alone, on a node record an agent wrote (e.g. kept from an earlier run)
            String record = Files.readString(Path.of(mergeOnly.get()), StandardCharsets.UTF_8);
            int verdicts = tools.jackson.databind.json.JsonMapper.builder().build().readTree(record).path("verdicts").size();
            Path tmp = Files.createTempDirectory("podwire-merge-bench");
            StringBuilder md = new StringBuilder("### podwire merge, " + Instant.now() + "; load average before: "
                    + Benchmark.loadAverage() + "\n\n");
            try {
                mergeCost(record, nodeOf(record), verdicts, mergeNodes, tmp, md);
            } finally {
                deleteTree(tmp);
            }
            md.append("\nload average after: ").append(Benchmark.loadAverage()).append('\n');
            System.out.println(md);
            return;
        }
        String reason = LabNode.unavailableReason();
        if (reason != null) {
            System.err.println("agent benchmark: no lab node here: " + reason);
            System.exit(2);
        }
        DockerClient docker = ImagePreflight.docker();
        String load = Benchmark.loadAverage();
        StringBuilder md = new StringBuilder("### Node agent vs exec path, " + Instant.now() + "\n\n"
                + nodes + " lab nodes × " + pods + " pods (LabPod.many), " + Runtime.getRuntime().availableProcessors()
                + " cores shared by every lab node and agent; load average before: " + load + "\n\n");
        List<LabNode> labs = new ArrayList<>();
        Path tmp = Files.createTempDirectory("podwire-agent-bench");
        try {
            for (int i = 0; i < nodes; i++) {
                LabNode lab = LabNode.start();
                labs.add(lab);
                lab.wire(LabPod.many(pods));
            }
            List<NodeAccess> access = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                access.add(new ContainerNodeAccess(docker, labs.get(i).containerId(), name(i), Timeouts.EXEC));
            }
            Inspector inspector = Inspector.create().judging(ClaimId.nodeSide());
            inspector.inspect(access.get(0), Optional.empty()); // warm-up: class loading and JIT of this JVM
            long e0 = System.nanoTime();
            List<NodeInspection> exec = inspector.inspectRuntimePods(access, 4);
            long execNanos = System.nanoTime() - e0;
            exec.stream().filter(NodeInspection::failed).findFirst().ifPresent(f -> {
                throw f.failure().get();
            });
            ExecutorService pool = Executors.newFixedThreadPool(nodes);
            List<AgentContainer.Run> runs = new ArrayList<>();
            long a0 = System.nanoTime();
            try {
                List<Future<AgentContainer.Run>> fs = new ArrayList<>();
                for (int i = 0; i < nodes; i++) {
                    int n = i;
                    fs.add(pool.submit(() -> AgentContainer.run(docker, AgentContainer.image(), labs.get(n).containerId(), name(n),
                            tmp.resolve("results"))));
                }
                for (Future<AgentContainer.Run> f : fs) {
                    runs.add(f.get());
                }
            } catch (ExecutionException e) {
                throw new IllegalStateException("an agent run failed", e.getCause());
            } finally {
                pool.shutdownNow();
            }
            long agentNanos = System.nanoTime() - a0;
            md.append("| path | wall for all nodes (ms) | per node: snapshot + judging (ms) | peak memory |\n|---|---:|---|---|\n");
            md.append("| exec path (one JVM, docker exec, 4 at a time) | ").append(ms(execNanos)).append(" | ");
            exec.forEach(i -> md.append(i.snapshot().toMillis()).append(" + ").append(i.evaluation().toMillis()).append("; "));
            md.append(" | one JVM for all nodes: see docs/benchmark.md's peak heap |\n");
            md.append("| agents (one container + JVM per node, all at once) | ").append(ms(agentNanos)).append(" | ");
            runs.forEach(r -> {
                Matcher s = SNAPSHOT.matcher(r.log());
                md.append(s.find() ? s.group(1) + " + " + s.group(2) : "?").append("; ");
            });
            md.append(" | per agent, VmHWM: ");
            runs.forEach(r -> {
                Matcher m = PEAK.matcher(r.log());
                md.append(m.find() ? String.format(Locale.ROOT, "%.1f MiB", Long.parseLong(m.group(1)) / 1024.0) : "?").append("; ");
            });
            md.append("|\n\nagents ÷ exec path (wall): **").append(String.format(Locale.ROOT, "%.2f", (double) agentNanos / execNanos))
                    .append("×**\n\n");
            System.out.println(md); // the lab half, before the merge half can run out of heap
            mergeCost(Files.readString(runs.get(0).results().resolve(AgentRecords.NODE_RECORD), StandardCharsets.UTF_8),
                    exec.get(0).verdicts().size(), mergeNodes, tmp, md);
            md.append("\nload average after: ").append(Benchmark.loadAverage()).append('\n');
        } finally {
            labs.forEach(LabNode::close);
            deleteTree(tmp);
        }
        System.out.println(md);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(Path.of(out + ".md"), md.toString());
    }

    /** `podwire merge` of RECORD replicated to each of MERGE_NODES node counts: wall, per node, per verdict, peak heap. */
    static void mergeCost(String record, int verdictsPerNode, List<Integer> mergeNodes, Path tmp, StringBuilder md) {
        mergeCost(record, nodeOf(record), verdictsPerNode, mergeNodes, tmp, md);
    }

    static void mergeCost(String record, String node, int verdictsPerNode, List<Integer> mergeNodes, Path tmp,
                          StringBuilder md) {
        md.append("`podwire merge` of the first agent's record replicated to M nodes (").append(verdictsPerNode)
                .append(" verdicts per node, ").append(record.length() / 1024).append(" KiB of record per node; median of 3, after one warm-up;")
                .append(" peak heap of the last run, garbage included):\n\n| M nodes | verdicts | merge (ms) | per node (ms) | per verdict (µs) | peak heap (MiB) |\n|---:|---:|---:|---:|---:|---:|\n");
        merge(record, node, 5, tmp.resolve("warm"));
        for (int m : mergeNodes) {
            List<Long> t = new ArrayList<>();
            long peak = 0;
            for (int r = 0; r < 3; r++) {
                HeapProbe.reset();
                t.add(merge(record, node, m, tmp.resolve("merge-" + m + "-" + r)));
                peak = HeapProbe.peak();
            }
            long median = t.stream().sorted().toList().get(1);
            md.append("| ").append(m).append(" | ").append(m * verdictsPerNode).append(" | ").append(ms(median))
                    .append(" | ").append(String.format(Locale.ROOT, "%.2f", median / 1e6 / m)).append(" | ")
                    .append(String.format(Locale.ROOT, "%.1f", median / 1e3 / (m * verdictsPerNode))).append(" | ")
                    .append(String.format(Locale.ROOT, "%.1f", peak / 1048576.0)).append(" |\n");
            System.out.println(md);
        }
    }

    private static String nodeOf(String record) {
        return tools.jackson.databind.json.JsonMapper.builder().build().readTree(record).path("environment").path("nodes")
                .get(0).path("node").asString();
    }

    private static void deleteTree(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            System.err.println("agent benchmark: could not remove " + dir + ": " + e.getMessage());
        }
    }

    /** Merges the record replicated to M node names; returns the merge's wall time. */
    static long merge(String record, String node, int m, Path dir) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            names.add(String.format(Locale.ROOT, "node-%04d", i));
        }
        // each node's record made when the merge reaches it, as a merge of a results directory reads it then
        Iterable<AgentRecords.NodeResults> found = () -> names.stream()
                .map(n -> new AgentRecords.NodeResults(n, record.replace(node, n), Optional.empty())).iterator();
        long t0 = System.nanoTime();
        AgentRecords.merge(found, Set.copyOf(names), dir.resolve("reports"), "bench");
        return System.nanoTime() - t0;
    }

    private static String name(int i) {
        return "lab-node-" + (i + 1);
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private static String opt(String[] args, String name, String dflt) {
        for (String a : args) {
            if (a.startsWith("--" + name + "=")) {
                return a.substring(name.length() + 3);
            }
        }
        return dflt;
    }

    private static int intOpt(String[] args, String name, int dflt) {
        return Integer.parseInt(opt(args, name, String.valueOf(dflt)));
    }
}
