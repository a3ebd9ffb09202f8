package io.podwire.agent;

import java.util.List;

/**
 * The node's paths the snapshot script reads from the file system, which the agent's pod mounts read-only from the
 * node (hostPID gives /proc, hostNetwork the links, routes and sysctls). The pinned netns need HostToContainer
 * propagation: the runtime pins each new pod's netns there after the agent's pod started. Sonobuoy's plugin and the
 * plain DaemonSet (deploy/) mount exactly these; DeployManifestsTest holds them to this list and to snapshot.sh.
 */
public final class NodePaths {

    /** One node path: where the snapshot reads it, whether every Calico node has it (else only some distributions). */
    public record NodePath(String path, boolean everyCalicoNode, boolean newMountsMustPropagate) {
    }

    public static final List<NodePath> ALL = List.of(
            new NodePath("/var/run/netns", true, true),
            new NodePath("/var/run/calico", true, false),
            new NodePath("/etc/cni/net.d", true, false),
            new NodePath("/var/lib/calico", true, false),
            // libcni's cache of each ADD's result (C13): created by the first pod's ADD, so present on a node with pods
            new NodePath("/var/lib/cni/results", true, false),
            // k3s keeps its CNI config here: mounted where the cluster is k3s (docs/agent.md)
            new NodePath("/var/lib/rancher/k3s/agent/etc/cni/net.d", false, false),
            // flanneld's subnet.env, from which flannel builds its bridge config: mounted on flannel nodes
            new NodePath("/run/flannel", false, false));

    private NodePaths() {
    }
}
