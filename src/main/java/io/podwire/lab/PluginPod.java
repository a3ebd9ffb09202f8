package io.podwire.lab;

import io.podwire.node.ExpectedPod;

import java.util.Map;

/**
 * A pod wired by a reference CNI plugin: the identities the runtime gave it, and what the plugin answered.
 *
 * @param pod          the pod, its IP the one the plugin's host-local IPAM assigned
 * @param pluginResult the plugin's own stdout of ADD (its CNI result, as it printed it)
 * @param hostVeth     the host end the plugin named (its result's interface without a sandbox that is not the bridge)
 * @param loopbackResult the loopback plugin's result for lo
 */
public record PluginPod(LabPod pod, String sandboxId, String netns, Map<String, String> containerIds,
                        ReferencePlugin plugin, String pluginResult, String hostVeth,
                        String loopbackResult) {

    public String netnsPath() {
        return "/var/run/netns/" + netns;
    }

    /** The libcni cache file of the pod's network attachment (libcni api.go getCacheFilePath). */
    public String cacheFile() {
        return PluginWiring.CACHE_DIR + "/" + plugin.network() + "-" + sandboxId + "-eth0";
    }

    public ExpectedPod expected(String node) {
        return pod.expected(node);
    }
}
