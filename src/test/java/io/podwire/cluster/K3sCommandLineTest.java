package io.podwire.cluster;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class K3sCommandLineTest {

    @Test
    void serverCommandRestatesK3sContainerDefaultsBecauseWithCommandReplacesThem() {
        List<String> cmd = K3sCommandLine.server("localhost", "10.42.0.0/16");

        assertEquals(List.of("server", "--disable=traefik", "--tls-san=localhost"), cmd.subList(0, 3),
                "K3sContainer's own command, which withCommand replaces");
    }

    @Test
    void serverCommandTurnsFlannelAndK3sNetworkPolicyOffAndSetsTheClusterCidr() {
        List<String> cmd = K3sCommandLine.server("10.0.0.5", "10.42.0.0/16");

        assertEquals(List.of("--flannel-backend=none", "--disable-network-policy", "--cluster-cidr=10.42.0.0/16"),
                cmd.subList(3, cmd.size()), "flags for a custom CNI (k3s docs, Custom CNI)");
    }

    @Test
    void aDualStackServerNamesBothFamiliesInClusterAndServiceCidr() {
        List<String> cmd = K3sCommandLine.server("10.0.0.5", "10.42.0.0/16", java.util.Optional.of("fd00:10:42::/56"));

        assertEquals(List.of("--flannel-backend=none", "--disable-network-policy",
                        "--cluster-cidr=10.42.0.0/16,fd00:10:42::/56", "--service-cidr=10.43.0.0/16,fd00:10:43::/112"),
                cmd.subList(3, cmd.size()), "k3s dual-stack: IPv4 first in both ranges");
    }

    @Test
    void withTheDistributionsCniFlannelAndThePolicyControllerStayOn() {
        List<String> cmd = K3sCommandLine.server("10.0.0.5", "10.42.0.0/16", java.util.Optional.empty(), true);

        assertEquals(List.of("server", "--disable=traefik", "--tls-san=10.0.0.5", "--cluster-cidr=10.42.0.0/16"), cmd,
                "k3s as it ships: flannel wires the pods (its config delegates to the bridge plugin)");
    }

    @Test
    void aServerWithAgentsAlsoAnswersToItsNameOnTheClustersNetwork() {
        List<String> cmd = K3sCommandLine.serverWithAgents("localhost", "10.42.0.0/16", java.util.Optional.empty(), false);

        assertEquals(List.of("server", "--disable=traefik", "--tls-san=localhost", "--tls-san=podwire-k3s-server",
                "--flannel-backend=none", "--disable-network-policy", "--cluster-cidr=10.42.0.0/16"), cmd);
        assertEquals(K3sCommandLine.server("localhost", "10.42.0.0/16"),
                cmd.stream().filter(f -> !f.equals("--tls-san=podwire-k3s-server")).toList(),
                "otherwise the single-node server's flags, unchanged");
    }

    @Test
    void anAgentJoinsTheServerByUrlAndTokenFromItsEnvironment() {
        assertEquals(List.of("agent", "--node-name=podwire-k3s-agent-1"),
                K3sCommandLine.agent(K3sCommandLine.agentName(1)), "k3s agent, named by podwire");
        String token = K3sCommandLine.newToken(new java.security.SecureRandom());
        java.util.Map<String, String> env = K3sCommandLine.joinEnv(token);

        assertEquals(java.util.Map.of("K3S_URL", "https://podwire-k3s-server:6443", "K3S_TOKEN", token), env,
                "k3s agent's --server [$K3S_URL] and --token [$K3S_TOKEN]");
        assertEquals(java.util.Map.of("K3S_TOKEN", token), K3sCommandLine.serverEnv(token), "the server's own --token");
        assertEquals(true, token.matches("[0-9a-f]{64}"), token);
        assertEquals(false, token.equals(K3sCommandLine.newToken(new java.security.SecureRandom())), "one per cluster");
        assertEquals(false, String.join(" ", K3sCommandLine.agent("n")).contains(token), "never on a command line");
    }

    @Test
    void readinessLogLineIsK3sOwnNotFlannels() {
        assertEquals(true, "time=\"…\" level=info msg=\"k3s is up and running\"".contains(K3sCommandLine.READY_LOG_LINE),
                "the wait matches k3s's startup line (pkg/cli/server/server.go)");
        assertEquals(false, "Node controller sync successful".contains(K3sCommandLine.READY_LOG_LINE),
                "flannel's line, never logged with --flannel-backend=none, is not what we wait for");
    }
}
