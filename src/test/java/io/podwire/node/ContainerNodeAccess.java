package io.podwire.node;

import io.podwire.InfrastructureException;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.ContainerState;

import java.io.IOException;
import java.util.List;

/** A node that is a Docker container reached through Testcontainers: the lab node, a k3s or kind node. */
public final class ContainerNodeAccess implements NodeAccess {
    private final ContainerState container;
    private final String nodeName;

    public ContainerNodeAccess(ContainerState container, String nodeName) {
        this.container = container;
        this.nodeName = nodeName;
    }

    @Override
    public String nodeName() {
        return nodeName;
    }

    @Override
    public ExecResult exec(String... command) {
        try {
            Container.ExecResult r = container.execInContainer(command);
            return new ExecResult(List.of(command), r.getExitCode(), r.getStdout(), r.getStderr());
        } catch (IOException e) {
            throw new InfrastructureException("exec on node " + nodeName + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("exec on node " + nodeName + " was interrupted", e);
        }
    }
}
