package io.podwire.node;

import java.util.Map;

/**
 * A pod sandbox as containerd reports it (`crictl inspectp -o json`): pause pid, the pinned netns path, and what
 * all-pods mode needs to audit pods nobody listed: the pod IP (`status.network.ip`), the pod's labels
 * (`status.labels`) and whether it runs in the node's network (`status.linux.namespaces.options.network` NODE).
 */
public record Sandbox(String id, String namespace, String podName, int pid, String netnsPath, String ip,
                      Map<String, String> labels, boolean hostNetwork, String ipv6, String json) {
    public String podKey() {
        return namespace + "/" + podName;
    }

    public String netnsName() {
        return netnsPath == null ? null : netnsPath.substring(netnsPath.lastIndexOf('/') + 1);
    }
}
