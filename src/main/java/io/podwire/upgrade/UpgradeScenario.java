package io.podwire.upgrade;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.podwire.InfrastructureException;
import io.podwire.node.ExpectedPod;
import io.podwire.verdict.Verdict;
import io.podwire.cluster.CalicoInstaller;
import io.podwire.cluster.CalicoManifest;
import io.podwire.cluster.KubernetesCluster;
import io.podwire.cluster.ClusterSettings;
import io.podwire.cluster.CniDirs;
import io.podwire.cluster.Diagnostics;
import io.podwire.cluster.FabricPodExec;
import io.podwire.cluster.RunScope;
import io.podwire.cluster.ClusterProviders;
import io.podwire.Log;
import io.podwire.Timeouts;
import io.podwire.cluster.Waits;
import io.podwire.cluster.Workload;
import io.podwire.node.ExecResult;
import io.podwire.node.NodeAccess;
import io.podwire.node.NodeState;
import io.podwire.node.PodSideViews;
import io.podwire.run.Inspector;
import io.podwire.run.RunEvents;
import io.podwire.run.NodeInspection;
import io.podwire.run.SettlePolicy;
import io.podwire.node.RuntimeContainer;
import io.podwire.node.Sandbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CNI upgrade, step by step, on a real cluster from the cluster/ providers: Calico A installed and the workload
 * Ready; all claims and the wiring observed; Calico B applied the same way (calico.yaml, server-side apply) while
 * the pinger probes the app; rollout awaited; all claims and the wiring observed again; then pod churn for the leak
 * check. Each step keeps what it saw, so the IT asserts one thing per test method.
 */
public final class UpgradeScenario implements UpgradeRun {
    /** Answered probes after the rollout before the probe is stopped: traffic must be seen flowing again. */
    static final int SETTLE_PROBES = 20;
    static final String PINGER = "pinger";

    private final UpgradeSettings upgrade;
    private final ClusterSettings base;
    private final Diagnostics diagnostics;
    /** This run's own namespaces and label on a cluster others may use too. */
    private final RunScope run;
    private KubernetesCluster cluster;
    private Workload workload;

    /** What one look at the cluster saw: per node the state and wiring, and every verdict. */
    public record Observation(String label, List<ExpectedPod> pods, Map<String, NodeState> states,
                              Map<String, NodeWiring> wiring, List<Verdict> verdicts) {
    }

    public UpgradeScenario(UpgradeSettings upgrade, ClusterSettings base, RunEvents events) {
        this.upgrade = upgrade;
        this.base = base;
        this.diagnostics = new Diagnostics(base.workDir(), events);
        this.run = RunScope.fromSystem();
        diagnostics.include(run.namespace());
        if (base.calicoManifest().isPresent()) {
            throw new InfrastructureException("-Dcalico.manifest names one calico.yaml, but the upgrade scenario needs"
                    + " the manifests of " + upgrade.from() + " and " + upgrade.to() + " (downloaded per version)");
        }
        refuseToPatchTheirCalico(upgrade, base);
    }

    /**
     * podwire patches only a Calico it installed itself. Where the cluster's Calico is someone else's (the kubeconfig
     * provider, or -Dpodwire.calico.install=false), the upgrade applies the team's own manifest as given, or not at all.
     */
    static void refuseToPatchTheirCalico(UpgradeSettings upgrade, ClusterSettings base) {
        if (!base.installCalico() && upgrade.toManifest().isEmpty()) {
            throw new InfrastructureException("podwire did not install Calico on this " + base.kind().id()
                    + " cluster, so it will not upgrade it with a downloaded and patched calico.yaml: pass your own"
                    + " manifest of Calico " + upgrade.to() + " (the one your team would apply) as -D"
                    + UpgradeSettings.TO_MANIFEST + "=<file>; podwire applies it unchanged (docs/upgrade-gate.md)");
        }
        if (base.installCalico() && upgrade.toManifest().isPresent()) {
            throw new InfrastructureException("-D" + UpgradeSettings.TO_MANIFEST + " is for a cluster whose Calico"
                    + " podwire did not install; on the " + base.kind().id() + " cluster podwire creates, it installs"
                    + " and upgrades Calico's release calico.yaml itself (-D" + UpgradeSettings.FROM + "/-D"
                    + UpgradeSettings.TO + ")");
        }
    }

    @Override
    public UpgradeSettings settings() {
        return upgrade;
    }

