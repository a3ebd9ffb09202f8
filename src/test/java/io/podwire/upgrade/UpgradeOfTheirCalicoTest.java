package io.podwire.upgrade;

import io.podwire.run.RunEvents;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.podwire.InfrastructureException;
import io.podwire.cluster.ClusterSettings;
import io.podwire.cluster.Diagnostics;
import io.podwire.node.NodeAccess;
import io.podwire.node.ExecResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** On a cluster whose Calico podwire did not install, the upgrade applies the team's manifest as given, or nothing. */
@EnableKubernetesMockClient
class UpgradeOfTheirCalicoTest {
    /** A team's own calico.yaml excerpt: their pool CIDR and IPIP, which podwire's patch would have overwritten. */
    private static final String THEIR_MANIFEST = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: calico-config
              namespace: kube-system
            data:
              veth_mtu: "1440"
            ---
            apiVersion: apps/v1
            kind: DaemonSet
            metadata:
              name: calico-node
              namespace: kube-system
            spec:
              selector:
                matchLabels: {k8s-app: calico-node}
              template:
                metadata:
                  labels: {k8s-app: calico-node}
                spec:
                  containers:
                    - name: calico-node
                      image: quay.io/calico/node:v3.32.1
                      env:
                        - {name: CALICO_IPV4POOL_CIDR, value: 192.168.0.0/16}
                        - {name: CALICO_IPV4POOL_IPIP, value: Always}
            """;
    private static final NodeAccess NO_NODE_READ = new NodeAccess() {
        @Override
        public String nodeName() {
            return "worker-1";
        }

        @Override
        public ExecResult exec(String... command) {
            return fail("the upgrade of their Calico read the node to patch a manifest: " + String.join(" ", command));
        }
    };

    KubernetesMockServer server;
    KubernetesClient client;

    @Test
    void theKubeconfigUpgradeAppliesTheGivenManifestUnchangedAndNothingElse(@TempDir Path dir) throws Exception {
        Path theirs = Files.writeString(dir.resolve("calico-3.32.1.yaml"), THEIR_MANIFEST);
        String cm = "/api/v1/namespaces/kube-system/configmaps/calico-config?fieldManager=podwire&force=true";
        String ds = "/apis/apps/v1/namespaces/kube-system/daemonsets/calico-node?fieldManager=podwire&force=true";
        server.expect().patch().withPath(cm).andReturn(200, "{}").once();
        server.expect().patch().withPath(ds).andReturn(200, "{}").once();

        UpgradeScenario.applyCalicoTo(settings(Optional.of(theirs)), kubeconfig(dir), client, NO_NODE_READ,
                new Diagnostics(dir, RunEvents.NONE));

        List<RecordedRequest> requests = new ArrayList<>();
        for (int i = 0; i < server.getRequestCount(); i++) {
            requests.add(server.takeRequest(5, TimeUnit.SECONDS));
        }
        assertEquals(List.of("PATCH " + cm, "PATCH " + ds), requests.stream().map(r -> r.getMethod() + " "
                + r.getPath()).toList(), "every request of the upgrade");
        KubernetesSerialization json = new KubernetesSerialization();
        ConfigMap sentCm = json.unmarshal(requests.get(0).getUtf8Body(), ConfigMap.class);
        DaemonSet sentDs = json.unmarshal(requests.get(1).getUtf8Body(), DaemonSet.class);
        assertEquals(Map.of("veth_mtu", "1440"), sentCm.getData(), "calico-config as given");
        assertEquals(Map.of("CALICO_IPV4POOL_CIDR", "192.168.0.0/16", "CALICO_IPV4POOL_IPIP", "Always"),
                envOf(sentDs), "calico-node env as given, unpatched");
    }

    @Test
    void aKubeconfigUpgradeWithoutTheTeamsManifestIsRefusedBeforeAnythingRuns(@TempDir Path dir) {
        InfrastructureException e = assertThrows(InfrastructureException.class,
                () -> new UpgradeScenario(settings(Optional.empty()), kubeconfig(dir), RunEvents.NONE));

        assertTrue(e.getMessage().startsWith("podwire did not install Calico on this kubeconfig cluster, so it will not"
                + " upgrade it with a downloaded and patched calico.yaml"), e.getMessage());
        assertEquals(0, server.getRequestCount(), "no request reached the cluster");
    }

    @Test
    void theTeamsManifestIsRefusedWherePodwireInstallsCalicoItself(@TempDir Path dir) throws Exception {
        Path theirs = Files.writeString(dir.resolve("calico.yaml"), THEIR_MANIFEST);
        ClusterSettings k3s = ClusterSettings.from(Map.of("podwire.cluster", "k3s")::get, k -> null, dir);

        InfrastructureException e = assertThrows(InfrastructureException.class,
                () -> new UpgradeScenario(settings(Optional.of(theirs)), k3s, RunEvents.NONE));

        assertTrue(e.getMessage().startsWith("-Dcalico.to.manifest is for a cluster whose Calico podwire did not"
                + " install"), e.getMessage());
    }

    private static Map<String, String> envOf(DaemonSet ds) {
        Map<String, String> env = new java.util.TreeMap<>();
        ds.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().forEach(v -> env.put(v.getName(),
                v.getValue()));
        return env;
    }

    private static UpgradeSettings settings(Optional<Path> toManifest) {
        return new UpgradeSettings("3.31.7", "3.32.1", toManifest, Optional.empty(), java.time.Duration.ofMillis(100),
                java.time.Duration.ofMinutes(1), java.time.Duration.ofSeconds(1));
    }

    private static ClusterSettings kubeconfig(Path dir) {
        return ClusterSettings.from(Map.of("podwire.cluster", "kubeconfig", "podwire.kubeconfig", "kubeconfig")::get,
                k -> null, dir);
    }
}
