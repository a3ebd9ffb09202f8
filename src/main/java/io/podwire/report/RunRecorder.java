package io.podwire.report;

import io.podwire.node.ExpectedPod;
import io.podwire.verdict.Verdict;
import io.podwire.run.NotJudged;

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
    private final Map<String, String> containerRuntimes = new LinkedHashMap<>();
    private final Map<String, String> snapshots = new LinkedHashMap<>();
    private final Map<String, ExpectedPod> expectedPods = new LinkedHashMap<>();
    private final Map<String, NotJudged> notJudged = new LinkedHashMap<>();
    private RunEnvironment.Cluster cluster = RunEnvironment.Cluster.UNDESCRIBED;
    private RunTarget target = RunTarget.UNKNOWN;
    private RunEnvironment.Upgrade upgrade;

    /**
     * A verdict as recorded: already scrubbed, with the test that recorded it, its parsed values as JSON, the fault a
     * fault-injection test injected to make it fail (null for an ordinary verdict), and the fault the lab target
     * injected before the run that caused it (null when none did; the verdict still counts).
     */
    record Recorded(Verdict verdict, String test, String valuesJson, String injectedFault, String labFault) {
        Recorded(Verdict verdict, String test, String valuesJson) {
            this(verdict, test, valuesJson, null, null);
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

    /** The node's container runtime and version, as the target reports it (the snapshot can't tell). */
    synchronized void containerRuntime(String node, String runtime) {
        containerRuntimes.put(node, runtime);
    }

    /** The node's raw snapshot output (already scrubbed), for the run's bundle; the latest one per node. */
    synchronized void snapshot(String node, String scrubbedOutput) {
        snapshots.put(node, scrubbedOutput);
    }

    synchronized Map<String, String> snapshots() {
        return Map.copyOf(snapshots);
    }

    /** The pods the run set out to check: a pod with no verdict at the end was not checked. */
    synchronized void expect(List<ExpectedPod> pods) {
        pods.forEach(p -> expectedPods.putIfAbsent(p.key() + "@" + p.node(), p));
    }

    /** A listed pod that churned by its node's snapshot: not judged; recorded once per pod and node. */
    synchronized void notJudged(NotJudged n) {
        notJudged.putIfAbsent(n.podKey() + "@" + n.node(), n);
    }

    synchronized List<NotJudged> notJudged() {
        return List.copyOf(notJudged.values());
    }

    synchronized List<ExpectedPod> expectedPods() {
        return List.copyOf(expectedPods.values());
    }

    synchronized void target(RunTarget t) {
        target = t;
    }

    synchronized RunTarget target() {
        return target;
    }

    /** One step of the upgrade gate (diff, outage, leak check); a step of the same name replaces the earlier one. */
    synchronized void upgradeStep(String from, String to, RunEnvironment.Upgrade.Step step) {
        List<RunEnvironment.Upgrade.Step> steps = new ArrayList<>(upgrade == null ? List.of() : upgrade.steps());
        steps.removeIf(s -> s.name().equals(step.name()));
        steps.add(step);
        upgrade = new RunEnvironment.Upgrade(from, to, steps);
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
        return verdicts.isEmpty() && notJudged.isEmpty() && nodes.isEmpty() && wiring.isEmpty() && infrastructureFailures.isEmpty()
                && cluster == RunEnvironment.Cluster.UNDESCRIBED && target == RunTarget.UNKNOWN && upgrade == null;
    }

    synchronized RunEnvironment environment(String runId, String suiteVersion, String gitCommit) {
        Map<String, RunEnvironment.NodeFacts> facts = new LinkedHashMap<>();
        nodes.forEach((name, n) -> facts.put(name, new RunEnvironment.NodeFacts(name, n.kernel(), n.iproute2(),
                containerRuntimes.getOrDefault(name, n.containerRuntime()), n.snapshotAt())));
        // a node the target described but no snapshot reached is still named, with its runtime
        containerRuntimes.forEach((name, rt) -> facts.putIfAbsent(name,
                new RunEnvironment.NodeFacts(name, null, null, rt, null)));
        return new RunEnvironment(runId, startedAt, RunEnvironment.orUnknown(suiteVersion),
                RunEnvironment.orUnknown(gitCommit), cluster, Map.copyOf(facts), target, upgrade);
    }
}
