package io.podwire.cluster;

import io.podwire.Log;
import io.podwire.InfrastructureException;
import io.podwire.claims.ClaimEngine;
import io.podwire.claims.ClaimId;
import io.podwire.claims.ClusterAudit;
import io.podwire.claims.ExpectedPod;
import io.podwire.claims.Verdict;
import io.podwire.lab.LabFault;
import io.podwire.node.NodeAccess;
import io.podwire.node.NodeSnapshotter;
import io.podwire.node.NodeState;
import io.podwire.node.NodeStateReader;
import io.podwire.node.PodExec;
import io.podwire.node.PodSideViews;
import io.podwire.node.RawSnapshot;
import io.podwire.report.ClaimReport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One conformance run on one cluster: cluster up with Calico, workload Ready, then ONE snapshot per node and one
 * set of pod-side views, from which every claim is judged once. Owned by ClusterExtension's root store and closed
 * (workload, debug pods, containers) when the test plan ends.
 */
public final class ConformanceRun implements AutoCloseable {
    private final ClusterSettings settings;
    private final Diagnostics diagnostics;
    private Target target;
    private InfrastructureException failure;
    /** ONE snapshot per node per run, shared by the workload's claims and the all-pods audit. */
    private final Map<String, RawSnapshot> snapshotsByNode = new ConcurrentHashMap<>();
    private Map<String, NodeState> states;
    private PodSideViews views;
    private List<Verdict> verdicts;
    private List<ClusterAudit.NodeAudit> allPodsAudit;
    private String diagnosticsPublishedFor;

    ConformanceRun(ClusterSettings settings) {
        this.settings = settings;
        this.diagnostics = new Diagnostics(settings.workDir());
    }

    /** Brings the cluster up once; a failure is kept and re-reported to every later test without a second attempt. */
    synchronized void ensureStarted() {
        if (failure != null) {
            // the first failed test carries the whole message with the ways out: once per run, not once per test
            throw new InfrastructureException("no cluster for this run (it failed to come up earlier; the first failed"
                    + " test says why and the ways out): " + failure.getMessage().lines().findFirst().orElse(""),
                    failure.getCause() instanceof InfrastructureException first ? first : failure);
        }
        if (target != null) {
            return;
        }
        Log.info("cluster provider " + settings.kind().id() + " (-D" + ClusterKind.PROPERTY + "; valid: "
                + ClusterKind.validValues() + ")");
        Optional<String> labFault = Optional.ofNullable(System.getProperty(LabTarget.FAULT_PROPERTY))
                .filter(f -> settings.kind() == ClusterKind.LAB && !f.isBlank());
        // said before the target starts: a run whose target never came up still names it and what chose it
        ClaimReport.describeTarget(settings.kind().id());
        try {
            if (labFault.isPresent()) {
                LabFault f = LabTarget.fault(labFault.get());
                ClaimReport.describeTarget(settings.kind().id(), f.name(), f.claim(), f.targetPod(), f.description());
            }
            target = settings.kind() == ClusterKind.LAB ? LabTarget.start(labFault) : ClusterTarget.start(settings, diagnostics);
            Log.info("ready: " + target.description());
            ClaimReport.describeCluster(target.description(), target.kubernetesVersion(), target.calicoVersion(),
                    target.imageDigests());
            target.containerRuntimes().forEach(ClaimReport::describeNode);
            ClaimReport.expectPods(target.pods());
        } catch (RuntimeException e) {
            String why = e instanceof InfrastructureException ? e.getMessage() : "cluster setup failed: " + K3sCluster.rootMessage(e);
            failure = new InfrastructureException(settings.kind() == ClusterKind.LAB ? why : why + WaysOut.of(settings), e);
            diagnostics.text("failure", failure.getMessage());
            diagnostics.publish(failure.getMessage());
            throw failure;
        }
    }

    public ClusterSettings settings() {
        return settings;
    }

    public Target target() {
        return target;
    }

    public List<ExpectedPod> pods() {
        return target.pods();
    }

    public PodExec podExec() {
        return target.podExec();
    }

    /** The snapshots of the nodes that run a pod of the workload. */
    public Map<String, RawSnapshot> snapshots() {
        Map<String, RawSnapshot> raw = new LinkedHashMap<>();
        nodeStates().keySet().forEach(node -> raw.put(node, snapshotOf(node)));
        return raw;
    }

    /** Each node that runs a pod of the workload, snapshotted with ONE exec of the snapshot script. */
    public synchronized Map<String, NodeState> nodeStates() {
        if (states == null) {
            Map<String, NodeState> parsed = new LinkedHashMap<>();
            for (String node : new TreeSet<>(pods().stream().map(ExpectedPod::node).toList())) {
                parsed.put(node, NodeStateReader.read(snapshotOf(node)));
            }
            states = parsed;
        }
        return states;
    }

