package io.podwire.node;

/** Runs a command on one node: the k3s/kind node container, a debug pod, or the lab node. */
public interface NodeAccess {
    String nodeName();

    /** Runs the command and returns its result; throws InfrastructureException when it could not run at all. */
    ExecResult exec(String... command);

    /**
     * Runs the command with INPUT on its standard input: what must not be in any argv on the node (every process
     * there can read every argv), such as the snapshot's framing nonce. The command must not wait for the end of its
     * input: docker exec (docker-java) sends INPUT but never closes stdin.
     */
    default ExecResult execWithInput(String input, String... command) {
        throw new UnsupportedOperationException(getClass().getName() + " can't send standard input to a command");
    }
}
