package io.podwire.node;

import io.podwire.InfrastructureException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pod-side observations (the lab's `kubectl exec … ip addr` and pinger → app): each container's view of its
 * network, and whether the pinger reaches each other pod. Collected with one exec per container and per target.
 */
public record PodSideViews(Map<String, Observed<PodSideView>> containerViews,
                           Map<String, Observed<Reachability>> reachability, boolean collected, String probeSource) {

    public static final String PINGER = "pinger";

    /** Nothing observed from the pod side (pure evaluations of a node snapshot alone). */
    public static PodSideViews none() {
        return new PodSideViews(Map.of(), Map.of(), false, null);
    }

    public static PodSideViews observe(List<ExpectedPod> pods, PodExec exec) {
        Map<String, Observed<PodSideView>> views = new HashMap<>();
        Map<String, Observed<Reachability>> reach = new HashMap<>();
        Optional<ExpectedPod> pinger = pods.stream().filter(p -> p.name().equals(PINGER)).findFirst();
        for (ExpectedPod pod : pods) {
            for (String container : pod.containers()) {
                views.put(key(pod, container), run(exec, pod, container, PodSideView.COMMAND,
                        (cmd, out) -> PodSideView.parse(cmd, out)));
            }
            if (pinger.isPresent() && pod != pinger.get() && pod.ip() != null) {
                ExpectedPod from = pinger.get();
                reach.put(pod.key(), run(exec, from, from.containers().get(0), Reachability.command(pod.ip()),
                        (cmd, out) -> Reachability.parse(cmd, from.key(), pod.ip(), out).fromNode(from.node())));
            }
        }
        return new PodSideViews(Map.copyOf(views), Map.copyOf(reach), true, pinger.map(ExpectedPod::key).orElse(null));
    }

    public static String key(ExpectedPod pod, String container) {
        return pod.key() + "/" + container;
    }

    public Observed<PodSideView> view(ExpectedPod pod, String container) {
        return containerViews.getOrDefault(key(pod, container),
                Observed.unavailable("cat /proc/net/dev /proc/net/fib_trie", "no pod-side view was collected for "
                        + key(pod, container)));
    }

    /** The pinger was to probe this pod: every pod of the run but the pinger itself, when pod-side views were taken. */
    public boolean probes(ExpectedPod pod) {
        return collected && probeSource != null && !probeSource.equals(pod.key()) && pod.ip() != null;
    }

    public Optional<Observed<Reachability>> reachabilityOf(ExpectedPod pod) {
        return Optional.ofNullable(reachability.get(pod.key()));
    }

    private interface Parse<T> {
        T apply(String command, String stdout);
    }

    private static <T> Observed<T> run(PodExec exec, ExpectedPod pod, String container, String[] command, Parse<T> parse) {
        String cmd = String.join(" ", command);
        ExecResult r;
        try {
            r = exec.exec(pod, container, command);
        } catch (InfrastructureException e) {
            // one pod's failed exec touches that pod's pod-side claims only
            return Observed.unavailable(cmd, "`" + cmd + "` in " + key(pod, container) + " could not run: "
                    + e.getMessage());
        }
        // ping exits 1 when nothing came back: its summary still says so, so parse it whatever the exit code
        if (!r.succeeded() && !command[0].equals("ping")) {
            return Observed.unavailable(cmd, "`" + cmd + "` in " + key(pod, container) + " exited " + r.exitCode()
                    + ": " + r.stderr().strip());
        }
        try {
            return Observed.of(parse.apply(cmd, r.stdout()), cmd);
        } catch (SnapshotParseException e) {
            return Observed.unavailable(cmd, e.getMessage() + (r.stderr().isBlank() ? "" : "; stderr: " + r.stderr().strip()));
        }
    }
}
