package io.podwire.node;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.ExecCreateCmdResponse;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import io.podwire.InfrastructureException;
import org.testcontainers.containers.ContainerState;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A node that is a Docker container, reached with `docker exec` and bounded in time: the lab node and a k3s node
 * (containers Testcontainers started), a kind node (a container kind started).
 */
public final class ContainerNodeAccess implements NodeAccess {
    private final DockerClient docker;
    private final String container;
    private final String nodeName;
    private final Duration bound;

    public ContainerNodeAccess(DockerClient docker, String container, String nodeName, Duration bound) {
        this.docker = docker;
        this.container = container;
        this.nodeName = nodeName;
        this.bound = bound;
    }

    /** A container Testcontainers started, through its own Docker client. */
    public ContainerNodeAccess(ContainerState container, String nodeName, Duration bound) {
        this(container.getDockerClient(), container.getContainerId(), nodeName, bound);
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
        // bytes, decoded once at the end: a frame boundary may split a multi-byte character
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            ExecCreateCmdResponse created = docker.execCreateCmd(container).withCmd(command)
                    .withAttachStdin(input != null).withAttachStdout(true).withAttachStderr(true).exec();
            ResultCallback.Adapter<Frame> frames = new ResultCallback.Adapter<>() {
                @Override
                public void onNext(Frame f) {
                    (f.getStreamType() == StreamType.STDERR ? err : out).writeBytes(f.getPayload());
                }
            };
            var start = docker.execStartCmd(created.getId());
            if (input != null) {
                start = start.withStdIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
            }
            if (!start.exec(frames).awaitCompletion(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                frames.close();
                throw new InfrastructureException("exec on node " + nodeName + " (container " + container
                        + ") did not finish within " + bound.toSeconds() + " s: " + String.join(" ", command));
            }
            Long code = docker.inspectExecCmd(created.getId()).exec().getExitCodeLong();
            return new ExecResult(List.of(command), code == null ? -1 : code.intValue(),
                    out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("exec on node " + nodeName + " was interrupted", e);
        } catch (InfrastructureException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new InfrastructureException("exec on node " + nodeName + " (container " + container + ") failed: "
                    + e.getMessage(), e);
        }
    }
}
