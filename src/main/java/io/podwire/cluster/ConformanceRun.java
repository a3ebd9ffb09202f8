package io.podwire.cluster;

import io.podwire.Timeouts;
import io.podwire.Log;
import io.podwire.InfrastructureException;
import io.podwire.verdict.ClaimId;
import io.podwire.node.ExpectedPod;
import io.podwire.verdict.Verdict;
import io.podwire.lab.LabFault;
import io.podwire.lab.LabNode;
import io.podwire.node.NodeAccess;
import io.podwire.node.NodeState;
import io.podwire.node.PodExec;
import io.podwire.node.PodSideViews;
import io.podwire.node.RawSnapshot;
import io.podwire.run.Inspector;
import io.podwire.run.NodeInspection;
import io.podwire.run.NotJudged;
import io.podwire.run.PodSelector;
import io.podwire.run.RunEvents;
import io.podwire.run.SettlePolicy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * One conformance run on one cluster: cluster up with Calico, workload Ready, then ONE snapshot per node and one
 * set of pod-side views, from which every claim is judged once. Owned by ClusterExtension's root store and closed
 * (workload, debug pods, containers) when the test plan ends.
 */
public final class ConformanceRun implements AutoCloseable {
    private final ClusterSettings settings;
    private final Diagnostics diagnostics;
    private ConformanceTarget target;
    private InfrastructureException failure;
    /** ONE snapshot per node per run, shared by the workload's claims and the all-pods audit. */
    private final Map<String, NodeState> snapshotsByNode = new ConcurrentHashMap<>();
    private List<NodeInspection> workload;
    private PodSideViews views;
    private List<NodeInspection> allPodsAudit;
    private String diagnosticsPublishedFor;

    private final RunEvents events;

