package io.podwire.upgrade;

import io.podwire.claims.ExpectedPod;
import io.podwire.lab.LabNode;
import io.podwire.lab.LabWiring;
import io.podwire.lab.WiredPod;
import io.podwire.node.ExecResult;
import io.podwire.node.NodeSnapshotter;
import io.podwire.node.NodeStateReader;

import java.time.Duration;
import java.time.Instant;
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

    /** The time the pod's wiring was down, read from the node's clock by the script that took it down. */
    public record Window(Instant down, Instant up) {
        public Duration length() {
            return Duration.between(down, up);
        }
    }

    /** The wiring of the lab's pods as one snapshot (one exec) shows it. */
    public static NodeWiring wiring(LabNode lab, List<ExpectedPod> pods) {
        return NodeWiring.of(pods, NodeStateReader.read(NodeSnapshotter.take(lab.access())));
    }

    /** The pinger's probe to another lab pod, run inside the pinger's pinned netns. */
    public static OutageProbe probe(LabNode lab, String to, Duration interval, Duration duration) {
        WiredPod pinger = lab.pod("pinger");
        WiredPod target = lab.pod(to);
        return OutageProbe.start(lab.access(), pinger.netnsPath(), pinger.pod().key(), target.pod().ip(), interval,
                duration);
    }

    /** Deletes the pod's veth (its eth0, /32 and routes go with it), waits {@code window} on the node, re-creates it. */
    public static Window rewire(LabNode lab, WiredPod pod, Duration window) {
        String seconds = String.format(Locale.ROOT, "%.3f", window.toMillis() / 1000.0);
        String script = "down=$(date +%s%N)\n"
                + "ip link del " + pod.hostVeth() + "\n"
                // the known window of the re-wiring: what the outage probe must measure
                + "sleep " + seconds + "\n"
                + "ip -batch - <<'IP'\n" + LabWiring.hostSide(pod) + "IP\n"
                + "cali_sysctls " + pod.hostVeth() + "\n"
                + LabWiring.podSide(pod)
                + "up=$(date +%s%N)\n"
                + "echo \"$down $up\"\n";
        ExecResult r = lab.run("re-wire " + pod.pod().key() + " with a " + window.toMillis() + " ms window", script);
        String[] t = r.stdout().strip().split("\\s+");
        return new Window(PingLog.instant(Long.parseLong(t[0])), PingLog.instant(Long.parseLong(t[1])));
    }

    /** The pod is gone (processes and runtime records) but CNI DEL never ran: veth, route and netns stay. */
    public static void removeWithoutCniDel(LabNode lab, WiredPod pod) {
        StringBuilder sh = new StringBuilder();
        pod.containerIds().values().forEach(id -> sh.append("stop ").append(id).append('\n'));
        sh.append("stop ").append(pod.sandboxId()).append('\n');
        lab.run("remove " + pod.pod().key() + " without CNI DEL", sh.toString());
    }
}
