package io.podwire.node;

import java.util.Map;

/**
 * A pod sandbox as the runtime reports it (the fields the snapshot selects with `crictl inspectp -o go-template`):
 * pause pid (0: the runtime runs the sandbox without an infra process, CRI-O's drop_infra_ctr), the namespace paths
 * its OCI spec records (the netns; CRI-O also pins ipc and uts), and what all-pods mode needs to audit pods nobody
 * listed: the pod IP (`status.network.ip`), the pod's labels (`status.labels`) and whether it runs in the node's
 * network (`status.linux.namespaces.options.network` NODE).
 */
public record Sandbox(String id, String namespace, String podName, int pid, String netnsPath, String ip,
                      Map<String, String> labels, boolean hostNetwork, String ipv6, String ipcPath, String utsPath) {
    /** Whether a pause (infra) process holds the pod's namespaces; without one the runtime pins them itself. */
    public boolean hasInfra() {
        return pid > 0;
    }

    public String podKey() {
        return namespace + "/" + podName;
    }

    public String netnsName() {
        return netnsPath == null ? null : netnsPath.substring(netnsPath.lastIndexOf('/') + 1);
    }

    /** The fields that identify the sandbox in evidence: never the runtime's whole record. */
    public String excerpt() {
        return "sandbox " + id + " pod " + podKey() + (hasInfra() ? " pause pid " + pid : " no infra process, ipc "
                + ipcPath + " uts " + utsPath) + " netns " + netnsPath;
    }
}
