package io.podwire.node;

/** Runs a command on one node: the k3s/kind node container, a debug pod, or the lab node. */
public interface NodeAccess {
    String nodeName();

    /** Runs the command and returns its result; throws InfrastructureException when it could not run at all. */
    ExecResult exec(String... command);
}
