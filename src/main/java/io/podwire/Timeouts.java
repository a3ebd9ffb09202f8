package io.podwire;

import java.time.Duration;

/** Every bound of the cluster path in one place: each wait names one of these, never a literal. */
public final class Timeouts {
    /** One HTTP round trip to a registry or to the Calico release site before we give up on it. */
    public static final Duration NETWORK_PROBE = Duration.ofSeconds(10);
    /** Downloading calico.yaml (about 350 kB). */
    public static final Duration MANIFEST_DOWNLOAD = Duration.ofSeconds(60);
    /** Pulling one image whose registry answered: a k3s image is ~70 MB. */
    public static final Duration IMAGE_PULL = Duration.ofMinutes(5);
    /** From container start to the log line "k3s is up and running". */
    public static final Duration K3S_STARTUP = Duration.ofMinutes(3);
    /** From the apiserver being up to the node object being registered. */
    public static final Duration NODE_REGISTERED = Duration.ofMinutes(2);
    /** From applying calico.yaml to calico-node Ready on every node (three image pulls included). */
    public static final Duration CALICO_READY = Duration.ofMinutes(6);
    /** From applying pinger.yaml and app.yaml to all their pods Ready (image pulls included). */
    public static final Duration WORKLOAD_READY = Duration.ofMinutes(4);
    /** A node debug pod (kubeconfig provider) becoming Running. */
    public static final Duration DEBUG_POD_READY = Duration.ofMinutes(3);
    /** How long a container may stay in ErrImagePull/ImagePullBackOff before the run gives up on it. */
    public static final Duration IMAGE_PULL_FAILING = Duration.ofSeconds(90);
    /** One exec in a pod or a node container (the snapshot script included). */
    public static final Duration EXEC = Duration.ofSeconds(90);
    /** ci/lab-mode.sh up: a Maven compile + classpath (seconds when up to date) and one lab node wired. */
    public static final Duration LAB_MODE_UP = Duration.ofMinutes(5);
    /** One node agent container run in the lab: a JVM start, one snapshot, judging, the results written. */
    public static final Duration AGENT_RUN = Duration.ofMinutes(5);
    /** Felix's endpoint-status record of a ready workload pod appearing (a node snapshot retaken meanwhile). */
    public static final Duration FELIX_RECORDS = Duration.ofSeconds(30);
    public static final Duration FELIX_RECORDS_RETRY = Duration.ofSeconds(5);
    /** Namespace test being gone after the run. */
    public static final Duration CLEANUP = Duration.ofMinutes(1);
    /** How often a wait re-checks its condition. */
    public static final Duration POLL_INTERVAL = Duration.ofSeconds(2);
    /** How often a wait prints that it is still waiting. */
    public static final Duration PROGRESS_EVERY = Duration.ofSeconds(15);

    private Timeouts() {
    }

    /** "2 min 30 s" / "45 s": how a person reads a duration in a message. */
    public static String human(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return s + " s";
        }
        return s % 60 == 0 ? s / 60 + " min" : s / 60 + " min " + s % 60 + " s";
    }
}
