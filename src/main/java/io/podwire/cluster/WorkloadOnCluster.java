package io.podwire.cluster;

import io.fabric8.kubernetes.api.model.Pod;
import io.podwire.Log;
import io.podwire.node.ExpectedPod;
import io.podwire.node.NodeAccess;
import io.podwire.node.PodExec;
import io.podwire.run.Churn;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** A Kubernetes cluster with Calico and the workload of manifests/ applied to it. */
final class WorkloadOnCluster implements ConformanceTarget {
    private final KubernetesCluster cluster;
    private final Workload workload;
    private final String calicoVersion;
    private final ApiChurn churn;

    private WorkloadOnCluster(KubernetesCluster cluster, Workload workload, String calicoVersion) {
        this.cluster = cluster;
        this.workload = workload;
        this.calicoVersion = calicoVersion;
        this.churn = new ApiChurn(cluster.client());
    }

    /**
     * Starts the provider's cluster and applies the workload into the run's own namespace; on failure collects what it
     * can, cleans up, throws.
     */
    static WorkloadOnCluster start(ClusterSettings settings, RunScope run, Diagnostics diagnostics) {
        Log.info("podwire run " + run.id() + ": workload in namespace " + run.namespace());
        diagnostics.include(run.namespace());
        KubernetesCluster cluster = ClusterProviders.start(settings, run, diagnostics);
        try {
            Log.info("cluster ready: " + cluster.description());
            String calico = !settings.calicoIsTheCni() ? "none (the distribution's own CNI, -D"
                    + ClusterSettings.ClusterCni.PROPERTY + "=default)"
                    : settings.kind() == ClusterKind.KUBECONFIG || !settings.installCalico()
                    ? "as installed on the cluster (not read)" : settings.calicoVersion();
            return new WorkloadOnCluster(cluster, Workload.apply(cluster.client(), settings.manifestsDir(), run,
                    settings.nodes()), calico);
        } catch (RuntimeException e) {
            diagnostics.cluster(cluster.client());
            cluster.nodeLogs().forEach(diagnostics::text);
            closeQuietly(cluster);
            throw e;
        }
    }

    @Override
    public String description() {
        return cluster.description();
    }

    @Override
    public String kubernetesVersion() {
        try {
            return cluster.client().getKubernetesVersion().getGitVersion();
        } catch (RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    @Override
    public String calicoVersion() {
        return calicoVersion;
    }

    @Override
    public Map<String, String> imageDigests() {
        Map<String, String> digests = new TreeMap<>();
        try {
            cluster.client().pods().inAnyNamespace().list().getItems().forEach(p -> {
                if (p.getStatus() != null && p.getStatus().getContainerStatuses() != null) {
                    p.getStatus().getContainerStatuses().forEach(c -> digests.put(c.getImage(), c.getImageID()));
                }
            });
        } catch (RuntimeException e) {
            digests.put("(could not list pods)", K3sCluster.rootMessage(e));
        }
        return digests;
    }

    @Override
    public Map<String, String> containerRuntimes() {
        Map<String, String> runtimes = new TreeMap<>();
        try {
            cluster.client().nodes().list().getItems().forEach(n -> runtimes.put(n.getMetadata().getName(),
                    n.getStatus().getNodeInfo().getContainerRuntimeVersion()
                            + " (kubelet " + n.getStatus().getNodeInfo().getKubeletVersion() + ", kernel "
                            + n.getStatus().getNodeInfo().getKernelVersion() + ")"));
        } catch (RuntimeException e) {
            runtimes.put("(could not list nodes)", K3sCluster.rootMessage(e));
        }
        return runtimes;
    }

    @Override
    public List<ExpectedPod> pods() {
        return workload.pods();
    }

    @Override
    public List<ExpectedPod> podsOnAllNodes() {
        // Windows nodes have no netns or veth to read; their pods are not candidates
        Set<String> linux = cluster.client().nodes().withLabel(DebugPodNodeAccess.OS_LABEL, "linux").list()
                .getItems().stream().map(n -> n.getMetadata().getName()).collect(Collectors.toSet());
        List<Pod> running = cluster.client().pods().inAnyNamespace().list().getItems().stream()
                .filter(p -> "Running".equals(p.getStatus().getPhase()) && linux.contains(p.getSpec().getNodeName()))
                .toList();
        // each ExpectedPod keeps the uid listed here: churn tells a pod recreated under its name by it
        return running.stream().map(Workload::expected).toList();
    }

    @Override
    public Churn churn(Duration settle) {
        return churn.settlingFor(settle);
    }

    @Override
    public NodeAccess node(String nodeName) {
        return cluster.node(nodeName);
    }

    @Override
    public void reach(Collection<String> nodeNames) {
        cluster.reach(nodeNames);
    }

    @Override
    public void release(Collection<String> nodeNames) {
        cluster.release(nodeNames);
    }

    @Override
    public PodExec podExec() {
        return new FabricPodExec(cluster.client());
    }

    @Override
    public void collect(Diagnostics diagnostics) {
        diagnostics.cluster(cluster.client());
        cluster.nodeLogs().forEach(diagnostics::text);
    }

    @Override
    public void close() {
        workload.close();
        closeQuietly(cluster);
    }

    private static void closeQuietly(KubernetesCluster cluster) {
        try {
            cluster.close();
        } catch (RuntimeException e) {
            Log.info("cluster cleanup failed: " + e.getMessage());
        }
    }
}
