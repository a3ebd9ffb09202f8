package io.podwire.cluster;

import io.podwire.docker.OwnedContainers;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;

import java.security.SecureRandom;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The k3s agent's container as configured (never started here: no registry), read back from Testcontainers. */
@DisplayName("k3s agent container: privileged like the server, on the cluster's network, joined by URL and token")
class K3sAgentContainerTest {

    @Test
    @DisplayName("privileged, tmpfs /run and /var/run, k3s agent named by podwire, K3S_URL and K3S_TOKEN in its env, owned")
    void theAgentIsConfiguredAsK3sDocumentsAndAsTheServerRuns() {
        String token = K3sCommandLine.newToken(new SecureRandom());
        try (Network network = Network.newNetwork()) {
            GenericContainer<?> agent = K3sCluster.agent(ClusterSettings.K3S_IMAGE, K3sCommandLine.agentName(1), network,
                    token);

            assertTrue(agent.isPrivilegedMode(), "k3s runs containerd and pods: privileged, as K3sContainer's server");
            assertEquals(Map.of("/run", "", "/var/run", ""), agent.getTmpFsMapping(), "as K3sContainer and k3s's compose file");
            assertEquals(List.of("agent", "--node-name=podwire-k3s-agent-1"), List.of(agent.getCommandParts()));
            assertEquals("https://podwire-k3s-server:6443", agent.getEnvMap().get("K3S_URL"));
            assertEquals(token, agent.getEnvMap().get("K3S_TOKEN"));
            assertSame(network, agent.getNetwork(), "the server's network, where its alias resolves");
            assertTrue(agent.getLabels().entrySet().containsAll(OwnedContainers.labels().entrySet()),
                    "labelled as podwire's, so a crashed run's agent is swept like its server");
        }
    }
}
