package io.podwire.cluster;

import io.podwire.Timeouts;
import io.podwire.docker.ImagePreflight;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.podwire.InfrastructureException;
import io.podwire.Log;
import io.podwire.node.ContainerNodeAccess;
import io.podwire.node.ExecResult;
import io.podwire.node.NodeAccess;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A kind cluster that CI created (`kind create cluster --config kind-config/podwire-cluster.yaml`): reached through its
 * kubeconfig context kind-NAME; its nodes are Docker containers named like the nodes, reached with docker exec.
 */
public final class KindCluster implements KubernetesCluster {
    /** kind's containerd config (images/base/files/etc/containerd/config.toml): no cni section, so the defaults. */
    static final String CONTAINERD_CONFIG = "/etc/containerd/config.toml";

    private final KubernetesClient client;
    private final DockerClient docker;
    private final String name;
    private final List<String> nodes;

    private KindCluster(KubernetesClient client, DockerClient docker, String name, List<String> nodes) {
        this.client = client;
        this.docker = docker;
        this.name = name;
        this.nodes = nodes;
    }

    public static KindCluster start(ClusterSettings s, Diagnostics diagnostics) {
        DockerClient docker = ImagePreflight.docker();
        String context = s.kubeContext().orElse("kind-" + s.kindClusterName());
        KubernetesClient client = Kubeconfigs.connect(s.kubeconfig(), Optional.of(context),
                "kind cluster " + s.kindClusterName());
        try {
            List<String> nodes = Nodes.names(client);
            for (String node : nodes) {
                try {
                    docker.inspectContainerCmd(node).exec();
                } catch (NotFoundException e) {
                    throw new InfrastructureException("kind node " + node + " has no Docker container of that name on"
                            + " this Docker engine; is -Dpodwire.kind.cluster=" + s.kindClusterName() + " right?", e);
                }
            }
            // before Calico is installed: a single-node kind cluster can't become a multi-node one
            Nodes.requireSchedulable(client, s.nodes(), howToGetNodes(s));
            KindCluster cluster = new KindCluster(client, docker, s.kindClusterName(), nodes);
            if (s.installCalico()) {
                String yaml = CalicoManifest.load(s);
                ExecResult toml = cluster.node(nodes.get(0)).exec("cat", CONTAINERD_CONFIG);
                CniDirs dirs = toml.succeeded() ? CniDirs.fromContainerdConfig(toml.stdout()) : CniDirs.DEFAULTS;
                CalicoInstaller.install(client, CalicoManifest.patch(yaml, s.podCidr(), s.podCidr6(), dirs), diagnostics);
            } else if (!s.calicoIsTheCni()) {
                Log.info("kind's own CNI (kindnet, wired by ptp): judged by the profile its CNI config names");
            } else {
                // refused before the wait: a policy-only Calico is Ready too, and its wiring claims would not apply
                CalicoInstaller.requireCalicoCni(client);
                CalicoInstaller.awaitReady(client, CalicoInstaller.installedNamespace(client));
            }
            return cluster;
        } catch (RuntimeException e) {
            diagnostics.cluster(client);
            client.close();
            throw e;
        }
    }

    /**
     * kind taints its control-plane node once a cluster has more than one node (kind
     * pkg/cluster/internal/create/actions/kubeadminit/init.go removes the taint only when `len(allNodes) == 1`), so the
     * multi-node configs have two workers: two nodes the workload can be scheduled on, no toleration needed.
     */
    static String howToGetNodes(ClusterSettings s) {
        String config = s.calicoIsTheCni() ? MULTINODE_CONFIG : MULTINODE_KINDNET_CONFIG;
        return "Create the kind cluster from " + config + " (a control-plane and two workers): kind create cluster --name "
                + s.kindClusterName() + " --config " + config + "; or leave -D" + ClusterSettings.NODES_PROPERTY
                + " at 1 (pinger and app on one node, same-node traffic only)";
    }

    static final String MULTINODE_CONFIG = "kind-config/podwire-cluster-multinode.yaml";
    static final String MULTINODE_KINDNET_CONFIG = "kind-config/podwire-cluster-kindnet-multinode.yaml";

    @Override
    public String description() {
        return "kind cluster " + name + " (nodes " + nodes + ")";
    }

    @Override
    public KubernetesClient client() {
        return client;
    }

    @Override
    public NodeAccess node(String nodeName) {
        if (!nodes.contains(nodeName)) {
            throw new InfrastructureException("kind cluster " + name + " has no node " + nodeName + " (nodes " + nodes + ")");
        }
        // kind names each node object after its container (pkg/cluster/internal/providers/common/namer.go)
        return new ContainerNodeAccess(docker, nodeName, nodeName, Timeouts.EXEC);
    }

    @Override
    public Map<String, String> nodeLogs() {
        Map<String, String> logs = new LinkedHashMap<>();
        for (String n : nodes) {
            try {
                ExecResult r = node(n).exec("journalctl", "--no-pager", "-n", "300", "-u", "kubelet", "-u", "containerd");
                logs.put("kind node " + n + " journal", r.stdout() + r.stderr());
            } catch (RuntimeException e) {
                logs.put("kind node " + n + " journal", "(not collected: " + e.getMessage() + ")");
            }
        }
        return logs;
    }

    /** The cluster belongs to CI: only our client is closed, never the cluster. */
    @Override
    public void close() {
        client.close();
    }
}
