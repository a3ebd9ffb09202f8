package io.podwire.upgrade;

import io.podwire.InfrastructureException;
import io.podwire.node.ExpectedPod;
import io.podwire.lab.LabNode;
import io.podwire.lab.LabWiring;
import io.podwire.lab.WiredPod;
import io.podwire.node.ExecResult;
import io.podwire.run.Inspector;
import io.podwire.run.SettlePolicy;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a CNI upgrade does to a node, played on the lab node with the lab's own wiring (LabWiring): a pod re-wired
 * (its veth deleted and, after a known window, re-created with its /32, routes and sysctls, as a CNI DEL + ADD
 * would), or a pod removed without CNI DEL (its veth, route and netns left behind).
 */
public final class LabUpgrades {
    private LabUpgrades() {
    }

    /**
     * One operation on the path, bracketed on each side by the node's clock and by the pinger's kernel count of echo
     * requests sent (Icmp OutEchos of its netns): probes counted in {@code echoesBefore} left before the operation
     * began, probes counted after {@code echoesAfter} left once it was done. The counts order probes against the
     * operation whatever the scheduler does; the stamps are for the record.
     */
    public record Bracket(Instant before, Instant after, long echoesBefore, long echoesAfter) {
    }

    /** A re-wiring: the cut (veth deleted) and the restore (veth, addresses, routes and sysctls back). */
    public record Window(Bracket cut, Bracket restore) {
        /** From the start of the cut to the end of the restore: the longest the path can have been down. */
        public Duration length() {
            return Duration.between(cut.before(), restore.after());
        }

        public String describe() {
            return "cut " + cut.before() + ".." + cut.after() + " (echo requests " + cut.echoesBefore() + ".."
                    + cut.echoesAfter() + "), restore " + restore.before() + ".." + restore.after() + " (echo requests "
                    + restore.echoesBefore() + ".." + restore.echoesAfter() + "), " + length().toMillis() + " ms";
        }
    }

    /** The wiring of the lab's pods as one snapshot (one exec) shows it. */
    public static NodeWiring wiring(LabNode lab, List<ExpectedPod> pods) {
        return NodeWiring.of(pods, Inspector.snapshot(lab.access(), pods, SettlePolicy.NONE));
    }

    /** The pinger's probe to another lab pod, run in the namespaces of the pinger's container process. */
    public static OutageProbe probe(LabNode lab, String to, Duration interval, Duration duration) {
        WiredPod pinger = lab.pod("pinger");
        WiredPod target = lab.pod(to);
        String pidFile = WiredPod.pidFile(pinger.containerIds().get("pinger"));
        ExecResult pid = lab.access().exec("cat", pidFile);
        if (!pid.succeeded()) {
            throw new InfrastructureException("cannot read the pinger's container pid from " + pidFile + ": "
                    + pid.stderr().strip());
        }
        return OutageProbe.start(lab.access(), Integer.parseInt(pid.stdout().strip()), pinger.pod().key(),
                target.pod().ip(), interval, duration);
    }

    /** The kernel's count of echo requests sent from the pinger's netns so far (Icmp OutEchos in /proc/net/snmp). */
    public static long echoRequestsSent(LabNode lab) {
        ExecResult r = lab.run("count the pinger's echo requests", echoCounter(lab) + "echoes\n");
        return Long.parseLong(r.stdout().strip());
    }

    /**
     * Deletes the pod's veth (its eth0, /32 and routes go with it), waits {@code window} on the node, re-creates it;
     * both operations are bracketed by stamps and by the pinger's echo-request count (see {@link Bracket}).
     */
    public static Window rewire(LabNode lab, WiredPod pod, Duration window) {
        String seconds = String.format(Locale.ROOT, "%.3f", window.toMillis() / 1000.0);
        String script = echoCounter(lab)
                + "t0=$(date +%s%N); e0=$(echoes)\n"
                + "ip link del " + pod.hostVeth() + "\n"
                + "e1=$(echoes); t1=$(date +%s%N)\n"
                + "sleep " + seconds + "\n"
                + "t2=$(date +%s%N); e2=$(echoes)\n"
                + LabWiring.hostSide(List.of(pod))
                + LabWiring.podSide(pod)
                + LabWiring.cniCacheReAdded(pod)
                // restored once the kernel has activated the node end's queue, not when `ip` returns
                + "links_active " + pod.hostVeth() + "\n"
                + "e3=$(echoes); t3=$(date +%s%N)\n"
                + "echo \"$t0 $t1 $e0 $e1 $t2 $t3 $e2 $e3\"\n";
        ExecResult r = lab.run("re-wire " + pod.pod().key() + " with a " + window.toMillis() + " ms window", script);
        long[] v = Arrays.stream(r.stdout().strip().split("\\s+")).mapToLong(Long::parseLong).toArray();
        return new Window(new Bracket(PingLog.instant(v[0]), PingLog.instant(v[1]), v[2], v[3]),
                new Bracket(PingLog.instant(v[4]), PingLog.instant(v[5]), v[6], v[7]));
    }

    /** A shell function `echoes` printing the pinger netns's Icmp OutEchos: /proc/net is the reading task's netns. */
    private static String echoCounter(LabNode lab) {
        return "echoes() { nsenter --net=" + lab.pod("pinger").netnsPath() + " cat /proc/net/snmp | awk "
                + "'$1 == \"Icmp:\" { if (!c) { for (i = 2; i <= NF; i++) if ($i == \"OutEchos\") c = i } "
                + "else { print $c; exit } }'; }\n";
    }

    /** The pod is gone (processes and runtime records) but CNI DEL never ran: veth, route and netns stay. */
    public static void removeWithoutCniDel(LabNode lab, WiredPod pod) {
        StringBuilder sh = new StringBuilder();
        pod.containerIds().values().forEach(id -> sh.append("stop ").append(id).append('\n'));
        sh.append("stop ").append(pod.sandboxId()).append('\n');
        lab.run("remove " + pod.pod().key() + " without CNI DEL", sh.toString());
    }
}
