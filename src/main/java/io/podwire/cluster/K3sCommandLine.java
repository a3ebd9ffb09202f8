package io.podwire.cluster;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /**
     * A multi-node server: the command above, plus the server's name on the cluster's Docker network as a SAN of its
     * certificate, since that is the name the agents reach it by ({@link #joinEnv}).
     */
    public static List<String> serverWithAgents(String tlsSan, String clusterCidr, Optional<String> clusterCidr6,
                                                boolean k3sDefaultCni) {
        List<String> cmd = new ArrayList<>(server(tlsSan, clusterCidr, clusterCidr6, k3sDefaultCni));
        cmd.add(3, "--tls-san=" + SERVER_ALIAS);
        return List.copyOf(cmd);
    }

    /**
     * A k3s agent (k3s pkg/cli/cmds/agent.go: `k3s agent`, `--node-name` [$K3S_NODE_NAME]). Named by podwire, so that
     * the node the API reports is known to be this container. Networking flags are the server's alone: the agent
     * takes the cluster's from the server (flannel off there means off here).
     */
    public static List<String> agent(String nodeName) {
        return List.of("agent", "--node-name=" + nodeName);
    }

    /**
     * How an agent joins the server, as k3s documents it: `--server` [$K3S_URL] = https://&lt;server&gt;:6443 and
     * `--token` [$K3S_TOKEN], the shared secret the server was started with (server's `--token` [$K3S_TOKEN],
     * pkg/cli/cmds/server.go; k3s's own docker-compose.yml joins its agent the same way, by the server's compose
     * name). Passed as environment, never on the command line, so `ps` and the container's command do not show it.
     */
    public static Map<String, String> joinEnv(String token) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("K3S_URL", "https://" + SERVER_ALIAS + ":" + API_PORT);
        env.put("K3S_TOKEN", token);
        return Map.copyOf(env);
    }

    /** The server's side of the secret: the same $K3S_TOKEN. */
    public static Map<String, String> serverEnv(String token) {
        return Map.of("K3S_TOKEN", token);
    }

    /** A fresh shared secret per cluster: 32 random bytes, hex (k3s takes any string as a bootstrap token). */
    public static String newToken(SecureRandom random) {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** Agent i (1-based) of a multi-node cluster; its node object carries this name. */
    public static String agentName(int i) {
        return "podwire-k3s-agent-" + i;
    }

    /** The server's network alias on the cluster's own Docker network. */
    public static final String SERVER_ALIAS = "podwire-k3s-server";
    /** The supervisor and apiserver port agents join at (k3s's --https-listen-port default). */
    static final int API_PORT = 6443;

    /** k3s's default service range, restated because a dual-stack --service-cidr must name both families. */
    static final String SERVICE_CIDR = "10.43.0.0/16";
    static final String SERVICE_CIDR6 = "fd00:10:43::/112";

    /** The log line k3s prints once the apiserver is ready and its startup hooks ran (pkg/cli/server/server.go). */
    public static final String READY_LOG_LINE = "k3s is up and running";
}
