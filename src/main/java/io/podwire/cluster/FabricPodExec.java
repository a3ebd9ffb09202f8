package io.podwire.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.podwire.InfrastructureException;
import io.podwire.claims.ExpectedPod;
import io.podwire.node.ExecResult;
import io.podwire.node.PodExec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** `kubectl exec` through the API (fabric8), bounded by Timeouts.EXEC. */
public final class FabricPodExec implements PodExec {
    private final KubernetesClient client;

    public FabricPodExec(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public ExecResult exec(ExpectedPod pod, String container, String... command) {
        return exec(client, pod.namespace(), pod.name(), container, command);
    }

    public static ExecResult exec(KubernetesClient client, String namespace, String pod, String container,
                                  String... command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String where = namespace + "/" + pod + "/" + container;
        String line = new ExecResult(List.of(command), 0, "", "").commandLine();
        try (ExecWatch watch = client.pods().inNamespace(namespace).withName(pod).inContainer(container)
                .writingOutput(out).writingError(err).exec(command)) {
            Integer code = watch.exitCode().get(Timeouts.EXEC.toMillis(), TimeUnit.MILLISECONDS);
            return new ExecResult(List.of(command), code == null ? -1 : code, out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8));
        } catch (TimeoutException e) {
            throw new InfrastructureException("`" + line + "` in " + where + " did not finish within "
                    + Timeouts.human(Timeouts.EXEC), e);
        } catch (ExecutionException | KubernetesClientException e) {
            throw new InfrastructureException("cannot exec `" + line + "` in " + where + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted during `" + line + "` in " + where, e);
        }
    }
}
