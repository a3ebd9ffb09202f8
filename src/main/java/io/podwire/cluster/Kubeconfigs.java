package io.podwire.cluster;

import io.podwire.Timeouts;
import io.podwire.Scrubber;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.podwire.InfrastructureException;

import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A client for an existing cluster from a kubeconfig file; errors name the file and context, never its content. */
public final class Kubeconfigs {
    private Kubeconfigs() {
    }

    public static KubernetesClient connect(Optional<Path> kubeconfig, Optional<String> context, String forWhat) {
        Path file = kubeconfig.orElseThrow(() -> new InfrastructureException(forWhat
                + " needs a kubeconfig: pass -Dpodwire.kubeconfig=<file> or set KUBECONFIG"));
        if (Files.isDirectory(file)) {
            throw new InfrastructureException(forWhat + ": kubeconfig " + file + " is a directory, not a kubeconfig file");
        }
        if (!Files.isReadable(file)) {
            throw new InfrastructureException(forWhat + ": kubeconfig " + file + " is not a readable file");
        }
        List<String> contexts = contexts(file, forWhat);
        // fabric8 falls back to the current context for a name it does not know: that could be any cluster
        context.filter(c -> !contexts.contains(c)).ifPresent(c -> {
            throw new InfrastructureException(forWhat + ": -Dpodwire.kube.context=" + c + " is not a context of kubeconfig "
                    + file + "; its contexts: " + (contexts.isEmpty() ? "none" : String.join(", ", contexts)));
        });
        Config config;
        try {
            config = Config.fromKubeconfig(context.orElse(null), file.toFile());
        } catch (RuntimeException e) {
            throw new InfrastructureException(forWhat + ": kubeconfig " + file + context.map(c -> " (context " + c + ")")
                    .orElse("") + " cannot be read: " + reason(e), e);
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

    /** The names of the kubeconfig's contexts; an empty or unparsable file is refused with the parser's reason. */
    static List<String> contexts(Path file, String forWhat) {
        try {
            if (Files.size(file) == 0) {
                throw new InfrastructureException(forWhat + ": kubeconfig " + file + " is empty");
            }
            io.fabric8.kubernetes.api.model.Config parsed = KubeConfigUtils.parseConfig(file.toFile());
            if (parsed == null) {
                throw new InfrastructureException(forWhat + ": kubeconfig " + file + " holds no kubeconfig document");
            }
            return parsed.getContexts() == null ? List.of()
                    : parsed.getContexts().stream().map(NamedContext::getName).toList();
        } catch (IOException e) {
            throw new InfrastructureException(forWhat + ": kubeconfig " + file + " cannot be read: " + reason(e), e);
        } catch (InfrastructureException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InfrastructureException(forWhat + ": kubeconfig " + file + " is not a valid kubeconfig: "
                    + reason(e), e);
        }
    }

    /** The innermost cause's message (scrubbed: a parser may quote the line), with its type when it has none. */
    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName()
                : Scrubber.scrub(message.lines().limit(3).reduce((a, b) -> a + " " + b.strip()).orElse(message));
    }
}
