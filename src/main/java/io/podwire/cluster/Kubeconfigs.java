package io.podwire.cluster;

import io.podwire.report.Scrubber;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.podwire.InfrastructureException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** A client for an existing cluster from a kubeconfig file; errors name the file and context, never its content. */
public final class Kubeconfigs {
    private Kubeconfigs() {
    }

    public static KubernetesClient connect(Optional<Path> kubeconfig, Optional<String> context, String forWhat) {
        Path file = kubeconfig.orElseThrow(() -> new InfrastructureException(forWhat
                + " needs a kubeconfig: pass -Dpodwire.kubeconfig=<file> or set KUBECONFIG"));
        if (!Files.isReadable(file)) {
            throw new InfrastructureException(forWhat + ": kubeconfig " + file + " is not a readable file");
        }
        Config config;
        try {
            config = Config.fromKubeconfig(context.orElse(null), file.toFile());
        } catch (RuntimeException e) {
            throw new InfrastructureException(forWhat + ": kubeconfig " + file + context.map(c -> " (context " + c + ")")
                    .orElse("") + " cannot be read: " + e.getClass().getSimpleName(), e);
        }
        // fabric8 retries a refused connection 10 times with backoff by default: minutes before "does not answer"
        config.setRequestRetryBackoffLimit(2);
        config.setConnectionTimeout((int) Timeouts.NETWORK_PROBE.toMillis());
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
        try {
            client.nodes().list();
        } catch (RuntimeException e) {
            client.close();
            throw new InfrastructureException(forWhat + ": the API server " + config.getMasterUrl() + " (kubeconfig "
                    + file + context.map(c -> ", context " + c).orElse("") + ") does not answer: "
                    + Scrubber.scrub(K3sCluster.rootMessage(e)), e);
        }
        return client;
    }
}
