package io.podwire.node;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Snapshots recorded from a lab node (nonce NONCE), committed under src/test/resources/fixtures/lab. */
public final class Fixtures {
    public static final String NONCE = "NONCE";
    public static final String THREE_PODS = "/fixtures/lab/snapshot-3pods.txt";
    public static final String WEB_NETNS_UNPINNED = "/fixtures/lab/snapshot-web-netns-unpinned.txt";

    private Fixtures() {
    }

    public static String text(String resource) {
        try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the test classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static RawSnapshot raw(String resource) {
        return RawSnapshot.parse("lab-node", Instant.EPOCH, NONCE, text(resource));
    }

    public static NodeState state(String resource) {
        return NodeStateReader.read(raw(resource));
    }

    /** Parses a snapshot text in the fixtures' framing (nonce NONCE). */
    public static NodeState stateOf(String text) {
        return NodeStateReader.read(RawSnapshot.parse("lab-node", Instant.EPOCH, NONCE, text));
    }

    /** The stdout of one section of a snapshot text. */
    public static String stdout(String text, String section) {
        String begin = "@@" + NONCE + " begin " + section + " ";
        int at = text.indexOf(begin);
        if (at < 0) {
            throw new IllegalArgumentException("no section " + section);
        }
        int body = text.indexOf('\n', at) + 1;
        return text.substring(body, text.indexOf("\n@@" + NONCE + " status " + section + " ", body - 1) + 1);
    }

    /** The snapshot text with one section replaced, or added at the end when it is not there yet. */
    public static String withSection(String text, String section, String command, int exit, String stdout,
                                     String stderr) {
        String framed = "@@" + NONCE + " begin " + section + " " + command + "\n" + stdout + "\n@@" + NONCE + " status "
                + section + " " + exit + "\n" + stderr + "\n@@" + NONCE + " end " + section + "\n";
        String begin = "@@" + NONCE + " begin " + section + " ";
        int at = text.indexOf(begin);
        if (at < 0) {
            return text + framed;
        }
        String endTag = "\n@@" + NONCE + " end " + section + "\n";
        int end = text.indexOf(endTag, at) + endTag.length();
        return text.substring(0, at) + framed + text.substring(end);
    }

    /** The recorded output with one section's status and stderr replaced, as if that command had failed. */
    public static NodeState withFailedSection(String resource, String section, int exit, String stderr) {
        String text = text(resource);
        String status = "\n@@" + NONCE + " status " + section + " ";
        int at = text.indexOf(status);
        int end = text.indexOf("\n@@" + NONCE + " end " + section + "\n", at);
        String patched = text.substring(0, at) + status + exit + "\n" + stderr + text.substring(end);
        return NodeStateReader.read(RawSnapshot.parse("lab-node", Instant.EPOCH, NONCE, patched));
    }
}
