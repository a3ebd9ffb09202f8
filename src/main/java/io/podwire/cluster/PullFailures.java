package io.podwire.cluster;

import io.podwire.docker.ImageRef;
import io.podwire.Timeouts;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.podwire.InfrastructureException;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Turns "a pod waits for an image that never comes" into an InfrastructureException naming pod, container, image
 * and registry, instead of a readiness timeout minutes later. kubelet retries pulls, so a pull failure counts only
 * once it has lasted `grace`; an image that can never be pulled (bad name, pull policy Never) fails at once.
 */
public final class PullFailures {
    private static final Set<String> RETRYING = Set.of("ErrImagePull", "ImagePullBackOff");
    private static final Set<String> HOPELESS = Set.of("InvalidImageName", "ErrImageNeverPull");

    private final Duration grace;
    private final Map<String, Instant> firstSeen = new HashMap<>();

    public PullFailures(Duration grace) {
        this.grace = grace;
    }

    public void check(List<Pod> pods, Instant now) {
        for (Pod pod : pods) {
            if (pod.getStatus() == null) {
                continue;
            }
            List<ContainerStatus> statuses = Stream.concat(
                    nullSafe(pod.getStatus().getInitContainerStatuses()).stream(),
                    nullSafe(pod.getStatus().getContainerStatuses()).stream()).toList();
            for (ContainerStatus c : statuses) {
                String key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName() + "/" + c.getName();
                var waiting = c.getState() == null ? null : c.getState().getWaiting();
                String reason = waiting == null ? null : waiting.getReason();
                if (reason == null || !(RETRYING.contains(reason) || HOPELESS.contains(reason))) {
                    firstSeen.remove(key);
                    continue;
                }
                Instant since = firstSeen.computeIfAbsent(key, k -> now);
                if (HOPELESS.contains(reason) || !since.plus(grace).isAfter(now)) {
                    ImageRef image = ImageRef.parse(c.getImage());
                    throw new InfrastructureException("pod " + pod.getMetadata().getNamespace() + "/"
                            + pod.getMetadata().getName() + " on node " + pod.getSpec().getNodeName() + ": container "
                            + c.getName() + " cannot pull image " + image.image() + " from registry " + image.registry()
                            + " (" + reason + " for " + Timeouts.human(Duration.between(since, now)) + "): "
                            + (waiting.getMessage() == null ? "(no message)" : waiting.getMessage().strip()));
                }
            }
        }
    }

    private static <T> List<T> nullSafe(List<T> l) {
        return l == null ? List.of() : l;
    }
}