    /** The cluster with Calico `from` installed by the provider, and the lab's workload Ready. */
    @Override
    public void installFrom() {
        ClusterSettings a = withCalico(base, upgrade.from());
        Log.info("upgrade scenario: Calico " + upgrade.from() + " -> " + upgrade.to() + " on " + a.kind().id());
        cluster = ClusterProviders.start(a, run, diagnostics);
        if (!a.installCalico()) {
            // an existing cluster: it must run the version the scenario starts from
            CalicoRollout.await(cluster.client(), CalicoInstaller.installedNamespace(cluster.client()), upgrade.from());
        }
        workload = Workload.apply(cluster.client(), a.manifestsDir(), run, a.nodes());
    }

    /** One snapshot per node of the workload, pod-side views, every claim, and the wiring. */
    @Override
    public Observation observe(String label) {
        List<ExpectedPod> pods = currentPods();
        PodSideViews views = PodSideViews.observe(pods, new FabricPodExec(client()));
        Map<NodeAccess, Optional<List<ExpectedPod>>> byNode = Inspector.expectedByNode(pods, cluster::node);
        // after a rollout Felix may not yet have written a restarted pod's record: as the conformance run does
        List<NodeInspection> seen = Inspector.create().withPodSide((node, onNode) -> views).settling(
                SettlePolicy.felixRecords(Timeouts.FELIX_RECORDS, Timeouts.FELIX_RECORDS_RETRY)).inspectAll(byNode, 4);
        Map<String, NodeState> states = new LinkedHashMap<>();
        Map<String, NodeWiring> wiring = new LinkedHashMap<>();
        List<Verdict> verdicts = new ArrayList<>();
        for (NodeInspection i : seen) {
            if (i.failed()) {
                throw i.failure().get();
            }
            states.put(i.node(), i.state());
            wiring.put(i.node(), NodeWiring.of(i.pods(), i.state()));
            verdicts.addAll(i.verdicts());
        }
        return new Observation(label, pods, states, wiring, List.copyOf(verdicts));
    }

    /**
     * Applies Calico `to` while the pinger probes the app, waits for the rollout and for traffic to flow again, and
     * returns what the probe saw.
     */
    @Override
    public OutageReport upgradeWhileProbing(Observation before) {
        ExpectedPod pinger = pod(before.pods(), PINGER);
        ExpectedPod target = probeTarget(before.pods());
        NodeAccess node = cluster.node(pinger.node());
        OutageProbe probe = OutageProbe.start(node, pingerContainerPid(before.states().get(pinger.node()), pinger),
                pinger.key(), target.ip(), upgrade.probeInterval(), upgrade.probeMax()).awaitAnswered(10);
        try {
            String namespace = CalicoInstaller.installedNamespace(client());
            applyCalicoTo(upgrade, base, client(), node, diagnostics);
            CalicoRollout.await(client(), namespace, upgrade.to());
            int seen = probe.answeredSoFar();
            probe.awaitAnswered(seen + SETTLE_PROBES);
        } finally {
            probe.stop();
        }
        return probe.collect().between(pinger.node(), target.node());
    }

    /**
     * What the outage probe pings: on a multi-node target the pod on another node (Workload.REMOTE), since the loss
     * users report most during a calico-node restart is across nodes; otherwise app, on the pinger's node.
     */
    static ExpectedPod probeTarget(List<ExpectedPod> pods) {
        return pods.stream().filter(p -> p.name().equals(Workload.REMOTE)).findFirst().orElseGet(() -> pod(pods, "app"));
    }

    /**
     * Applies Calico `to`: the team's manifest as given where podwire did not install Calico (whatever the install,
     * manifest or operator), else Calico's release calico.yaml patched exactly as at install.
     */
    static void applyCalicoTo(UpgradeSettings upgrade, ClusterSettings base, KubernetesClient client, NodeAccess node,
                              Diagnostics diagnostics) {
        refuseToPatchTheirCalico(upgrade, base);
        if (upgrade.toManifest().isPresent()) {
            CalicoInstaller.applyAsGiven(client, upgrade.toManifest().get());
            return;
        }
        ClusterSettings b = withCalico(base, upgrade.to());
        CalicoInstaller.install(client, CalicoManifest.patch(CalicoManifest.load(b), b.podCidr(), b.podCidr6(), cniDirs(node)),
                diagnostics);
    }

