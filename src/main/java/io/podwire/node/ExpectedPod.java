package io.podwire.node;

import java.util.List;

/**
 * A pod as the API (or the lab) says it should be: where it runs, its IPv4 address, its IPv6 address on a
 * dual-stack cluster (null otherwise), its containers, and the extra interfaces it declares besides eth0 (Multus
 * `k8s.v1.cni.cncf.io/networks`: expected in its netns, named in the evidence; none for most pods).
 */
public record ExpectedPod(String namespace, String name, String node, String ip, List<String> containers,
                         boolean hostNetwork, String ipv6, List<String> declaredInterfaces) {

    public ExpectedPod {
        declaredInterfaces = List.copyOf(declaredInterfaces);
    }

    /** A pod with no extra interface declared. */
    public ExpectedPod(String namespace, String name, String node, String ip, List<String> containers,
                       boolean hostNetwork, String ipv6) {
        this(namespace, name, node, ip, containers, hostNetwork, ipv6, List.of());
    }

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
