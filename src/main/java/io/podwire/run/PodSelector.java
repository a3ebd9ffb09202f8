package io.podwire.run;

import io.podwire.node.ExpectedPod;
import io.podwire.node.Sandbox;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Which pods to inspect: by namespace (empty = all) and by labels, read from the node runtime's sandbox record. */
public record PodSelector(Set<String> namespaces, Map<String, String> labels) {
    public static PodSelector all() {
        return new PodSelector(Set.of(), Map.of());
    }

    public static PodSelector namespaces(String... namespaces) {
        return new PodSelector(Set.of(namespaces), Map.of());
    }

    public PodSelector withLabel(String key, String value) {
        Map<String, String> l = new LinkedHashMap<>(labels);
        l.put(key, value);
        return new PodSelector(namespaces, Map.copyOf(l));
    }

    /** A pod the runtime has no sandbox for is kept under a label selector: C1 must fail for it, not skip it. */
    boolean selects(ExpectedPod pod, Optional<Sandbox> sandbox) {
        if (!namespaces.isEmpty() && !namespaces.contains(pod.namespace())) {
            return false;
        }
        return sandbox.isEmpty() || labels.entrySet().stream()
                .allMatch(e -> e.getValue().equals(sandbox.get().labels().get(e.getKey())));
    }
}
