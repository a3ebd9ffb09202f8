package io.podwire.cluster;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.ExecCreateCmdResponse;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import io.podwire.InfrastructureException;
import io.podwire.node.ExecResult;
import io.podwire.node.NodeAccess;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** `docker exec` into a node container that Testcontainers did not create (a kind node), bounded by Timeouts.EXEC. */
public final class DockerExecNodeAccess implements NodeAccess {
    private final DockerClient docker;
    private final String container;
    private final String nodeName;

    public DockerExecNodeAccess(DockerClient docker, String container, String nodeName) {
        this.docker = docker;
        this.container = container;
        this.nodeName = nodeName;
    }

    @Override
    public String nodeName() {
        return nodeName;
    }

    @Override
    public ExecResult exec(String... command) {
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        try {
            ExecCreateCmdResponse created = docker.execCreateCmd(container).withCmd(command)
                    .withAttachStdout(true).withAttachStderr(true).exec();
            ResultCallback.Adapter<Frame> frames = new ResultCallback.Adapter<>() {
                @Override
                public void onNext(Frame f) {
                    (f.getStreamType() == StreamType.STDERR ? err : out)
                            .append(new String(f.getPayload(), StandardCharsets.UTF_8));
                }
            };
            boolean done = docker.execStartCmd(created.getId()).exec(frames)
                    .awaitCompletion(Timeouts.EXEC.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                frames.close();
                throw new InfrastructureException("docker exec on node " + nodeName + " (container " + container
                        + ") did not finish within " + Timeouts.human(Timeouts.EXEC));
            }
            Long code = docker.inspectExecCmd(created.getId()).exec().getExitCodeLong();
            return new ExecResult(List.of(command), code == null ? -1 : code.intValue(), out.toString(), err.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("docker exec on node " + nodeName + " was interrupted", e);
        } catch (java.io.IOException | RuntimeException e) {
            if (e instanceof InfrastructureException ie) {
                throw ie;
            }
            throw new InfrastructureException("docker exec on node " + nodeName + " (container " + container
                    + ") failed: " + e.getMessage(), e);
        }
    }
}
