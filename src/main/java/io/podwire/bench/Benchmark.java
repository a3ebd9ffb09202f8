package io.podwire.bench;

import io.podwire.verdict.ClaimId;
import io.podwire.node.ExpectedPod;
import io.podwire.verdict.Verdict;
import io.podwire.lab.LabNode;
import io.podwire.lab.LabPod;
import io.podwire.run.Inspector;
import io.podwire.run.NodeInspection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The scale benchmark (issue 6): for each N, a lab node with N pods, measured with podwire's one-exec snapshot and,
 * side by side on the same node in the same run, with the lab's manual method (one exec per command per pod).
 * Run it with ci/benchmark.sh; it prints the table and writes reports/benchmark.md and reports/benchmark.json.
 * <p>
 * Options: --sizes=10,100,250,500 --runs=5 (podwire runs per N, after one warm-up run that is not counted)
 * --manual-runs=10:3,100:3,250:1,500:1 (manual runs per N; 0 skips it) --out=reports/benchmark
 */
public final class Benchmark {

    /** One podwire pass: snapshot (one exec) then parse + evaluate of every claim for every pod. */
    record PodwireRun(long snapshotNanos, long evaluateNanos, long rawBytes, long execs, long peakHeap,
                      int podsHolding, int verdicts) {
        long totalNanos() {
            return snapshotNanos + evaluateNanos;
        }
    }

    record ManualRun(long nanos, long rawBytes, long execs, int podsHolding, List<String> failures) {
    }

    /** Everything measured for one N. */
    record SizeResult(int pods, long startNanos, long wireNanos, List<PodwireRun> podwire, List<ManualRun> manual,
                      ScriptCost scriptCost) {
    }


    private Benchmark() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> opts = options(args);
        List<Integer> sizes = Arrays.stream(opts.getOrDefault("sizes", "10,100,250,500").split(","))
                .map(String::strip).map(Integer::valueOf).toList();
        int runs = Integer.parseInt(opts.getOrDefault("runs", "5"));
        Map<Integer, Integer> manualRuns = manualRuns(opts.getOrDefault("manual-runs", "10:3,100:3,250:1,500:1"));
        Path out = Path.of(opts.getOrDefault("out", "reports/benchmark"));

