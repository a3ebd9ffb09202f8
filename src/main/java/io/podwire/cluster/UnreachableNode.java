package io.podwire.cluster;

import io.podwire.InfrastructureException;
import io.podwire.node.ExecResult;
import io.podwire.node.NodeAccess;

/**
 * A node podwire could not get onto (its debug pod was refused, never ran, or the node is gone or not Linux): every
 * exec throws the reason as that node's InfrastructureException, so the inspection records that node as failed and
 * judges the others (run/Inspector inspects each node on its own).
 */
public record UnreachableNode(String nodeName, String reason) implements NodeAccess {
    @Override
    public ExecResult exec(String... command) {
        throw new InfrastructureException("node " + nodeName + " cannot be reached: " + reason);
    }

    @Override
    public ExecResult execWithInput(String input, String... command) {
        return exec(command);
    }
}
