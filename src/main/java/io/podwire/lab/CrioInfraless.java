package io.podwire.lab;

/**
 * A lab pod turned into what CRI-O makes of a pod without a shared pid namespace when it drops the infra container
 * (drop_infra_ctr, CRI-O's default: cri-o internal/lib/sandbox/sandbox_linux.go NeedsInfra): no pause process holds
 * the pod's namespaces; pinns pins them as files, net under /var/run/netns (already so), ipc under /var/run/ipcns, uts
 * under /var/run/utsns, each named by the sandbox's UUID (cri-o pkg/config/config.go NamespacesDir), and the
 * sandbox's spec records the three paths while crictl inspectp's info has no pid (server/sandbox_status.go
 * createSandboxInfo, spoofed infra). The pins here are bind mounts of the namespaces pause held, then pause is
 * killed: the containers stay in them, as under CRI-O.
 */
public final class CrioInfraless {
    private CrioInfraless() {
    }

    /** The pin files of the pod's ipc and uts namespaces, as pinns names them. */
    public static String ipcPin(WiredPod p) {
        return "/var/run/ipcns/" + p.netns();
    }

    public static String utsPin(WiredPod p) {
        return "/var/run/utsns/" + p.netns();
    }

    /**
     * The shell that drops the pod's infra process; with {@code foreignUts} the uts namespace pinned for it is a new
     * one, not its containers' (a runtime that pinned the wrong namespace: C1's fault).
     */
    public static String script(WiredPod p, boolean foreignUts) {
        String record = LabWiring.STATE + "/sandboxes/" + p.sandboxId() + ".json";
        String pause = "$(cat " + WiredPod.pidFile(p.sandboxId()) + ")";
        return "mkdir -p /var/run/ipcns /var/run/utsns\n"
                + "touch " + ipcPin(p) + " " + utsPin(p) + "\n"
                + "mount --bind /proc/" + pause + "/ns/ipc " + ipcPin(p) + "\n"
                + (foreignUts ? "unshare --uts=" + utsPin(p) + " true\n"
                : "mount --bind /proc/" + pause + "/ns/uts " + utsPin(p) + "\n")
                // the lab's pid 1 reaps nothing: pause stays a zombie, holding no namespace (exit_task_namespaces)
                + "kill " + pause + "\n"
                // the record: no pid in info, the spec's ipc and uts namespaces with their pinned paths
                + "sed -i -E -e 's/^( *)\"pid\": [0-9]+,$/\\1\"pid\": null,/'"
                + " -e 's#\\{\"type\": \"ipc\"\\}#{\"type\": \"ipc\", \"path\": \"" + ipcPin(p) + "\"}#'"
                + " -e 's#\\{\"type\": \"uts\"\\}#{\"type\": \"uts\", \"path\": \"" + utsPin(p) + "\"}#' " + record + "\n"
                + "grep -q '\"pid\": null' " + record + " && grep -q '" + utsPin(p) + "' " + record + "\n";
    }
}
