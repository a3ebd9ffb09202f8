package io.podwire.node;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A busy node churns: a sandbox listed by `crictl pods` may be gone before `crictl inspectp` reads it, and
 * cri-tools then fails the whole inspect at the first missing id (cri-tools cmd/crictl/util.go). The real snapshot
 * script runs here against a crictl that behaves so (a shell stand-in on PATH); the other sections read this
 * machine, read-only.
 */
@DisplayName("Snapshot script on a churning node: a sandbox that vanished is left out, not the whole runtime")
class SnapshotChurnTest {
    private static final String SANDBOX = "{\"status\":{\"id\":\"%s\",\"metadata\":{\"name\":\"%s\",\"namespace\":\"test\"},"
            + "\"state\":\"SANDBOX_READY\"},\"info\":{\"pid\":%d,\"runtimeSpec\":{\"linux\":{\"namespaces\":[{\"type\":"
            + "\"network\",\"path\":\"/var/run/netns/cni-%s\"}]}}}}";

    @Test
    @DisplayName("a sandbox gone between list and inspect is reported on stderr and left out; the others are read")
    void aSandboxThatVanishedIsLeftOut(@TempDir Path dir) throws Exception {
        Section s = runtimeSection(dir, "sb1 sb3");

        assertTrue(s.succeeded(), s::failure);
        assertTrue(s.stderr().contains("sandbox sb2 vanished between list and inspect"), s::stderr);
        List<Sandbox> read = CrictlParser.sandboxes(s.command(), s.stdout());
        assertEquals(List.of("test/p1", "test/p3"), read.stream().map(Sandbox::podKey).toList());
    }

    @Test
    @DisplayName("a sandbox still listed whose inspect fails makes the runtime section fail: it was not observed")
    void aSandboxStillListedThatCantBeInspectedFailsTheSection(@TempDir Path dir) throws Exception {
        Section s = runtimeSection(dir, "sb1 sb2 sb3");

        assertFalse(s.succeeded(), "the runtime's records can't be trusted");
        assertTrue(s.stderr().contains("NotFound"), s::stderr);
    }

    /** Runs the snapshot script with a crictl that lists sb1..sb3 first, then STILL_LISTED, and can't inspect sb2. */
    private static Section runtimeSection(Path dir, String stillListed) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        write(bin.resolve("crictl"), """
                #!/bin/sh
                # pods -q: the first list has all three, a later one only what is still there
                case "$1" in
                  pods)
                    if [ -e "%1$s/listed" ]; then printf '%%s\\n' %2$s; else touch "%1$s/listed"; printf 'sb1\\nsb2\\nsb3\\n'; fi ;;
                  ps) ;;
                  inspectp)
                    shift 5  # inspectp -o go-template --template TEMPLATE (the records print whole: the parser reads either)
                    for id in "$@"; do
                      case "$id" in
                        sb1) printf '%3$s\\n' ;;
                        sb3) printf '%4$s\\n' ;;
                        *) echo "rpc error: code = NotFound desc = an error occurred when try to find sandbox $id" >&2; exit 1 ;;
                      esac
                    done ;;
                esac
                """.formatted(dir, stillListed, SANDBOX.formatted("sb1", "p1", 101, "1"),
                SANDBOX.formatted("sb3", "p3", 103, "3")));
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", NodeSnapshotter.SCRIPT, "podwire-snapshot")
                .directory(dir.toFile());
        pb.environment().put("PATH", bin + ":" + pb.environment().getOrDefault("PATH", "/usr/bin:/bin"));
        Process run = pb.redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (var in = run.getOutputStream()) {
            in.write((RecordedSnapshots.NONCE + "\n").getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        // bounded: the script reads this machine once; a minute is far beyond it
        assertTrue(run.waitFor(60, TimeUnit.SECONDS), "the snapshot script ended");
        return RawSnapshot.parse("this-machine", Instant.EPOCH, RecordedSnapshots.NONCE, out).section("runtime.sandboxes")
                .orElseThrow();
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
