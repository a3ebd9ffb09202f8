package io.podwire.node;

import java.util.List;

/**
 * A pod as the API (or the lab) says it should be: where it runs, its IPv4 address, its IPv6 address on a
 * dual-stack cluster (null otherwise), its containers, the extra interfaces it declares besides eth0 (Multus
 * `k8s.v1.cni.cncf.io/networks`: expected in its netns, named in the evidence; none for most pods), and the uid the
 * API gave it when it was listed (null where no API lists it: the lab, recorded snapshots), so that a pod recreated
 * under the same name later is told apart from the one listed.
 */
public record ExpectedPod(String namespace, String name, String node, String ip, List<String> containers,
                         boolean hostNetwork, String ipv6, List<String> declaredInterfaces, String uid) {

    public ExpectedPod {
        declaredInterfaces = List.copyOf(declaredInterfaces);
    }

    /** A pod no API listed (no uid). */
    public ExpectedPod(String namespace, String name, String node, String ip, List<String> containers,
                       boolean hostNetwork, String ipv6, List<String> declaredInterfaces) {
        this(namespace, name, node, ip, containers, hostNetwork, ipv6, declaredInterfaces, null);
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
