package io.podwire.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import io.podwire.Log;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The containers podwire starts (lab nodes, k3s nodes) carry labels naming the JVM that owns them. Ryuk, which would
 * reap them after a killed run, can't be pulled on machines without a registry, so each run first removes the
 * podwire containers whose owner is gone (a run killed with SIGKILL) and says so. Containers of a run still alive on
 * this host, and of other hosts sharing the engine, are never touched.
 */
public final class OwnedContainers {
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String PODWIRE = "podwire";
    static final String OWNER_PID = "io.podwire.owner-pid";
    static final String OWNER_STARTED = "io.podwire.owner-started";
    static final String OWNER_HOST = "io.podwire.owner-host";
    private static boolean swept;

    private OwnedContainers() {
    }

    /** The labels that mark a container as this JVM's. */
    public static Map<String, String> labels() {
        ProcessHandle self = ProcessHandle.current();
        return Map.of(MANAGED_BY, PODWIRE, OWNER_PID, Long.toString(self.pid()), OWNER_STARTED, started(self),
                OWNER_HOST, host());
    }

    /** Removes leftovers of dead runs, once per JVM, before the first container of this run starts. */
    public static synchronized List<String> sweepOnce(DockerClient docker) {
        if (swept) {
            return List.of();
        }
        swept = true;
        List<String> removed = sweep(docker, PODWIRE, OwnedContainers::ownerIsGone);
        if (!removed.isEmpty()) {
            Log.info("removed " + removed.size() + " podwire container(s) left behind by a run that ended without "
                    + "cleaning up (killed?): " + String.join(", ", removed));
        }
        return removed;
    }

    /**
     * Removes every container managed by {@code manager} whose labels satisfy {@code leftover}, with its anonymous
     * volumes. A test sweeps a manager of its own, so the JVM-wide sweep of lab nodes can't race it.
     */
    static List<String> sweep(DockerClient docker, String manager, Predicate<Map<String, String>> leftover) {
        List<String> removed = new ArrayList<>();
        for (Container c : docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(MANAGED_BY, manager)).exec()) {
            Map<String, String> labels = Optional.ofNullable(c.getLabels()).orElse(Map.of());
            if (labels.containsKey(OWNER_PID) && leftover.test(labels)) {
                try {
                    docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
                    removed.add(name(c) + " (owner pid " + labels.get(OWNER_PID) + ")");
                } catch (NotFoundException | ConflictException goneOrGoing) {
                    // another run's sweep got there first: the leftover is gone or going
                }
            }
        }
        return removed;
    }

    /** The owner ran on this host and no process with its pid and start time lives any more. */
    static boolean ownerIsGone(Map<String, String> labels) {
        if (!host().equals(labels.get(OWNER_HOST))) {
            return false;
        }
        long pid = Long.parseLong(labels.get(OWNER_PID));
        // a pid can be reused: the owner is alive only if the process with that pid also started when it did
        return ProcessHandle.of(pid).map(p -> !started(p).equals(labels.get(OWNER_STARTED))).orElse(true);
    }

    private static String started(ProcessHandle p) {
        return p.info().startInstant().map(Instant::toString).orElse("unknown");
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return Optional.ofNullable(System.getenv("HOSTNAME")).orElse("unknown");
        }
    }

    private static String name(Container c) {
        return c.getNames() != null && c.getNames().length > 0 ? c.getNames()[0].replaceFirst("^/", "") : c.getId();
    }
}
