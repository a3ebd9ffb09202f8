package io.podwire.cluster;

import io.podwire.Timeouts;
import io.podwire.docker.ImagePreflight;
import io.podwire.docker.OwnedContainers;
import io.podwire.Log;
import io.podwire.Scrubber;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.podwire.InfrastructureException;
import io.podwire.node.ContainerNodeAccess;
import io.podwire.node.ExecResult;
import io.podwire.node.NodeAccess;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.containers.Network;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The default provider: one k3s node in a Testcontainers container, Calico installed from its release manifest; with
 * -Dpodwire.cluster.nodes=N, N-1 k3s agents joined to it on the cluster's own Docker network.
 */
public final class K3sCluster implements KubernetesCluster {
    private final K3sContainer k3s;
    /** The cluster's own Docker network (dual-stack or multi-node); null on Docker's default bridge. */
    private final Network network;
    private final KubernetesClient client;
    private final String nodeName;
    private final String image;
    /** Agent node name -> its container, in join order; empty for a single-node cluster. */
    private final Map<String, GenericContainer<?>> agents;

    private K3sCluster(K3sContainer k3s, Network network, KubernetesClient client, String nodeName, String image,
                       Map<String, GenericContainer<?>> agents) {
        this.k3s = k3s;
        this.network = network;
        this.client = client;
        this.nodeName = nodeName;
        this.image = image;
        this.agents = agents;
    }