    /** The pid of the pinger's container process, whose filesystem has the ping the probe runs (the node may have none). */
    static int pingerContainerPid(NodeState state, ExpectedPod pinger) {
        Sandbox sandbox = Optional.ofNullable(state.sandbox(pinger.namespace(), pinger.name()).value()).flatMap(o -> o)
                .orElseThrow(() -> new InfrastructureException("no runtime sandbox for " + pinger.key() + " on "
                        + pinger.node() + ": the probe can't enter its netns"));
        return Objects.requireNonNullElse(state.containers(sandbox.id()).value(), List.<RuntimeContainer>of()).stream()
                .filter(c -> PINGER.equals(c.name()) && c.pid() > 0).mapToInt(RuntimeContainer::pid).findFirst()
                .orElseThrow(() -> new InfrastructureException("no running container " + PINGER + " in sandbox "
                        + sandbox.id() + " of " + pinger.key() + " on " + pinger.node()
                        + ": the probe runs the container's own ping"));
    }

    /** Deletes the pinger and creates it again from manifests/pinger.yaml, as a rollout of a workload would. */
    @Override
    public void churnPinger() {
        KubernetesClient c = client();
        String ns = run.namespace();
        c.pods().inNamespace(ns).withName(PINGER).delete();
        Waits.until("pod " + ns + "/" + PINGER + " deleted", Timeouts.CLEANUP, () -> assertEquals(null,
                c.pods().inNamespace(ns).withName(PINGER).get(), "pod " + PINGER));
        Path manifest = base.manifestsDir().resolve("pinger.yaml");
        for (HasMetadata r : Workload.load(c, manifest)) {
            // into this run's namespace with its run label, exactly as Workload.apply put it there
            Workload.scope(r, run, manifest);
            c.resource(r).create();
        }
        Waits.until("pod " + ns + "/" + PINGER + " Ready again", Timeouts.WORKLOAD_READY, () -> {
            Pod p = c.pods().inNamespace(ns).withName(PINGER).get();
            assertTrue(p != null && p.getStatus() != null && p.getStatus().getConditions() != null
                    && p.getStatus().getConditions().stream().anyMatch(x -> "Ready".equals(x.getType())
                    && "True".equals(x.getStatus())), "pod " + PINGER + " Ready");
        });
    }

    /** Cluster state and node logs for the report, before anything is torn down. */
    @Override
    public void collectDiagnostics(String reason) {
        if (cluster != null) {
            diagnostics.cluster(cluster.client());
            cluster.nodeLogs().forEach(diagnostics::text);
            diagnostics.publish(reason);
        }
    }

    private List<ExpectedPod> currentPods() {
        return client().pods().inNamespace(run.namespace()).list().getItems().stream().map(Workload::expected)
                .sorted((x, y) -> x.name().compareTo(y.name())).toList();
    }

    private KubernetesClient client() {
        if (cluster == null) {
            throw new InfrastructureException("no cluster: the install of Calico " + upgrade.from() + " failed earlier");
        }
        return cluster.client();
    }

    private static ExpectedPod pod(List<ExpectedPod> pods, String name) {
        return pods.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new InfrastructureException("no pod " + name + " among " + pods.stream()
                        .map(ExpectedPod::key).toList()));
    }

    /** The node's containerd CNI dirs, so that the new calico.yaml is patched exactly as the first one was. */
    private static CniDirs cniDirs(NodeAccess node) {
        for (String path : List.of(CniDirs.K3S_CONTAINERD_CONFIG, "/etc/containerd/config.toml")) {
            ExecResult r = node.exec("cat", path);
            if (r.succeeded()) {
                return CniDirs.fromContainerdConfig(r.stdout());
            }
        }
        return CniDirs.DEFAULTS;
    }

    static ClusterSettings withCalico(ClusterSettings s, String version) {
        if (!s.calicoIsTheCni()) {
            throw new io.podwire.InfrastructureException("the upgrade gate installs and upgrades Calico: -D"
                    + ClusterSettings.ClusterCni.PROPERTY + "=default leaves the distribution's own CNI, which it can't gate");
        }
        return new ClusterSettings(s.kind(), s.k3sImage(), version, s.calicoManifest(), s.installCalico(), s.podCidr(),
                s.kindClusterName(), s.kubeconfig(), s.kubeContext(), s.debugImage(), s.manifestsDir(), s.workDir(),
                s.podCidr6(), s.cni(), s.nodes());
    }

    @Override
    public void close() {
        if (workload != null) {
            workload.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }
}
