package io.podwire.report;

import io.podwire.claims.Verdict;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything one test JVM recorded for the end-of-run files: verdicts (one per claim, pod and node; the last one
 * recorded wins), node facts, the snapshots already attached, wiring maps and the cluster description.
 */
final class RunRecorder {
    private static volatile RunRecorder current = new RunRecorder();

    private final Instant startedAt = Instant.now();
    private final Map<String, Recorded> verdicts = new LinkedHashMap<>();
    private final Map<String, RunEnvironment.NodeFacts> nodes = new LinkedHashMap<>();
    private final Map<String, String> snapshotAttachedTo = new LinkedHashMap<>();
    private final Map<String, WiringMap> wiring = new LinkedHashMap<>();
    private final List<String> infrastructureFailures = new ArrayList<>();
    private RunEnvironment.Cluster cluster = RunEnvironment.Cluster.UNDESCRIBED;

    /**
     * A verdict as recorded: already scrubbed, with the test that recorded it, its parsed values as JSON, and the
     * fault deliberately injected to make it fail (null for an ordinary verdict).
     */
    record Recorded(Verdict verdict, String test, String valuesJson, String injectedFault) {
        Recorded(Verdict verdict, String test, String valuesJson) {
            this(verdict, test, valuesJson, null);
        }

        String key() {
            return VerdictsFile.id(verdict, injectedFault);
        }
    }

    static RunRecorder current() {
        return current;
    }

    /** Swaps the recorder (the suite's own tests use a fresh one so that fixtures never reach reports/). */
    static RunRecorder use(RunRecorder recorder) {
        RunRecorder previous = current;
        current = recorder;
        return previous;
    }

    Instant startedAt() {
        return startedAt;
    }

    synchronized void add(Recorded r) {
        verdicts.remove(r.key());
        verdicts.put(r.key(), r);
    }

    synchronized List<Recorded> verdicts() {
        return List.copyOf(verdicts.values());
    }

    /** Remembers a snapshot; false when this very snapshot was already attached (to the test named). */
    synchronized boolean firstSight(String node, Instant takenAt, String test) {
        String key = node + "|" + takenAt;
        if (snapshotAttachedTo.containsKey(key)) {
            return false;
        }
        snapshotAttachedTo.put(key, test);
        return true;
    }

    synchronized Optional<String> snapshotAttachedTo(String node) {
        String found = null;
        for (Map.Entry<String, String> e : snapshotAttachedTo.entrySet()) {
            if (e.getKey().startsWith(node + "|")) {
                found = e.getValue();
            }
        }
        return Optional.ofNullable(found);
    }

    synchronized void node(RunEnvironment.NodeFacts facts) {
        nodes.put(facts.node(), facts);
    }

    synchronized void wiring(WiringMap map) {
        wiring.put(map.node(), map);
    }

    synchronized List<WiringMap> wiringMaps() {
        return new ArrayList<>(wiring.values());
    }

    synchronized void cluster(RunEnvironment.Cluster c) {
        cluster = c;
    }

    /** The target or a node could not be used; recorded once per distinct reason. */
    synchronized void infrastructureFailed(String reason) {
        if (!infrastructureFailures.contains(reason)) {
            infrastructureFailures.add(reason);
        }
    }

    synchronized List<String> infrastructureFailures() {
        return List.copyOf(infrastructureFailures);
    }

    synchronized boolean isEmpty() {
        return verdicts.isEmpty() && nodes.isEmpty() && wiring.isEmpty() && infrastructureFailures.isEmpty()
                && cluster == RunEnvironment.Cluster.UNDESCRIBED;
    }

    synchronized RunEnvironment environment(String runId, String suiteVersion, String gitCommit) {
        return new RunEnvironment(runId, startedAt, RunEnvironment.orUnknown(suiteVersion),
                RunEnvironment.orUnknown(gitCommit), cluster, Map.copyOf(nodes));
    }
}
