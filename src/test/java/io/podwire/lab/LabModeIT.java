package io.podwire.lab;

import io.podwire.Timeouts;
import tools.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The README's hands-on lab, run as the README says: `ci/lab-mode.sh up`, the lab's own commands in the node,
 * `ci/lab-mode.sh down`, and nothing left behind. The container name is the script's own (podwire-lab).
 */
@ExtendWith(LabNodeExtension.class)  // skips (fails under CI=true) with how to get Docker and the lab image
class LabModeIT {
    private static final String NAME = "podwire-lab";
    // outside target/: the lab's runtime records a user inspects carry decoy secrets, which no file of a run may keep
    private static Path logDir;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    @DisplayName("ci/lab-mode.sh up gives a node with the three pods, the lab's commands work in it, down leaves no container")
    void labModeUpRunsTheLabsCommandsAndDownLeavesNothing() throws Exception {
        assumeTrue(containers().isEmpty(), "a container named " + NAME + " exists already (someone's lab):"
                + " `ci/lab-mode.sh up` would replace it; remove it with `ci/lab-mode.sh down` to run this test");
        try {
            Run up = run(Timeouts.LAB_MODE_UP, "up", "ci/lab-mode.sh", "up");
            assertEquals(0, up.exit, () -> "ci/lab-mode.sh up failed:\n" + up.output);
            assertTrue(up.output.contains("Lab node '" + NAME + "' is up"), () -> "up's greeting:\n" + up.output);

            Set<String> pods = new TreeSet<>();
            for (String id : lines(exec("crictl", "pods").output)) {
                JsonNode metadata = JSON.readTree(exec("crictl", "inspectp", id).output)
                        .path("status").path("metadata");
                pods.add(metadata.path("namespace").asString() + "/" + metadata.path("name").asString());
            }
            assertEquals(new TreeSet<>(List.of("test/app", "test/pinger", "test/web")), pods, "the runtime's sandboxes");

            // step 3: one pinned netns per pod
            List<String> netns = lines(exec("ip", "netns", "list").output);
            assertEquals(3, netns.stream().filter(n -> n.startsWith("cni-")).count(), () -> "ip netns list: " + netns);

            // step 8: the C6 name of test/pinger, and its peer_ifindex is pinger's eth0 ifindex (seen from inside the pod)
            Run ethtool = exec("ethtool", "-S", "calia900becc4a6");
            Matcher peer = Pattern.compile("peer_ifindex: (\\d+)").matcher(ethtool.output);
            assertTrue(peer.find(), () -> "ethtool -S calia900becc4a6:\n" + ethtool.output);
            // ip, not /sys/class/net: the node's sysfs is not remounted in the pod's netns, so it shows the node's eth0
            Run link = exec("pod-exec", "pinger", "ip", "-o", "link", "show", "eth0");
            Matcher eth0 = Pattern.compile("^(\\d+): eth0@if\\d+:").matcher(link.output);
            assertTrue(eth0.find(), () -> "pod-exec pinger ip -o link show eth0:\n" + link.output);
            assertEquals(eth0.group(1), peer.group(1), "peer_ifindex of calia900becc4a6 = pinger's eth0 ifindex");
        } finally {
            Run down = run(Timeouts.CLEANUP, "down", "ci/lab-mode.sh", "down");
            assertEquals(0, down.exit, () -> "ci/lab-mode.sh down failed:\n" + down.output);
        }
        assertEquals(List.of(), containers(), "containers named " + NAME + " after ci/lab-mode.sh down");
    }

    @org.junit.jupiter.api.AfterAll
    static void deleteLogs() throws IOException {
        if (logDir == null) {
            return;
        }
        try (var files = Files.walk(logDir)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    private static List<String> containers() throws Exception {
        Run ps = run(Timeouts.CLEANUP, "ps", "docker", "ps", "-a", "-q", "--filter", "name=^/" + NAME + "$");
        assertEquals(0, ps.exit, () -> "docker ps:\n" + ps.output);
        return lines(ps.output);
    }

    /** A command in the lab node, as the README tells the user to run them (docker exec). */
    private static Run exec(String... command) throws Exception {
        List<String> argv = new ArrayList<>(List.of("docker", "exec", NAME));
        argv.addAll(List.of(command));
        Run r = run(Timeouts.EXEC, command[0], argv.toArray(String[]::new));
        assertEquals(0, r.exit, () -> String.join(" ", command) + " in the lab node:\n" + r.output);
        return r;
    }

    private record Run(int exit, String output) {
    }

    /** Runs from the project directory, output to a file (no pipe to fill), bounded: killed at the bound. */
    private static Run run(Duration bound, String label, String... argv) throws IOException, InterruptedException {
        if (logDir == null) {
            logDir = Files.createTempDirectory("podwire-lab-mode-it");
        }
        Path log = logDir.resolve(label + ".log");
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(bound.toSeconds(), TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", argv) + " did not finish within " + Timeouts.human(bound)
                    + ":\n" + Files.readString(log, StandardCharsets.UTF_8));
        }
        return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private static List<String> lines(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }
}
