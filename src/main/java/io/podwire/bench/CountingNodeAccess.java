package io.podwire.bench;

import io.podwire.node.ExecResult;
import io.podwire.node.NodeAccess;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/** A NodeAccess that counts what went through it: execs, and bytes of stdout + stderr that came back. */
final class CountingNodeAccess implements NodeAccess {
    private final NodeAccess node;
    private final AtomicLong execs = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    CountingNodeAccess(NodeAccess node) {
        this.node = node;
    }

    @Override
    public String nodeName() {
        return node.nodeName();
    }

    @Override
    public ExecResult exec(String... command) {
        return count(node.exec(command));
    }

    @Override
    public ExecResult execWithInput(String input, String... command) {
        return count(node.execWithInput(input, command));
    }

    private ExecResult count(ExecResult r) {
        execs.incrementAndGet();
        bytes.addAndGet(r.stdout().getBytes(StandardCharsets.UTF_8).length
                + r.stderr().getBytes(StandardCharsets.UTF_8).length);
        return r;
    }

    long execs() {
        return execs.get();
    }

    long bytes() {
        return bytes.get();
    }
}
