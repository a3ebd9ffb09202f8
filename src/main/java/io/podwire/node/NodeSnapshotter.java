package io.podwire.node;

import io.podwire.InfrastructureException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Takes a node's snapshot with exactly ONE exec of the snapshot script. */
public final class NodeSnapshotter {
    public static final String SCRIPT = load();

    private NodeSnapshotter() {
    }

    public static RawSnapshot take(NodeAccess node) {
        String nonce = "pw" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Instant at = Instant.now();
        // the nonce on stdin: in an argv, any process on the node could read it and frame text the script prints
        ExecResult r = node.execWithInput(nonce + "\n", "sh", "-c", SCRIPT, "podwire-snapshot");
        if (!r.succeeded() || r.stdout().isEmpty()) {
            throw new InfrastructureException("snapshot script failed on node " + node.nodeName() + " (exit "
                    + r.exitCode() + "): " + r.stderr().strip());
        }
        return RawSnapshot.parse(node.nodeName(), at, nonce, r.stdout());
    }

    /** The sections the script prints once each (its `section NAME …` and `shown_section NAME …` lines). */
    static Set<String> sectionNames() {
        Set<String> names = new TreeSet<>();
        Matcher m = SECTION_LINE.matcher(SCRIPT);
        while (m.find()) {
            names.add(m.group(1));
        }
        return Set.copyOf(names);
    }

    private static final Pattern SECTION_LINE = Pattern.compile("^\\s*(?:shown_)?section ([a-z][a-z0-9.-]*[a-z0-9]) ",
            Pattern.MULTILINE);

    private static String load() {
        try (InputStream in = NodeSnapshotter.class.getResourceAsStream("/podwire/snapshot.sh")) {
            if (in == null) {
                throw new IllegalStateException("podwire/snapshot.sh is not on the classpath");
            }
            // the comments are for readers of the resource: the node gets the commands only (one stdin frame)
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.stripLeading().startsWith("#")).collect(Collectors.joining("\n", "", "\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
