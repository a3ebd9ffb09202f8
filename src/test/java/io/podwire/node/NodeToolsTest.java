package io.podwire.node;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The runtime's CLI where distributions put it, found by snapshot.sh's find_crictl run by this machine's sh on node-like
 * trees (RKE2, GKE COS, a node without any), and what node.tools then says.
 */
@DisplayName("Node tools: crictl and its config where RKE2, COS and k3s keep them; a missing tool named")
class NodeToolsTest {
    private static final String SCRIPT = NodeSnapshotter.SCRIPT;

    @Test
    @DisplayName("RKE2: crictl from /var/lib/rancher/rke2/bin, CRI_CONFIG_FILE its agent's crictl.yaml")
    void rke2sCrictlAndConfigAreFound(@TempDir Path root) throws Exception {
        Path bin = tool(root, "var/lib/rancher/rke2/bin/crictl", "echo \"rke2 crictl $* config=$CRI_CONFIG_FILE\"");
        Path conf = Files.createDirectories(root.resolve("var/lib/rancher/rke2/agent/etc")).resolve("crictl.yaml");
        Files.writeString(conf, "runtime-endpoint: unix:///run/k3s/containerd/containerd.sock\n");

        Map<String, String> tools = tools(run(root, "node_tools"));
        assertEquals(bin.toString(), tools.get("crictl"));
        assertEquals(conf.toString(), tools.get("crictl.config"));
        assertEquals("rke2 crictl pods -q config=" + conf + "\n", run(root, "crictl pods -q"));
    }

    @Test
    @DisplayName("GKE COS: crictl from /home/kubernetes/bin, off the default PATH")
    void cossCrictlOffPathIsFound(@TempDir Path root) throws Exception {
        Path bin = tool(root, "home/kubernetes/bin/crictl", "echo cos");
        assertEquals(bin.toString(), tools(run(root, "node_tools")).get("crictl"));
        assertEquals("default", tools(run(root, "node_tools")).get("crictl.config"));
    }

    @Test
    @DisplayName("k3s without a crictl link: `k3s crictl`, with k3s's crictl.yaml")
    void k3sBundledCrictlIsUsed(@TempDir Path root) throws Exception {
        Path path = Files.createDirectories(root.resolve("path"));
        tool(root, "path/k3s", "echo \"k3s $*\"");
        Path conf = Files.createDirectories(root.resolve("var/lib/rancher/k3s/agent/etc")).resolve("crictl.yaml");
        Files.writeString(conf, "runtime-endpoint: unix:///run/k3s/containerd/containerd.sock\n");
        Map<String, String> tools = tools(run(root, "node_tools", path));
        assertEquals("k3s crictl", tools.get("crictl"));
        assertEquals(conf.toString(), tools.get("crictl.config"));
        assertEquals("k3s crictl ps -q\n", run(root, "crictl ps -q", path));
    }

    @Test
    @DisplayName("no crictl anywhere: node.tools says missing, crictl says where it looked, and the node lacks exactly crictl")
    void aNodeWithoutCrictlNamesIt(@TempDir Path root) throws Exception {
        String out = run(root, "node_tools");
        assertEquals("missing", tools(out).get("crictl"));
        String err = run(root, "crictl pods -q; echo \"exit $?\"");
        // the node paths of the message are moved under root here, as every other path of the lookup
        assertTrue(err.startsWith("crictl: not found on the node (looked in: PATH, " + root + "/var/lib/rancher/rke2/bin,"), err);
        assertTrue(err.endsWith("exit 127\n"), err);
        RawSnapshot raw = RawSnapshot.parse("node-a", java.time.Instant.EPOCH, RecordedSnapshots.NONCE,
                RecordedSnapshots.withSection("", NodeTools.SECTION, "command -v …", 0, out, ""));
        assertEquals(List.of("crictl"), NodeTools.of(raw).orElseThrow().missingRequired());
    }

    private static Path tool(Path root, String rel, String body) throws IOException {
        Path f = root.resolve(rel);
        Files.createDirectories(f.getParent());
        Files.writeString(f, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        return f;
    }

    private static Map<String, String> tools(String out) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        out.lines().forEach(l -> m.put(l.substring(0, l.indexOf(' ')), l.substring(l.indexOf(' ') + 1)));
        return m;
    }

    private static String run(Path root, String command) throws IOException, InterruptedException {
        return run(root, command, null);
    }

    /** The script's tool lookup with the node's paths moved under root, PATH this machine's system dirs (+ extra). */
    private static String run(Path root, String command, Path extraPath) throws IOException, InterruptedException {
        int from = SCRIPT.indexOf("\nfind_crictl() {");
        int to = SCRIPT.indexOf("\n}\n", SCRIPT.indexOf("\nnode_tools() {")) + 3;
        String body = SCRIPT.substring(from, to).replace("/var/lib/rancher/", root + "/var/lib/rancher/")
                .replace("/home/kubernetes/bin/", root + "/home/kubernetes/bin/").replace("/opt/bin/", root + "/opt/bin/")
                .replace("/usr/local/bin/", root + "/usr/local/bin/");
        ProcessBuilder pb = new ProcessBuilder("sh", "-c", body + "\n" + command).redirectErrorStream(true);
        pb.environment().remove("CRI_CONFIG_FILE");
        pb.environment().put("PATH", (extraPath == null ? "" : extraPath + ":") + "/usr/bin:/bin");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "sh finished");
        return out;
    }
}
