package io.podwire.node;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Functions of snapshot.sh run by this machine's sh on a directory tree laid out as a node's (the node's paths
 * rewritten into a temporary directory): what they read is what the runtime reads, and the command a section's
 * evidence names is the one its function runs.
 */
@DisplayName("snapshot.sh functions on node-like directory trees")
class SnapshotScriptFunctionsTest {
    private static final String SCRIPT = NodeSnapshotter.SCRIPT;

    @Test
    @DisplayName("cni.config reads, of each directory, the one file the runtime loads: .conf/.conflist/.json, first in C order")
    void onlyTheConfigTheRuntimeLoadsIsRead(@TempDir Path root) throws Exception {
        Path dir = Files.createDirectories(root.resolve("etc/cni/net.d"));
        Files.writeString(dir.resolve("05-calico.conflist.bak"), "{\"stale\":true}\n");
        Files.writeString(dir.resolve("calico-kubeconfig"), "token: secret\n");
        Files.createDirectories(dir.resolve("00-dir.conf"));
        Files.writeString(dir.resolve("10-calico.conflist"), "{\"loaded\":true}\n");
        Files.writeString(dir.resolve("20-other.conf"), "{\"second\":true}\n");
        assertEquals("==> " + dir.resolve("10-calico.conflist") + " <==\n{\"loaded\":true}\n", run(root, "calico_cni"));
        // bytewise order as Go's sort.Strings, whatever the node's locale: upper case before lower case
        Files.writeString(dir.resolve("10-Calico.json"), "{\"upper\":true}\n");
        assertEquals("==> " + dir.resolve("10-Calico.json") + " <==\n{\"upper\":true}\n", run(root, "calico_cni"));
        Files.delete(dir.resolve("10-Calico.json"));
        assertEquals("==> " + dir.resolve("10-calico.conflist") + " <==\n{\"loaded\":true}\n", run(root, "calico_cni"));
    }

    @Test
    @DisplayName("netns.inodes follows a /var/run/netns that is a symlink (to /run/netns)")
    void aSymlinkedNetnsDirectoryIsFollowed(@TempDir Path root) throws Exception {
        Path real = Files.createDirectories(root.resolve("run/netns"));
        Files.writeString(real.resolve("cni-1"), "");
        Files.createDirectories(root.resolve("var/run"));
        Files.createSymbolicLink(root.resolve("var/run/netns"), real);
        List<String> lines = run(root, "netns_inodes").lines().toList();
        assertEquals(2, lines.size(), () -> "the node's own netns and the pinned file: " + lines);
        assertTrue(lines.get(1).endsWith(" " + root.resolve("var/run/netns/cni-1")), lines::toString);
    }

    @Test
    @DisplayName("the command netns.inodes's evidence names is the one netns_inodes runs")
    void theNetnsInodesEvidenceNamesTheCommandThatRan() {
        String function = function("netns_inodes");
        String shown = SCRIPT.lines().filter(l -> l.startsWith("shown_section netns.inodes ")).findFirst().orElseThrow();
        for (String command : List.of("stat -L -c '%d %i %n' /proc/self/ns/net",
                "find /var/run/netns/ -mindepth 1 -maxdepth 1 -exec stat -L -c '%d %i %n' {} +")) {
            assertTrue(function.contains(command), () -> "netns_inodes runs " + command);
            assertTrue(shown.contains(command), () -> "its evidence names " + command + ": " + shown);
        }
    }

    @Test
    @DisplayName("a recorded namespace path is read where it is, absent where its directory holds nothing, unseen where the directory is not visible")
    void aRecordedPathIsSeenAbsentOrUnseen(@TempDir Path root) throws Exception {
        Path dir = Files.createDirectories(root.resolve("run/containerd/netns"));
        Files.writeString(dir.resolve("cni-1"), "");
        Files.writeString(root.resolve("recorded-netns"), dir.resolve("cni-1") + "\n" + dir.resolve("cni-gone") + "\n"
                + root.resolve("run/k3s/netns/cni-2") + "\n");
        String out = run(root, "recorded_netns", function("stat_recorded") + "\n");
        List<String> lines = out.lines().toList();
        assertEquals(4, lines.size(), out);
        assertTrue(lines.get(1).endsWith(" " + dir.resolve("cni-1")) && lines.get(1).matches("\\d+ \\d+ .*"), out);
        assertEquals("absent " + dir.resolve("cni-gone"), lines.get(2));
        assertEquals("unseen " + root.resolve("run/k3s/netns/cni-2"), lines.get(3));
        NetnsFiles parsed = TextParsers.recordedNetns("netns.recorded", out);
        assertEquals(java.util.Set.of(root.resolve("run/k3s/netns/cni-2").toString()), parsed.unseen());
        // a regular file is no namespace: on another device than /proc/self/ns/net, so not taken for one
        assertEquals(java.util.Set.of(dir.resolve("cni-1").toString()), parsed.notNetns());
    }

    /** Runs one function of the script, the node's paths moved under root. */
    private static String run(Path root, String name) throws IOException, InterruptedException {
        return run(root, name, "");
    }

    /** Runs one function of the script after the given other functions of it, the node's paths moved under root. */
    private static String run(Path root, String name, String definitions) throws IOException, InterruptedException {
        String body = definitions + function(name).replace("/etc/cni/net.d", root + "/etc/cni/net.d")
                .replace("/var/lib/rancher/", root + "/var/lib/rancher/").replace("/var/lib/calico/", root + "/var/lib/calico/")
                .replace("/var/run/netns", root + "/var/run/netns");
        Process p = new ProcessBuilder("sh", "-c", "T=" + root + "\n" + body + "\n" + name).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "sh finished");
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private static String function(String name) {
        int start = SCRIPT.indexOf("\n" + name + "() {");
        assertTrue(start >= 0, name);
        return SCRIPT.substring(start + 1, SCRIPT.indexOf("\n}\n", start) + 2);
    }
}
