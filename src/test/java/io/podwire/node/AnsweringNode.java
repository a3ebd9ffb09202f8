package io.podwire.node;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;

/**
 * A node that answers the snapshot script with snapshot texts in the recordings' framing (nonce NONCE), one per exec
 * in turn, the last one again when they run out; it takes the nonce from stdin, as the real script does, and counts
 * and keeps every command it was given. Any other exec is a test error.
 */
public final class AnsweringNode implements NodeAccess {
    private final String name;
    private final Deque<String> outputs;
    private final List<List<String>> commands = Collections.synchronizedList(new ArrayList<>());

    public AnsweringNode(String name, String... outputs) {
        this.name = name;
        this.outputs = new ArrayDeque<>(List.of(outputs));
    }

    @Override
    public String nodeName() {
        return name;
    }

    @Override
    public ExecResult exec(String... command) {
        throw new AssertionError("the snapshot runs with its nonce on stdin, not " + List.of(command));
    }

    @Override
    public synchronized ExecResult execWithInput(String input, String... command) {
        commands.add(List.of(command));
        String out = outputs.size() > 1 ? outputs.pop() : outputs.peek();
        return new ExecResult(List.of(command), 0, out.replace("@@" + RecordedSnapshots.NONCE + " ", "@@" + input.strip()
                + " "), "");
    }

    /** How many execs the node answered. */
    public int execs() {
        return commands.size();
    }

    /** The commands it was given, in order. */
    public List<List<String>> commands() {
        return List.copyOf(commands);
    }
}