    public static K3sCluster start(ClusterSettings s, Diagnostics diagnostics) {
        com.github.dockerjava.api.DockerClient docker = ImagePreflight.docker();
        // k3s first: where no registry is reachable, the error names the image the user asked for, not Ryuk; the name
        // is the one Testcontainers will ask Docker for, after its image-name substitution (a hub mirror prefix)
        ImagePreflight.ensureLocal(docker, K3sImages.pulled(s.k3sImage()));
        ImagePreflight.ensureRyuk(docker);
        OwnedContainers.sweepOnce(docker);
        // fetched before k3s starts: a wrong calico.version fails in seconds, not after the cluster came up
        String calicoYaml = s.installCalico() ? CalicoManifest.load(s) : null;
        K3sContainer k3s = new K3sContainer(K3sImages.forContainer(s.k3sImage()));
        Network network = null;
        if (s.podCidr6().isPresent()) {
            network = K3sImages.dualStackNetwork();
            k3s.withNetwork(network);
        } else if (s.multiNode()) {
            // the agents reach the server by its alias: Docker's default bridge resolves no container names
            network = Network.newNetwork();
            k3s.withNetwork(network);
        }
        String token = s.multiNode() ? K3sCommandLine.newToken(new SecureRandom()) : null;
        List<String> command = s.multiNode()
                ? K3sCommandLine.serverWithAgents(k3s.getHost(), s.podCidr(), s.podCidr6(), !s.calicoIsTheCni())
                : K3sCommandLine.server(k3s.getHost(), s.podCidr(), s.podCidr6(), !s.calicoIsTheCni());
        if (s.multiNode()) {
            k3s.withNetworkAliases(K3sCommandLine.SERVER_ALIAS).withEnv(K3sCommandLine.serverEnv(token));
        }
        k3s.withLabels(OwnedContainers.labels())
                .withCommand(command.toArray(String[]::new))
                // K3sContainer's own wait is for flannel's "Node controller sync successful", never logged without flannel
                .waitingFor(new K3sReadyWait(s.k3sImage()))
                // the bound is K3sReadyWait's own (Timeouts.K3S_STARTUP); this only keeps Testcontainers from a shorter one
                .withStartupTimeout(Timeouts.K3S_STARTUP.plus(Timeouts.POLL_INTERVAL));
        if (Files.isDirectory(Path.of("/lib/modules"))) {
            // calico-node loads ipset/iptables modules; a node container has an empty /lib/modules of its own
            k3s.withFileSystemBind("/lib/modules", "/lib/modules", BindMode.READ_ONLY);
        }
        Log.info("starting " + s.k3sImage() + (s.multiNode() ? " (server, then " + (s.nodes() - 1) + " agent(s))" : ""));
        Map<String, GenericContainer<?>> agents = new LinkedHashMap<>();
        try {
            k3s.start();
            for (int i = 1; i < s.nodes(); i++) {
                String name = K3sCommandLine.agentName(i);
                GenericContainer<?> agent = agent(s.k3sImage(), name, network, token);
                agents.put(name, agent);
                agent.start();
            }
        } catch (RuntimeException e) {
            diagnostics.text("k3s container log", safeLogs(k3s));
            agents.forEach((name, a) -> diagnostics.text("k3s agent " + name + " log", safeLogs(a)));
            stopAll(k3s, agents);
            closeQuietly(network);
            throw new InfrastructureException("k3s container " + s.k3sImage() + " did not start: " + rootMessage(e), e);
        }
        KubernetesClient client = null;
        try {
            client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(k3s.getKubeConfigYaml())).build();
            String node = s.multiNode() ? Nodes.awaitServerAndAgents(client, agents.keySet())
                    : Nodes.awaitSingleNode(client);
            K3sCluster cluster = new K3sCluster(k3s, network, client, node, s.k3sImage(), Map.copyOf(agents));
            for (String n : cluster.nodeNames()) {
                // Calico's init container mounts with Bidirectional propagation, which containerd allows only on a shared mount
                ExecResult shared = cluster.node(n).exec("mount", "--make-rshared", "/");
                if (!shared.succeeded()) {
                    throw new InfrastructureException("`mount --make-rshared /` failed in the k3s container of node " + n
                            + " (exit " + shared.exitCode() + "): " + shared.stderr().strip());
                }
            }
            if (calicoYaml != null) {
                CniDirs dirs = readCniDirs(cluster.node(node));
                CalicoInstaller.install(client, CalicoManifest.patch(calicoYaml, s.podCidr(), s.podCidr6(), dirs), diagnostics);
            }
            return cluster;
        } catch (RuntimeException e) {
            diagnostics.text("k3s container log", safeLogs(k3s));
            agents.forEach((name, a) -> diagnostics.text("k3s agent " + name + " log", safeLogs(a)));
            if (client != null) {
                diagnostics.cluster(client);
                client.close();
            }
            stopAll(k3s, agents);
            closeQuietly(network);
            throw e;
        }
    }

    /**
     * A k3s agent as K3sContainer runs its server (privileged, tmpfs /run and /var/run: testcontainers-java
     * modules/k3s K3sContainer; k3s's docker-compose.yml runs its agent the same way), on the server's network, joined
     * by K3sCommandLine.joinEnv. Started without a wait of its own: it is ready when its node registers.
     */
    static GenericContainer<?> agent(String image, String nodeName, Network network, String token) {
        GenericContainer<?> agent = new GenericContainer<>(K3sImages.forContainer(image));
        agent.setPrivilegedMode(true);
        agent.withTmpFs(Map.of("/run", "", "/var/run", "")).withNetwork(network)
                .withEnv(K3sCommandLine.joinEnv(token)).withLabels(OwnedContainers.labels())
                .withCommand(K3sCommandLine.agent(nodeName).toArray(String[]::new));
        if (Files.isDirectory(Path.of("/lib/modules"))) {
            agent.withFileSystemBind("/lib/modules", "/lib/modules", BindMode.READ_ONLY);
        }
        return agent;
    }

    private static void stopAll(K3sContainer k3s, Map<String, GenericContainer<?>> agents) {
        agents.values().forEach(GenericContainer::stop);
        k3s.stop();
    }

    /** The server's node, then the agents' in join order. */
    List<String> nodeNames() {
        List<String> names = new ArrayList<>();
        names.add(nodeName);
        names.addAll(agents.keySet());
        return names;
    }

    /** k3s renders containerd's config.toml at start; with flannel off it should name no CNI dirs of its own. */
    private static CniDirs readCniDirs(NodeAccess node) {
        ExecResult r = node.exec("cat", CniDirs.K3S_CONTAINERD_CONFIG);
        if (!r.succeeded()) {
            throw new InfrastructureException("cannot read " + CniDirs.K3S_CONTAINERD_CONFIG + " in the k3s container: "
                    + r.stderr().strip());
        }
        CniDirs dirs = CniDirs.fromContainerdConfig(r.stdout());
        Log.info("containerd CNI dirs on " + node.nodeName() + ": bin " + dirs.binDir() + ", conf " + dirs.confDir()
                + (dirs.isDefault() ? " (calico.yaml's defaults)" : " (calico.yaml patched to match)"));
        return dirs;
    }

    private static String safeLogs(GenericContainer<?> k3s) {
        try {
            return Scrubber.scrub(k3s.getLogs());
        } catch (RuntimeException e) {
            return "(no k3s container log: " + e.getMessage() + ")";
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()));
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            sb.append(" <- ").append(t.getMessage());
        }
        return sb.toString();
    }

    @Override
    public String description() {
        return "k3s " + image + " in Testcontainers (node " + nodeName
                + (agents.isEmpty() ? "" : ", agents " + List.copyOf(agents.keySet())) + ")";
    }

    @Override
    public KubernetesClient client() {
        return client;
    }

    @Override
    public NodeAccess node(String name) {
        if (nodeName.equals(name)) {
            return new ContainerNodeAccess(k3s, nodeName, Timeouts.EXEC);
        }
        GenericContainer<?> agent = agents.get(name);
        if (agent == null) {
            throw new InfrastructureException("the k3s cluster has no node " + name + " (nodes " + nodeNames() + ")");
        }
        return new ContainerNodeAccess(agent, name, Timeouts.EXEC);
    }

    @Override
    public Map<String, String> nodeLogs() {
        Map<String, String> logs = new LinkedHashMap<>();
        logs.put("k3s container log", safeLogs(k3s));
        agents.forEach((name, a) -> logs.put("k3s agent " + name + " log", safeLogs(a)));
        return logs;
    }

    @Override
    public void close() {
        client.close();
        stopAll(k3s, agents);
        closeQuietly(network);
    }

    private static void closeQuietly(Network network) {
        if (network == null) {
            return;
        }
        try {
            network.close();
        } catch (RuntimeException e) {
            Log.info("docker network " + network.getId() + " was not removed: " + e.getMessage());
        }
    }
}
