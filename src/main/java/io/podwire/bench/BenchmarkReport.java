package io.podwire.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToLongFunction;

/** Medians of the benchmark runs, as a markdown table (with ratios) and as JSON. */
final class BenchmarkReport {
    private BenchmarkReport() {
    }

    static <T> long median(List<T> runs, ToLongFunction<T> f) {
        long[] v = runs.stream().mapToLong(f).sorted().toArray();
        if (v.length == 0) {
            return -1;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static String markdown(List<Benchmark.SizeResult> results, int runs, Map<Integer, Integer> manualRuns, Instant at,
                           String loadBefore, String loadAfter) {
        StringBuilder md = new StringBuilder();
        md.append("# podwire benchmark\n\n")
                .append("Measured ").append(at).append(" on ").append(Runtime.getRuntime().availableProcessors())
                .append(" CPUs, JVM max heap ").append(Benchmark.mib(HeapProbe.maxHeap())).append(" MiB, Java ")
                .append(System.getProperty("java.version")).append("; load average ").append(loadBefore)
                .append(" before, ").append(loadAfter).append(" after. Medians of ").append(runs)
                .append(" podwire runs per N (after one warm-up run) and of the manual runs per N given in the last ")
                .append("column. One lab node per N; both methods read the same node in the same run.\n\n");
        md.append("| N pods | lab setup: start + wire (ms) | podwire: snapshot (ms) | parse + evaluate (ms) | total (ms) "
                + "| per pod (ms) | raw output | execs | peak heap (MiB) | pods holding C1–C9 "
                + "| manual: total (ms) | per pod (ms) | execs | raw output | pods holding | manual ÷ podwire | runs (podwire / manual) |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Benchmark.SizeResult r : results) {
            long snap = median(r.podwire(), Benchmark.PodwireRun::snapshotNanos);
            long eval = median(r.podwire(), Benchmark.PodwireRun::evaluateNanos);
            long total = median(r.podwire(), Benchmark.PodwireRun::totalNanos);
            long manual = median(r.manual(), Benchmark.ManualRun::nanos);
            md.append("| ").append(r.pods())
                    .append(" | ").append(Benchmark.ms(r.startNanos())).append(" + ").append(Benchmark.ms(r.wireNanos()))
                    .append(" | ").append(Benchmark.ms(snap))
                    .append(" | ").append(Benchmark.ms(eval))
                    .append(" | ").append(Benchmark.ms(total))
                    .append(" | ").append(fmt(total / 1e6 / r.pods()))
                    .append(" | ").append(bytes(median(r.podwire(), Benchmark.PodwireRun::rawBytes)))
                    .append(" | ").append(median(r.podwire(), Benchmark.PodwireRun::execs))
                    .append(" | ").append(Benchmark.mib(median(r.podwire(), Benchmark.PodwireRun::peakHeap)))
                    .append(" | ").append(median(r.podwire(), Benchmark.PodwireRun::podsHolding)).append('/').append(r.pods());
            if (r.manual().isEmpty()) {
                md.append(" | – | – | – | – | – | – ");
            } else {
                md.append(" | ").append(Benchmark.ms(manual))
                        .append(" | ").append(fmt(manual / 1e6 / r.pods()))
                        .append(" | ").append(median(r.manual(), Benchmark.ManualRun::execs))
                        .append(" | ").append(bytes(median(r.manual(), Benchmark.ManualRun::rawBytes)))
                        .append(" | ").append(median(r.manual(), Benchmark.ManualRun::podsHolding)).append('/').append(r.pods())
                        .append(" | **").append(fmt((double) manual / total)).append("×** ");
            }
            md.append("| ").append(r.podwire().size()).append(" / ").append(r.manual().size()).append(" |\n");
        }
        md.append('\n');
        perPodRatio(results, 100, 500).ifPresent(line -> md.append(line).append('\n'));
        md.append("\nWhere the snapshot's time goes on the node (measured with extra execs after the timed runs): the "
                + "script's own wall and CPU time, and its process starts: `nsenter` + `ip` per pod netns and "
                + "`ethtool -S` per veth (no command lists those for all), at the start-up cost of each program on this "
                + "node (mean of 200 starts).\n\n");
        md.append("| N pods | script wall (ms) | script CPU: user + sys (ms) | netns × (nsenter + ip) | veths × ethtool "
                + "| one start (ms): /bin/true | nsenter | ip | ethtool |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Benchmark.SizeResult r : results) {
            ScriptCost c = r.scriptCost();
            md.append("| ").append(r.pods()).append(" | ").append(c.wallMs()).append(" | ").append(c.userMs())
                    .append(" + ").append(c.sysMs()).append(" | ").append(c.netns()).append(" | ").append(c.veths())
                    .append(" | ").append(fmt(c.trueMs())).append(" | ").append(fmt(c.nsenterMs())).append(" | ")
                    .append(fmt(c.ipMs())).append(" | ").append(fmt(c.ethtoolMs())).append(" |\n");
        }
        md.append("\nColumns: *lab setup* = starting the lab node container + wiring all N pods (one exec per 100 pods); *snapshot* = "
                + "the one exec of snapshot.sh and reading its output; *parse + evaluate* = NodeStateReader.read + "
                + "ClaimEngine.evaluate (every claim for every pod, plus the node-wide halves), through the inspection pipeline (run.Inspector: no pod "
                + "list, the pods are the runtime's ready sandboxes); *raw output* = stdout + stderr bytes "
                + "that came back; *peak heap* = sum of the heap pools' peaks during snapshot + evaluate (an upper bound, "
                + "garbage included); *pods holding* = pods whose C1–C9 all passed (C10 needs pod-side execs, which "
                + "neither method runs here); *manual* = the seed lab's commands, one exec per command per pod "
                + "(ManualMethod), checking the same facts.\n");
        return md.toString();
    }

    private static Optional<String> perPodRatio(List<Benchmark.SizeResult> results, int small, int big) {
        Optional<Benchmark.SizeResult> a = results.stream().filter(r -> r.pods() == small).findFirst();
        Optional<Benchmark.SizeResult> b = results.stream().filter(r -> r.pods() == big).findFirst();
        if (a.isEmpty() || b.isEmpty()) {
            return Optional.empty();
        }
        double pa = median(a.get().podwire(), Benchmark.PodwireRun::totalNanos) / (double) small;
        double pb = median(b.get().podwire(), Benchmark.PodwireRun::totalNanos) / (double) big;
        String line = "Per-pod cost, N=" + big + " vs N=" + small + ": podwire " + fmt(pb / 1e6) + " / " + fmt(pa / 1e6)
                + " ms = **" + fmt(pb / pa) + "**";
        if (!a.get().manual().isEmpty() && !b.get().manual().isEmpty()) {
            double ma = median(a.get().manual(), Benchmark.ManualRun::nanos) / (double) small;
            double mb = median(b.get().manual(), Benchmark.ManualRun::nanos) / (double) big;
            line += "; manual " + fmt(mb / 1e6) + " / " + fmt(ma / 1e6) + " ms = " + fmt(mb / ma);
        }
        return Optional.of(line + ".");
    }

    static String json(List<Benchmark.SizeResult> results) {
        List<String> sizes = new ArrayList<>();
        for (Benchmark.SizeResult r : results) {
            List<String> pw = r.podwire().stream().map(p -> String.format(Locale.ROOT,
                    "{\"snapshotNanos\":%d,\"evaluateNanos\":%d,\"rawBytes\":%d,\"execs\":%d,\"peakHeap\":%d,"
                            + "\"podsHolding\":%d,\"verdicts\":%d}", p.snapshotNanos(), p.evaluateNanos(), p.rawBytes(),
                    p.execs(), p.peakHeap(), p.podsHolding(), p.verdicts())).toList();
            List<String> manual = r.manual().stream().map(m -> String.format(Locale.ROOT,
                    "{\"nanos\":%d,\"rawBytes\":%d,\"execs\":%d,\"podsHolding\":%d,\"failures\":%d}", m.nanos(),
                    m.rawBytes(), m.execs(), m.podsHolding(), m.failures().size())).toList();
            ScriptCost c = r.scriptCost();
            String cost = String.format(Locale.ROOT, "{\"wallMs\":%d,\"userMs\":%d,\"sysMs\":%d,\"netns\":%d,\"veths\":%d,"
                    + "\"startMs\":{\"true\":%.3f,\"nsenter\":%.3f,\"ip\":%.3f,\"ethtool\":%.3f}}", c.wallMs(), c.userMs(),
                    c.sysMs(), c.netns(), c.veths(), c.trueMs(), c.nsenterMs(), c.ipMs(), c.ethtoolMs());
            sizes.add(String.format(Locale.ROOT, "{\"pods\":%d,\"labStartNanos\":%d,\"labWireNanos\":%d,\"podwire\":[%s],\"manual\":[%s],"
                    + "\"scriptCost\":%s}", r.pods(), r.startNanos(), r.wireNanos(), String.join(",", pw),
                    String.join(",", manual), cost));
        }
        return "{\"maxHeap\":" + HeapProbe.maxHeap() + ",\"cpus\":" + Runtime.getRuntime().availableProcessors()
                + ",\"sizes\":[" + String.join(",", sizes) + "]}\n";
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : "%.2f", v);
    }

    private static String bytes(long b) {
        return b >= 1048576 ? String.format(Locale.ROOT, "%.1f MiB", b / 1048576.0)
                : String.format(Locale.ROOT, "%.0f KiB", b / 1024.0);
    }
}
