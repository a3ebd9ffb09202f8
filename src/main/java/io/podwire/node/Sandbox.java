package io.podwire.node;

import java.util.Map;

/**
 * A pod sandbox as containerd reports it (the fields the snapshot selects with `crictl inspectp -o go-template`):
 * pause pid, the pinned netns path, and what all-pods mode needs to audit pods nobody listed: the pod IP
 * (`status.network.ip`), the pod's labels (`status.labels`) and whether it runs in the node's network
 * (`status.linux.namespaces.options.network` NODE).
 */
public record Sandbox(String id, String namespace, String podName, int pid, String netnsPath, String ip,
                      Map<String, String> labels, boolean hostNetwork, String ipv6) {
    public String podKey() {
        return namespace + "/" + podName;
    }

    public String netnsName() {
        return netnsPath == null ? null : netnsPath.substring(netnsPath.lastIndexOf('/') + 1);
    }

    /** The fields that identify the sandbox in evidence: never the runtime's whole record. */
    public String excerpt() {
        return "sandbox " + id + " pod " + podKey() + " pause pid " + pid + " netns " + netnsPath;
    }
}
