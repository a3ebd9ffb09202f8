package io.podwire.node;

import java.util.List;

/** One process on the node: pid, start time (clock ticks since boot), argv and namespace inodes. */
public record Proc(int pid, long startTime, List<String> argv, Long netNs, Long ipcNs, Long utsNs) {
    public String cmdline() {
        return String.join(" ", argv);
    }

    /** argv[0] is /pause (containerd's sandbox image runs `/pause`). */
    public boolean isPause() {
        return !argv.isEmpty() && (argv.get(0).equals("/pause") || argv.get(0).endsWith("/pause")
                || argv.get(0).equals("pause"));
    }
}
