package io.podwire.cluster;

import io.podwire.Timeouts;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.podwire.InfrastructureException;
import io.podwire.node.ExpectedPod;
import io.podwire.node.ExecResult;
import io.podwire.node.PodExec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * `kubectl exec` through the API (fabric8), bounded by Timeouts.EXEC. The API puts every argument in the exec URL's
 * query (`?command=…`); a long command (the node snapshot script is ~5 KB, ~7.5 KB URL-encoded) travels on stdin
 * instead, as one line `sh -s` reads, so that no proxy capping the request line (8 KB is common) answers 414.
 */
public final class FabricPodExec implements PodExec {
    /** Above this many URL-encoded bytes of arguments the command goes on stdin (well below an 8 KB request line). */
    static final int URL_ARGUMENTS_LIMIT = 1024;

    private final KubernetesClient client;

    public FabricPodExec(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public ExecResult exec(ExpectedPod pod, String container, String... command) {
        return exec(client, pod.namespace(), pod.name(), container, command);
    }

    /** What goes in the exec URL (argv) and what goes on stdin (the command itself, when it is long). */
    record Transport(String[] argv, Optional<String> stdin) {
        static Transport of(String... command) {
            return withInput(null, command);
        }

        /** INPUT (or null) goes on stdin after the command: a here-document when the command itself travels there. */
        static Transport withInput(String input, String... command) {
            int encoded = 0;
            for (String a : command) {
                encoded += URLEncoder.encode(a, StandardCharsets.UTF_8).length() + "&command=".length();
            }
            if (encoded <= URL_ARGUMENTS_LIMIT) {
                return new Transport(command, Optional.ofNullable(input));
            }
            // sh parses the whole line before running it and `exec` never reads on, so no EOF on stdin is needed
            StringBuilder line = new StringBuilder("exec");
            for (String a : command) {
                line.append(' ').append(quoted(a));
            }
            // the input as a here-document: parsed with the line, so `sh -s` reading ahead can't swallow it
            return new Transport(new String[]{"sh", "-s"}, Optional.of(input == null ? line.append(" </dev/null\n").toString()
                    : line.append(" <<'PODWIRE_INPUT'\n").append(input).append(input.endsWith("\n") ? "" : "\n")
                    .append("PODWIRE_INPUT\n").toString()));
        }

        /** POSIX single quotes: every character literal, a ' written as '\''. */
        static String quoted(String arg) {
            return "'" + arg.replace("'", "'\\''") + "'";
        }
    }

    public static ExecResult exec(KubernetesClient client, String namespace, String pod, String container,
                                  String... command) {
        return exec(client, namespace, pod, container, null, command);
    }

    /** As {@link #exec(KubernetesClient, String, String, String, String...)}, with INPUT (or null) on stdin. */
    public static ExecResult exec(KubernetesClient client, String namespace, String pod, String container, String input,
                                  String... command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String where = namespace + "/" + pod + "/" + container;
        String line = new ExecResult(List.of(command), 0, "", "").commandLine();
        Transport t = Transport.withInput(input, command);
        var target = client.pods().inNamespace(namespace).withName(pod).inContainer(container);
        var streams = t.stdin().isEmpty() ? target : target.readingInput(
                new ByteArrayInputStream(t.stdin().get().getBytes(StandardCharsets.UTF_8)));
        try (ExecWatch watch = streams.writingOutput(out).writingError(err).exec(t.argv())) {
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
