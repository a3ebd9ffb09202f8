package io.podwire.agent;

import io.podwire.InfrastructureException;
import io.podwire.node.ExecResult;
import io.podwire.node.NodeAccess;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The node the agent runs on, reached by starting a process right here: the agent's pod shares the node's PID and
 * network namespaces and mounts its netns, CNI and Calico directories, so the snapshot script reads the node with the
 * agent image's own tools. Bounded in time like every other NodeAccess.
 */
public final class LocalNodeAccess implements NodeAccess {
    private final String nodeName;
    private final Duration bound;

    public LocalNodeAccess(String nodeName, Duration bound) {
        this.nodeName = nodeName;
        this.bound = bound;
    }

    @Override
    public String nodeName() {
        return nodeName;
    }

    @Override
    public ExecResult exec(String... command) {
        return run(null, command);
    }

    @Override
    public ExecResult execWithInput(String input, String... command) {
        return run(input, command);
    }

    private ExecResult run(String input, String... command) {
        Process p;
        try {
            p = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new InfrastructureException("could not start " + command[0] + " on node " + nodeName + ": "
                    + e.getMessage(), e);
        }
        // both streams drained while the process runs: a full pipe would stop it before it exits
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        try (OutputStream in = p.getOutputStream()) {
            if (input != null) {
                in.write(input.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the command may exit without reading its input: what it printed decides
        }
        try {
            if (!p.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new InfrastructureException("command on node " + nodeName + " did not finish within "
                        + bound.toSeconds() + " s: " + new ExecResult(List.of(command), -1, "", "").commandLine());
            }
            return new ExecResult(List.of(command), p.exitValue(), new String(out.get(), StandardCharsets.UTF_8),
                    new String(err.get(), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InfrastructureException("command on node " + nodeName + " was interrupted", e);
        } catch (ExecutionException e) {
            throw new InfrastructureException("could not read the output of " + command[0] + " on node " + nodeName
                    + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    private static byte[] readAll(InputStream s) {
        try (s; ByteArrayOutputStream b = new ByteArrayOutputStream()) {
            s.transferTo(b);
            return b.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
