package io.podwire.cluster;

import java.util.List;

/**
 * The k3s server command for a Calico node. `withCommand` REPLACES K3sContainer's own
 * `server --disable=traefik --tls-san=<host>`, so those are restated; flannel and k3s's network-policy
 * controller are off (k3s docs, "Custom CNI"), and the cluster CIDR is the one Calico's pool gets.
 */
public final class K3sCommandLine {
    private K3sCommandLine() {
    }

    public static List<String> server(String tlsSan, String clusterCidr) {
        return List.of("server", "--disable=traefik", "--tls-san=" + tlsSan, "--flannel-backend=none",
                "--disable-network-policy", "--cluster-cidr=" + clusterCidr);
    }

    /** The log line k3s prints once the apiserver is ready and its startup hooks ran (pkg/cli/server/server.go). */
    public static final String READY_LOG_LINE = "k3s is up and running";
}