    // not synchronized: the all-pods audit calls it from its worker threads while allPodsAudit() holds the lock
    private RawSnapshot snapshotOf(String node) {
        return snapshotsByNode.computeIfAbsent(node, n -> {
            Log.info("taking the node snapshot of " + n);
            List<ExpectedPod> onNode = pods().stream().filter(p -> n.equals(p.node())).toList();
            return FelixRecordsSettle.settled(() -> NodeSnapshotter.take(target.node(n)), onNode,
                    Timeouts.FELIX_RECORDS, Timeouts.FELIX_RECORDS_RETRY);
        });
    }

    public synchronized PodSideViews podSideViews() {
        if (views == null) {
            views = PodSideViews.observe(pods(), podExec());
        }
        return views;
    }

    /** Every claim for every pod of namespace test, judged on its own node. */
    public synchronized List<Verdict> verdicts() {
        if (verdicts == null) {
            List<Verdict> all = new ArrayList<>();
            nodeStates().forEach((node, state) -> all.addAll(ClaimEngine.evaluate(
                    pods().stream().filter(p -> node.equals(p.node())).toList(), state, podSideViews())));
            verdicts = List.copyOf(all);
        }
        return verdicts;
    }

    /**
     * Every running pod on every node (narrowed by -Dpodwire.audit.namespaces=a,b and -Dpodwire.audit.label=k=v),
     * one snapshot per node, nodes audited in parallel (at most 4 at once). hostNetwork pods are not held to
     * pod-netns claims. No pod-side execs: pods of any image are audited, so C10 is left to the workload's pods.
     */
    public synchronized List<ClusterAudit.NodeAudit> allPodsAudit() {
        if (allPodsAudit == null) {
            Map<String, List<ExpectedPod>> byNode = new java.util.TreeMap<>();
            ClusterAudit.PodSelector selector = auditSelector();
            List<ExpectedPod> running = target.podsOnAllNodes();
            requireAuditedNamespaces(selector, running);
            // only nodes that run a pod of the audited namespaces are reached (and get a debug pod)
            running.stream().filter(p -> selector.namespaces().isEmpty()
                            || selector.namespaces().contains(p.namespace()))
                    .forEach(p -> byNode.computeIfAbsent(p.node(), n -> new ArrayList<>()).add(p));
            target.reach(byNode.keySet());
            Map<NodeAccess, List<ExpectedPod>> access = new LinkedHashMap<>();
            byNode.forEach((node, pods) -> access.put(target.node(node), pods));
            allPodsAudit = new ClusterAudit(4, selector)
                    .readingSnapshotsWith(n -> snapshotOf(n.nodeName())).audit(access);
        }
        return allPodsAudit;
    }

    /**
     * An audit that would check nothing is refused before any node is reached: every namespace named in
     * -Dpodwire.audit.namespaces must run a pod (a typo would otherwise audit nothing and read as a pass).
     */
    static void requireAuditedNamespaces(ClusterAudit.PodSelector selector, List<ExpectedPod> running) {
        Set<String> present = new TreeSet<>();
        running.forEach(p -> present.add(p.namespace()));
        List<String> empty = selector.namespaces().stream().filter(n -> !present.contains(n)).sorted().toList();
        if (!empty.isEmpty()) {
            throw new InfrastructureException("-Dpodwire.audit.namespaces: no running pod in " + String.join(", ", empty)
                    + "; namespaces with running pods: " + String.join(", ", present));
        }
    }

    static ClusterAudit.PodSelector auditSelector() {
        String namespaces = System.getProperty("podwire.audit.namespaces", "").strip();
        ClusterAudit.PodSelector selector = namespaces.isEmpty() ? ClusterAudit.PodSelector.all()
                : ClusterAudit.PodSelector.namespaces(namespaces.split("\\s*,\\s*"));
        String label = System.getProperty("podwire.audit.label", "").strip();
        if (!label.isEmpty()) {
            int eq = label.indexOf('=');
            if (eq < 1) {
                throw new InfrastructureException("-Dpodwire.audit.label=" + label + " is not key=value");
            }
            selector = selector.withLabel(label.substring(0, eq), label.substring(eq + 1));
        }
        return selector;
    }

    public List<Verdict> verdicts(ClaimId claim) {
        return verdicts().stream().filter(v -> v.claim() == claim).toList();
    }

    /**
     * Called when a test failed: the cluster state and the raw snapshots, before anything is cleaned up. Collected
     * once per run (all claims share one snapshot); later failures point to the first.
     */
    synchronized void collectDiagnostics(String reason) {
        if (target == null) {
            return;
        }
        if (diagnosticsPublishedFor != null) {
            io.qameta.allure.Allure.addAttachment("diagnostics", "text/plain",
                    "collected once for this run, attached to: " + diagnosticsPublishedFor, ".txt");
            return;
        }
        diagnosticsPublishedFor = reason;
        target.collect(diagnostics);
        snapshotsByNode.forEach((node, s) -> diagnostics.text("node snapshot " + node, s.output()));
        diagnostics.publish(reason);
    }

    @Override
    public synchronized void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        if (target != null) {
            target.close();
            target = null;
        }
    }
}
