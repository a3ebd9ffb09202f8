package io.podwire.node;

import java.util.List;

/**
 * A pod as the API (or the lab) says it should be: where it runs, its IPv4 address, its IPv6 address on a
 * dual-stack cluster (null otherwise), and its containers.
 */
public record ExpectedPod(String namespace, String name, String node, String ip, List<String> containers,
                         boolean hostNetwork, String ipv6) {

    /** A single-stack (IPv4) pod. */
    public ExpectedPod(String namespace, String name, String node, String ip, List<String> containers,
                       boolean hostNetwork) {
        this(namespace, name, node, ip, containers, hostNetwork, null);
    }

    public boolean isDualStack() {
        return ipv6 != null;
    }
    public String key() {
        return namespace + "/" + name;
    }
}