        String reason = LabNode.unavailableReason();
        if (reason != null) {
            System.err.println("benchmark: no lab node here: " + reason);
            System.exit(2);
        }
        String loadBefore = loadAverage();
        List<SizeResult> results = new ArrayList<>();
        for (int n : sizes) {
            results.add(measure(n, runs, manualRuns.getOrDefault(n, 1)));
        }
        String md = BenchmarkReport.markdown(results, runs, manualRuns, Instant.now(), loadBefore, loadAverage());
        System.out.println(md);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(Path.of(out + ".md"), md);
        Files.writeString(Path.of(out + ".json"), BenchmarkReport.json(results));
        System.err.println("benchmark: wrote " + out + ".md and " + out + ".json");
    }

    static SizeResult measure(int n, int runs, int manualRuns) {
        log("N=" + n + ": starting a lab node");
        long t0 = System.nanoTime();
        try (LabNode lab = LabNode.start()) {
            long started = System.nanoTime();
            List<LabPod> all = LabPod.many(n);
            lab.wire(all);
            long wired = System.nanoTime();
            log("N=" + n + ": container " + ms(started - t0) + " ms, wiring " + ms(wired - started) + " ms");
            List<ExpectedPod> pods = lab.expectedPods();
            podwire(lab, pods); // warm-up: class loading and JIT, not counted
            List<PodwireRun> pw = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                PodwireRun run = podwire(lab, pods);
                pw.add(run);
                log("N=" + n + ": podwire run " + (r + 1) + ": snapshot " + ms(run.snapshotNanos()) + " ms, evaluate "
                        + ms(run.evaluateNanos()) + " ms, " + run.rawBytes() + " B, peak heap " + mib(run.peakHeap())
                        + " MiB, pods holding " + run.podsHolding() + "/" + n);
            }
            ScriptCost cost = ScriptCost.measure(lab.access()); // after the timed runs: it explains them, never skews them
            log("N=" + n + ": script on the node " + cost.wallMs() + " ms wall, " + cost.userMs() + " + " + cost.sysMs()
                    + " ms user + sys CPU");
            List<ManualRun> manual = new ArrayList<>();
            for (int r = 0; r < manualRuns; r++) {
                ManualRun run = manual(lab, pods);
                manual.add(run);
                log("N=" + n + ": manual run " + (r + 1) + ": " + ms(run.nanos()) + " ms, " + run.execs() + " execs, pods holding "
                        + run.podsHolding() + "/" + n + (run.failures().isEmpty() ? "" : ", first failure: " + run.failures().get(0)));
            }
            return new SizeResult(n, started - t0, wired - started, pw, manual, cost);
        }
    }

    /** All-pods mode on the lab node: no pod list, the pods are the runtime's ready sandboxes (checked to be all N). */
    static PodwireRun podwire(LabNode lab, List<ExpectedPod> pods) {
        CountingNodeAccess node = new CountingNodeAccess(lab.access());
        HeapProbe.reset();
        NodeInspection audit = Inspector.create().inspect(node, Optional.empty());
        long peak = HeapProbe.peak();
        if (audit.failed()) {
            throw audit.failure().get();
        }
        if (audit.pods().size() != pods.size()) {
            throw new IllegalStateException("all-pods mode found " + audit.pods().size() + " pods, the lab wired " + pods.size());
        }
        return new PodwireRun(audit.snapshot().toNanos(), audit.evaluation().toNanos(), node.bytes(), node.execs(), peak,
                holding(audit.pods(), audit.verdicts()), audit.verdicts().size());
    }

    /** Pods for which every snapshot-only claim passed; pod-side views and probes are run by neither method. */
    static int holding(List<ExpectedPod> pods, List<Verdict> verdicts) {
        Set<String> broken = verdicts.stream().filter(v -> v.claim().nodeSideOnly())
                .filter(v -> v.status() != Verdict.Status.PASS).map(Verdict::podKey).collect(Collectors.toSet());
        if (broken.stream().anyMatch(k -> k.startsWith("node "))) {
            return 0; // a node-wide verdict (no orphan cali link) failed: no pod is vouched for
        }
        return (int) pods.stream().filter(p -> !broken.contains(p.key())).count();
    }

    static ManualRun manual(LabNode lab, List<ExpectedPod> pods) {
        CountingNodeAccess node = new CountingNodeAccess(lab.access());
        long t0 = System.nanoTime();
        ManualMethod.Result r = new ManualMethod(node).run(pods);
        long t1 = System.nanoTime();
        return new ManualRun(t1 - t0, node.bytes(), node.execs(), r.podsHolding(), r.failures());
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> opts = new LinkedHashMap<>();
        for (String a : args) {
            if (!a.startsWith("--") || !a.contains("=")) {
                throw new IllegalArgumentException("expected --name=value, got " + a);
            }
            opts.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
        }
        return opts;
    }

    private static Map<Integer, Integer> manualRuns(String spec) {
        Map<Integer, Integer> m = new LinkedHashMap<>();
        for (String pair : spec.split(",")) {
            String[] kv = pair.strip().split(":");
            m.put(Integer.valueOf(kv[0]), Integer.valueOf(kv[1]));
        }
        return m;
    }

    /** The machine's load average (1, 5, 15 min): the figures mean little on a machine busy with other work. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    static long ms(long nanos) {
        return Math.round(nanos / 1e6);
    }

    static String mib(long bytes) {
        return String.format("%.1f", bytes / 1048576.0);
    }

    private static void log(String line) {
        System.err.println("benchmark: " + line);
    }
}
