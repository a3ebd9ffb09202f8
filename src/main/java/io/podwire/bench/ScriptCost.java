package io.podwire.bench;

import io.podwire.node.ExecResult;
import io.podwire.node.NodeAccess;
import io.podwire.node.NodeSnapshotter;

/**
 * Where the snapshot's time goes on the node: the script's wall and CPU time (bash's `time`), how many per-netns
 * and per-veth process starts it makes, and what one process start of each program costs there. Measured with
 * extra execs after the timed runs, so it never touches the figures it explains.
 */
record ScriptCost(long wallMs, long userMs, long sysMs, int netns, int veths, double trueMs, double nsenterMs,
                  double ipMs, double ethtoolMs) {
    private static final int STARTS = 200;

    // bash for `time` (the lab node has it; the snapshot itself only needs sh); -V/--version: start-up only
    private static final String PROBE = """
            TIMEFORMAT='%3R %3U %3S'
            script=$1 starts=$2
            { time sh -c "$script" podwire-snapshot cost >/dev/null 2>&1; } 2>&1
            ls /var/run/netns 2>/dev/null | wc -l
            ip -o link show type veth | wc -l
            each() { s=$(date +%s%N); i=0; while [ $i -lt "$starts" ]; do "$@" >/dev/null 2>&1; i=$((i+1)); done; e=$(date +%s%N); echo $(( (e - s) / 1000 )); }
            each /bin/true
            each nsenter -V
            each ip -V
            each ethtool --version
            """;

    static ScriptCost measure(NodeAccess node) {
        ExecResult r = node.exec("bash", "-c", PROBE, "podwire-cost", NodeSnapshotter.SCRIPT, String.valueOf(STARTS));
        String[] lines = r.stdout().strip().split("\n");
        if (!r.succeeded() || lines.length != 7) {
            throw new IllegalStateException("script cost probe failed (exit " + r.exitCode() + "): " + r.stdout() + r.stderr());
        }
        String[] time = lines[0].strip().split(" ");
        return new ScriptCost(seconds(time[0]), seconds(time[1]), seconds(time[2]), Integer.parseInt(lines[1].strip()),
                Integer.parseInt(lines[2].strip()), perStart(lines[3]), perStart(lines[4]), perStart(lines[5]),
                perStart(lines[6]));
    }

    private static long seconds(String s) {
        return Math.round(Double.parseDouble(s) * 1000);
    }

    private static double perStart(String micros) {
        return Long.parseLong(micros.strip()) / 1000.0 / STARTS;
    }
}
