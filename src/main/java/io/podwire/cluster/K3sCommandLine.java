package io.podwire.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The k3s server command for a Calico node. `withCommand` REPLACES K3sContainer's own
 * `server --disable=traefik --tls-san=<host>`, so those are restated; flannel and k3s's network-policy
 * controller are off (k3s docs, "Custom CNI"), and the cluster CIDR is the one Calico's pool gets.
 */
public final class K3sCommandLine {
    private K3sCommandLine() {
    }

    public static List<String> server(String tlsSan, String clusterCidr) {
        return server(tlsSan, clusterCidr, Optional.empty());
    }

    /**
     * Dual-stack when {@code clusterCidr6} is given: k3s takes both families in --cluster-cidr and --service-cidr,
     * IPv4 first (k3s docs, "Dual-stack (IPv4 + IPv6) Networking"; set when the cluster is created, never after).
     */
    public static List<String> server(String tlsSan, String clusterCidr, Optional<String> clusterCidr6) {
        return server(tlsSan, clusterCidr, clusterCidr6, false);
    }

    /**
     * With {@code k3sDefaultCni}, flannel and k3s's policy controller stay on (k3s as it ships: flannel's CNI config
     * delegates to the bridge plugin); otherwise both are off for Calico.
     */
    public static List<String> server(String tlsSan, String clusterCidr, Optional<String> clusterCidr6,
                                      boolean k3sDefaultCni) {
        List<String> cmd = new ArrayList<>(List.of("server", "--disable=traefik", "--tls-san=" + tlsSan));
        if (!k3sDefaultCni) {
            cmd.addAll(List.of("--flannel-backend=none", "--disable-network-policy"));
        }
        cmd.add("--cluster-cidr=" + clusterCidr + clusterCidr6.map(c -> "," + c).orElse(""));
        clusterCidr6.ifPresent(c -> cmd.add("--service-cidr=" + SERVICE_CIDR + "," + SERVICE_CIDR6));
        return List.copyOf(cmd);
    }

    /** k3s's default service range, restated because a dual-stack --service-cidr must name both families. */
    static final String SERVICE_CIDR = "10.43.0.0/16";
    static final String SERVICE_CIDR6 = "fd00:10:43::/112";

    /** The log line k3s prints once the apiserver is ready and its startup hooks ran (pkg/cli/server/server.go). */
    public static final String READY_LOG_LINE = "k3s is up and running";
}
