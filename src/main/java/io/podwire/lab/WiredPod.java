package io.podwire.lab;

import io.podwire.profile.calico.CalicoNaming;

import java.util.Map;

/**
 * The identities the lab gave one pod: sandbox id, pinned netns, container ids (as containerd would), and the Calico
 * configuration it was wired under.
 */
public record WiredPod(LabPod pod, String sandboxId, String netns, Map<String, String> containerIds, LabCalico calico) {
    public String hostVeth() {
        return CalicoNaming.hostVethName(calico.namingPrefix(), pod.namespace(), pod.name());
    }

    public String netnsPath() {
        return "/var/run/netns/" + netns;
    }

    /** The file holding the pid of the pause process (or of a container, by its id). */
    public static String pidFile(String id) {
        return LabWiring.STATE + "/pids/" + id;
    }
}
