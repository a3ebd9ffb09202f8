package io.podwire.cluster;

import io.podwire.run.RunEvents;
import io.podwire.Log;
import io.podwire.Scrubber;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The one place that gathers what a person needs when provisioning or a claim went wrong: pod "describe" and
 * events, calico-node/install-cni logs, node snapshots, node container logs. Collected before cleanup, redacted,
 * written under target/podwire/diagnostics/ and handed to the run's events (the report attaches them to the current test).
 */
public final class Diagnostics {
    /** Where Calico runs (calico.yaml: kube-system; tigera operator: calico-system); the run's own are added. */
    private static final List<String> NAMESPACES = List.of("kube-system", "calico-system");
    private static final int LOG_TAIL_LINES = 300;

    private final Path dir;
    private final Map<String, String> items = new LinkedHashMap<>();
    private final RunEvents events;
    private final Set<String> namespaces = new LinkedHashSet<>(NAMESPACES);

    /** Diagnostics written under {@code workDir} and handed to {@code events} (the report attaches them). */
    public Diagnostics(Path workDir, RunEvents events) {
        this.dir = workDir.resolve("diagnostics");
        this.events = events;
    }

    /** Also describes this namespace's pods and events (the run's workload and debug namespaces). */
    public void include(String namespace) {
        namespaces.add(namespace);
    }

    public void text(String title, String content) {
        items.put(title, content == null ? "" : Scrubber.scrub(content));
    }

    /**
     * Pods and events of Calico's namespaces and the run's own, and the calico-node pods' logs wherever Calico is installed;
     * every call guarded: diagnostics never throw.
     */
    public void cluster(KubernetesClient client) {
        for (String ns : namespaces) {
            guarded("pods in " + ns, () -> describePods(client.pods().inNamespace(ns).list().getItems()));
            guarded("events in " + ns, () -> events(client.v1().events().inNamespace(ns).list().getItems()));
        }
        for (String ns : CalicoInstaller.NAMESPACES) {
            guarded("calico pods in " + ns, () -> {
                List<Pod> pods = client.pods().inNamespace(ns).withLabel("k8s-app", CalicoManifest.CALICO_NODE)
                        .list().getItems();
                for (Pod p : pods) {
                    for (String c : List.of("install-cni", "calico-node")) {
                        guarded("log " + ns + "/" + p.getMetadata().getName() + "/" + c, () -> client.pods()
                                .inNamespace(ns).withName(p.getMetadata().getName()).inContainer(c)
                                .tailingLines(LOG_TAIL_LINES).getLog());
                    }
                }
                return pods.size() + " calico-node pods, logs collected per container";
            });
        }
    }

    public boolean isEmpty() {
        return items.isEmpty();
    }

    /** Writes and attaches everything gathered so far, then forgets it; returns the directory written. */
    public Path publish(String reason) {
        Path out = dir.resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")));
        try {
            Files.createDirectories(out);
            int i = 0;
            for (Map.Entry<String, String> e : items.entrySet()) {
                String file = String.format("%02d-%s.txt", i++, e.getKey().replaceAll("[^A-Za-z0-9._-]+", "_"));
                Files.writeString(out.resolve(file), e.getValue(), StandardCharsets.UTF_8);
            }
            Files.writeString(out.resolve("reason.txt"), reason, StandardCharsets.UTF_8);
        } catch (IOException e) {
            Log.info("could not write diagnostics to " + out + ": " + e.getMessage());
        }
        items.forEach((title, text) -> events.attached("diagnostics: " + title, text));
        Log.info("diagnostics (" + items.size() + " items) written to " + out);
        items.clear();
        return out;
    }

    private interface Collect {
        String get();
    }

    private void guarded(String title, Collect c) {
        try {
            text(title, c.get());
        } catch (RuntimeException e) {
            text(title, "(could not collect: " + e.getMessage() + ")");
        }
    }

    static String describePods(List<Pod> pods) {
        StringBuilder sb = new StringBuilder();
        for (Pod p : pods) {
            sb.append("pod ").append(p.getMetadata().getNamespace()).append('/').append(p.getMetadata().getName())
                    .append(" node=").append(p.getSpec().getNodeName())
                    .append(" phase=").append(p.getStatus() == null ? "?" : p.getStatus().getPhase())
                    .append(" podIP=").append(p.getStatus() == null ? "?" : p.getStatus().getPodIP()).append('\n');
            if (p.getStatus() == null) {
                continue;
            }
            Objects.requireNonNullElse(p.getStatus().getConditions(), List.<io.fabric8.kubernetes.api.model.PodCondition>of())
                    .forEach(c -> sb.append("  condition ").append(c.getType()).append('=').append(c.getStatus())
                            .append(c.getReason() == null ? "" : " " + c.getReason())
                            .append(c.getMessage() == null ? "" : ": " + c.getMessage()).append('\n'));
            Stream.concat(Objects.requireNonNullElse(p.getStatus().getInitContainerStatuses(), List.<ContainerStatus>of()).stream(),
                            Objects.requireNonNullElse(p.getStatus().getContainerStatuses(), List.<ContainerStatus>of()).stream())
                    .forEach(c -> sb.append("  container ").append(c.getName()).append(" image=").append(c.getImage())
                            .append(" ready=").append(c.getReady()).append(" restarts=").append(c.getRestartCount())
                            .append(' ').append(state(c)).append('\n'));
        }
        return sb.isEmpty() ? "(no pods)" : sb.toString();
    }

    private static String state(ContainerStatus c) {
        if (c.getState() == null) {
            return "state=?";
        }
        if (c.getState().getWaiting() != null) {
            return "waiting " + c.getState().getWaiting().getReason() + ": " + c.getState().getWaiting().getMessage();
        }
        if (c.getState().getTerminated() != null) {
            return "terminated " + c.getState().getTerminated().getReason() + " exit "
                    + c.getState().getTerminated().getExitCode() + ": " + c.getState().getTerminated().getMessage();
        }
        return "running";
    }

    static String events(List<Event> events) {
        List<Event> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparing(e -> Objects.requireNonNullElse(e.getLastTimestamp(),
                Objects.requireNonNullElse(e.getEventTime() == null ? null : e.getEventTime().getTime(), ""))));
        StringBuilder sb = new StringBuilder();
        for (Event e : sorted) {
            sb.append(e.getLastTimestamp()).append(' ').append(e.getType()).append(' ').append(e.getReason()).append(' ')
                    .append(e.getInvolvedObject().getKind()).append('/').append(e.getInvolvedObject().getName())
                    .append(": ").append(e.getMessage()).append('\n');
        }
        return sb.isEmpty() ? "(no events)" : sb.toString();
    }
}
