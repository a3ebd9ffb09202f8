package io.podwire.upgrade;

import io.podwire.InfrastructureException;
import io.podwire.node.ExecResult;
import io.podwire.node.NodeAccess;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pod-to-pod traffic measured while something changes the CNI: ping from the source container's own filesystem and
 * netns (`nsenter --target <pid> --mount --net`) to the target at a fixed interval, started in the background on the
 * node (one exec) and collected later (one exec per poll). The node needs no ping of its own: kindest/node has none
 * (kind images/base/Dockerfile installs iproute2, util-linux, coreutils, no iputils-ping). Bounded twice: `-c count`
 * and `timeout -s INT` (so ping still prints its statistics). It stops by itself; nobody has to kill it. POSIX sh
 * only; the ping is the container's: busybox ping, or iputils ping where -D -O give a timestamp per reply.
 */
public final class OutageProbe {
    public static final String DIR = "/run/podwire-probe";
    /** How long collect() waits beyond the probe's own deadline for its files to appear. */
    static final Duration COLLECT_MARGIN = Duration.ofSeconds(15);
    static final Duration POLL = Duration.ofMillis(200);
    /** How long traffic may take to flow before anything is changed: ping answers in milliseconds on a sane path. */
    static final Duration ANSWERED_WITHIN = Duration.ofSeconds(10);

    private final NodeAccess node;
    private final String id;
    private final String from;
    private final String to;
    private final Duration interval;
    private final Duration deadline;
    private final String command;

    private OutageProbe(NodeAccess node, String id, String from, String to, Duration interval, Duration deadline,
                        String command) {
        this.node = node;
        this.id = id;
        this.from = from;
        this.to = to;
        this.interval = interval;
        this.deadline = deadline;
        this.command = command;
    }

    /**
     * Starts probing and returns at once.
     *
     * @param containerPid a process of the source container (node's pid namespace): ping runs in its mount and net
     *                     namespaces, i.e. the container's own ping in the pod's netns
     * @param from         the source pod, for the report (e.g. test/pinger)
     * @param duration     how long to probe; count = duration / interval, and ping is stopped at duration + 5 s
     */
    public static OutageProbe start(NodeAccess node, int containerPid, String from, String targetIp, Duration interval,
                                    Duration duration) {
        if (interval.toMillis() < 10 || duration.compareTo(interval) < 0) {
            throw new IllegalArgumentException("probe interval must be >= 10 ms and <= duration; got " + interval
                    + " for " + duration);
        }
        long count = duration.toMillis() / interval.toMillis();
        Duration deadline = duration.plusSeconds(5);
        String id = UUID.randomUUID().toString();
        String secs = String.format(Locale.ROOT, "%.3f", interval.toMillis() / 1000.0);
        String ping = "ping $F -i " + secs + " -c " + count + " -W 1 " + targetIp;
        String dir = DIR + "/" + id;
        String enter = "nsenter --target " + containerPid + " --mount --net --";
        String body = "date +%s%N > " + dir + "/start; "
                + "$T " + enter + " " + ping + " > " + dir + "/out 2> " + dir + "/err & "
                + "echo $! > " + dir + "/pid; wait $!; "
                + "echo $? > " + dir + "/rc.tmp; mv " + dir + "/rc.tmp " + dir + "/rc";
        String script = "set -e\nmkdir -p " + dir + "\n"
                + "F=''; " + enter + " ping -V 2>&1 | grep -q iputils && F='-n -D -O'\n"
                + "T=''; command -v timeout >/dev/null 2>&1 && T='timeout -s INT " + deadline.toSeconds() + "'\n"
                + "echo \"$F\" > " + dir + "/flags\n"
                + "export F T\n"
                + "nohup sh -c '" + body + "' </dev/null >/dev/null 2>&1 &\n";
        ExecResult r = node.exec("sh", "-c", script);
        if (!r.succeeded()) {
            throw new InfrastructureException("could not start the outage probe on " + node.nodeName() + " (exit "
                    + r.exitCode() + "): " + r.stderr().strip());
        }
        return new OutageProbe(node, id, from, targetIp, interval, deadline,
                enter + " " + ping.replace("$F ", ""));
    }

    /** Answered probes so far (for waiting until traffic is flowing before changing anything). */
    public int answeredSoFar() {
        ExecResult r = node.exec("sh", "-c", "cat " + DIR + "/" + id + "/out 2>/dev/null | grep -c 'bytes from' || true");
        return r.succeeded() && !r.stdout().isBlank() ? Integer.parseInt(r.stdout().strip()) : 0;
    }

    /** Blocks (bounded) until at least n probes were answered: traffic flows before anything is changed. */
    public OutageProbe awaitAnswered(int n) {
        await("at least " + n + " answered probes " + from + " -> " + to, ANSWERED_WITHIN,
                () -> assertTrue(answeredSoFar() >= n, "answered probes " + from + " -> " + to));
        return this;
    }

    /** Stops the probe early (SIGINT: ping still prints its statistics), e.g. once a rollout has settled. */
    public OutageProbe stop() {
        String dir = DIR + "/" + id;
        node.exec("sh", "-c", "[ -s " + dir + "/rc ] || kill -INT \"$(cat " + dir + "/pid)\" 2>/dev/null || true");
        return this;
    }

    /** Waits (bounded by the probe's deadline) until ping has stopped by itself, then parses what it printed. */
    public OutageReport collect() {
        String dir = DIR + "/" + id;
        await("outage probe " + from + " -> " + to + " to finish", deadline.plus(COLLECT_MARGIN),
                () -> assertTrue(node.exec("test", "-s", dir + "/rc").succeeded(), dir + "/rc written"));
        ExecResult r = node.exec("sh", "-c", "cat " + dir + "/start " + dir + "/rc " + dir + "/flags; echo @@out; cat "
                + dir + "/out; echo @@err; cat " + dir + "/err; rm -rf " + dir);
        if (!r.succeeded()) {
            throw new InfrastructureException("cannot read the outage probe's output in " + dir + ": " + r.stderr());
        }
        String all = r.stdout();
        List<String> head = all.substring(0, all.indexOf("@@out")).lines().toList();
        String out = all.substring(all.indexOf("@@out\n") + 6, all.indexOf("@@err\n"));
        String err = all.substring(all.indexOf("@@err\n") + 6);
        int rc = Integer.parseInt(head.get(1).strip());
        // ping exits 1 when a probe went unanswered, 124 when `timeout` stopped it, 130 on stop(); else it failed
        if (rc != 0 && rc != 1 && rc != 124 && rc != 130) {
            throw new InfrastructureException("`" + command + "` failed on " + node.nodeName() + " (exit " + rc + "): "
                    + err.strip() + out.strip());
        }
        return PingLog.parse(from, to, command, interval, startedAt(head.get(0).strip()), out);
    }

    /** `date +%s%N`; a date without %N support prints the seconds followed by a literal N or nothing. */
    static Instant startedAt(String date) {
        String digits = date.replaceAll("[^0-9].*$", "");
        if (digits.length() > 10) {
            return PingLog.instant(Long.parseLong(digits));
        }
        return Instant.ofEpochSecond(Long.parseLong(digits));
    }

    private static void await(String what, Duration atMost, Runnable check) {
        try {
            Awaitility.await(what).atMost(atMost).pollDelay(Duration.ZERO).pollInterval(POLL)
                    .untilAsserted(check::run);
        } catch (ConditionTimeoutException e) {
            throw new InfrastructureException("timed out after " + atMost.toSeconds() + " s waiting for " + what + ": "
                    + e.getMessage(), e);
        }
    }
}