    /** A run on the target {@code settings} choose, telling {@code events} (the report's listener) as it goes. */
    ConformanceRun(ClusterSettings settings, RunEvents events) {
        this.settings = settings;
        this.events = events;
        this.diagnostics = new Diagnostics(settings.workDir(), events);
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
        // said before the target starts: a run whose target never came up still names it, what chose it, and what
        // it was to be (image, Calico version); the target's own description replaces the latter once it is up
        events.targetChosen(settings.kind().id());
        Intended intended = intended(settings);
        events.clusterDescribed(intended.provider(), intended.kubernetes(), intended.calico(), intended.images());
        try {
            if (labFault.isPresent()) {
                LabFault f = LabTarget.fault(labFault.get());
                events.labFaultInjected(settings.kind().id(), f.name(), f.claim(), f.targetPod(), f.description());
            }
            target = settings.kind() == ClusterKind.LAB ? LabTarget.start(labFault) : WorkloadOnCluster.start(settings,
                    RunScope.fromSystem(), diagnostics);
            Log.info("ready: " + target.description());
            events.clusterDescribed(target.description(), target.kubernetesVersion(), target.calicoVersion(),
                    target.imageDigests());
            target.containerRuntimes().forEach(events::nodeDescribed);
            events.podsExpected(target.pods());
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

    /** The target as the settings describe it before it is reached: what the record names if it never comes up. */
    record Intended(String provider, String kubernetes, String calico, Map<String, String> images) {
    }

    static Intended intended(ClusterSettings s) {
        String notReached = " (intended; the target was not reached)";
        String calico = s.calicoManifest().map(m -> "from " + m.getFileName() + notReached)
                .orElse(s.installCalico() ? s.calicoVersion() + notReached
                        : "the cluster's own, not installed by podwire" + notReached);
        return switch (s.kind()) {
            case K3S -> new Intended("k3s (Testcontainers, " + s.k3sImage()
                    + (s.multiNode() ? ", server and " + (s.nodes() - 1) + " agent(s)" : "") + ")" + notReached,
                    K3sImages.parse(s.k3sImage()).getVersionPart() + " (the k3s image's tag or digest)" + notReached,
                    calico, Map.of(s.k3sImage(), "not running" + notReached));
            case KIND -> new Intended("kind (cluster " + s.kindClusterName()
                    + (s.multiNode() ? ", " + s.nodes() + " schedulable nodes" : "") + ")" + notReached,
                    "kind's node image" + notReached, calico, Map.of());
            case KUBECONFIG -> new Intended("kubeconfig (" + s.kubeconfig().map(Object::toString).orElse("$KUBECONFIG")
                    + s.kubeContext().map(c -> ", context " + c).orElse("") + ")" + notReached,
                    "the cluster's own" + notReached, calico, Map.of());
            case LAB -> new Intended(LabNode.DESCRIPTION + notReached, "none (lab node)",
                    "none (Calico's CNI wiring reproduced by podwire)", Map.of(LabNode.IMAGE, "not started" + notReached));
        };
    }

    public ConformanceTarget target() {
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
        nodeStates().forEach((node, state) -> raw.put(node, state.raw()));
        return raw;
    }

    /** Each node that runs a pod of the workload, snapshotted with ONE exec of the snapshot script. */
    public Map<String, NodeState> nodeStates() {
        Map<String, NodeState> states = new LinkedHashMap<>();
        workload().forEach(i -> states.put(i.node(), i.state()));
        return states;
    }

    /**
     * The workload's nodes inspected once (every claim, its pods, their pod-side views); a node that could not be
     * inspected fails every test that needs it, as infrastructure: a gate never passes without judging every pod.
     */
    private synchronized List<NodeInspection> workload() {
        if (workload == null) {
            Map<NodeAccess, Optional<List<ExpectedPod>>> byNode = Inspector.expectedByNode(pods(), target::node);
            PodSideViews seen = podSideViews();
            // the workload's snapshots are retaken until Felix has its pods' records: age keeps none of them unjudged
            workload = Inspector.create().withPodSide((node, pods) -> seen).readingSnapshotsFrom(this::snapshotOf)
                    .tellingChurn(target.churn(Duration.ZERO)).requiringCalicoCni().inspectAll(byNode, 4);
        }
        List<String> failed = workload.stream().filter(NodeInspection::failed)
                .map(i -> "node " + i.node() + ": " + i.failure().get().getMessage()).toList();
        if (!failed.isEmpty()) {
            throw new InfrastructureException("the workload's nodes could not all be inspected: " + String.join("; ", failed),
                    workload.stream().filter(NodeInspection::failed).findFirst().get().failure().get());
        }
        return workload;
    }

    // not synchronized: the inspections call it from their worker threads; the settle waits for the workload's pods
    private NodeState snapshotOf(NodeAccess node, List<ExpectedPod> ignored) {
        return snapshotsByNode.computeIfAbsent(node.nodeName(), n -> {
            Log.info("taking the node snapshot of " + n);
            List<ExpectedPod> onNode = pods().stream().filter(p -> n.equals(p.node())).toList();
            return Inspector.snapshot(node, onNode, SettlePolicy.felixRecords(Timeouts.FELIX_RECORDS,
                    Timeouts.FELIX_RECORDS_RETRY));
        });
    }

    public synchronized PodSideViews podSideViews() {
        if (views == null) {
            views = PodSideViews.observe(pods(), podExec());
        }
        return views;
    }

    /** Every claim for every pod of the workload (the run's namespace), judged on its own node. */
    public List<Verdict> verdicts() {
        return workload().stream().flatMap(i -> i.verdicts().stream()).toList();
    }

    /**
     * Every running pod on the chosen nodes (AuditNodes: -Dpodwire.audit.nodes, default the workload's nodes on a
     * kubeconfig target, every node on podwire's own clusters), narrowed by -Dpodwire.audit.namespaces=a,b and
     * -Dpodwire.audit.label=k=v; one snapshot per node, nodes reached in batches of -Dpodwire.audit.batch (each
     * batch's debug pods removed before the next), the claims judged from the snapshot alone: pods of any image are
     * audited, so no pod-side exec (C10, C11 are left to the workload's pods). hostNetwork pods are not held to
     * pod-netns claims. A node that cannot be reached is that node's failure; the others are judged.
     */
    public synchronized List<NodeInspection> allPodsAudit() {
        if (allPodsAudit == null) {
            AuditNodes choice = AuditNodes.from(System::getProperty, settings.kind());
            Map<String, List<ExpectedPod>> byNode = new java.util.TreeMap<>();
            PodSelector selector = auditSelector();
            List<ExpectedPod> running = target.podsOnAllNodes();
            requireAuditedNamespaces(selector, running);
            // only nodes that run a pod of the audited namespaces are reached (and get a debug pod)
            running.stream().filter(p -> selector.namespaces().isEmpty()
                            || selector.namespaces().contains(p.namespace()))
                    .forEach(p -> byNode.computeIfAbsent(p.node(), n -> new ArrayList<>()).add(p));
            Set<String> workloadNodes = pods().stream().map(ExpectedPod::node).collect(Collectors.toSet());
            List<String> chosen = choice.choose(byNode.keySet(), workloadNodes);
            Log.info("all-pods audit: " + choice.describe() + ": " + chosen);
            List<NodeInspection> inspected = new ArrayList<>();
            for (List<String> batch : choice.batches(chosen)) {
                // only nodes that run a pod of the audited namespaces are reached (and get a debug pod)
                target.reach(batch);
                Map<NodeAccess, Optional<List<ExpectedPod>>> access = new LinkedHashMap<>();
                batch.forEach(node -> access.put(target.node(node), Optional.of(byNode.get(node))));
                try {
                    // listed once, snapshotted later: a pod gone, terminating or just started by then is not judged
                    inspected.addAll(Inspector.create().selecting(selector).judging(ClaimId.nodeSide())
                            .readingSnapshotsFrom(this::snapshotOf).tellingChurn(target.churn(Timeouts.FELIX_RECORDS))
                            .requiringCalicoCni().inspectAll(access, batch.size()));
                } finally {
                    // the workload's nodes stay reached: the run's other tests use them
                    target.release(batch.stream().filter(n -> !workloadNodes.contains(n)).toList());
                }
            }
            allPodsAudit = List.copyOf(inspected);
        }
        return allPodsAudit;
    }

    /**
     * An audit that would check nothing is refused before any node is reached: every namespace named in
     * -Dpodwire.audit.namespaces must run a pod (a typo would otherwise audit nothing and read as a pass).
     */
    static void requireAuditedNamespaces(PodSelector selector, List<ExpectedPod> running) {
        Set<String> present = new TreeSet<>();
        running.forEach(p -> present.add(p.namespace()));
        List<String> empty = selector.namespaces().stream().filter(n -> !present.contains(n)).sorted().toList();
        if (!empty.isEmpty()) {
            throw new InfrastructureException("-Dpodwire.audit.namespaces: no running pod in " + String.join(", ", empty)
                    + "; namespaces with running pods: " + String.join(", ", present));
        }
    }

    static PodSelector auditSelector() {
        String namespaces = System.getProperty("podwire.audit.namespaces", "").strip();
        PodSelector selector = namespaces.isEmpty() ? PodSelector.all()
                : PodSelector.namespaces(namespaces.split("\\s*,\\s*"));
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

    /** The workload's pods that churned by their node's snapshot: not judged, each with its reason. */
    public List<NotJudged> workloadNotJudged() {
        return workload().stream().flatMap(i -> i.notJudged().stream()).toList();
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
            events.attached("diagnostics", "collected once for this run, attached to: " + diagnosticsPublishedFor);
            return;
        }
        diagnosticsPublishedFor = reason;
        target.collect(diagnostics);
        snapshotsByNode.forEach((node, s) -> diagnostics.text("node snapshot " + node, s.raw().output()));
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
