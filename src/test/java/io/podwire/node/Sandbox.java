package io.podwire.node;

/** A pod sandbox as containerd reports it (`crictl inspectp -o json`): pause pid and the pinned netns path. */
public record Sandbox(String id, String namespace, String podName, int pid, String netnsPath, String json) {
    public String podKey() {
        return namespace + "/" + podName;
    }

    public String netnsName() {
        return netnsPath == null ? null : netnsPath.substring(netnsPath.lastIndexOf('/') + 1);
    }
}
