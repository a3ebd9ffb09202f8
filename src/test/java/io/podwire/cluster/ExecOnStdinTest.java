package io.podwire.cluster;

import io.podwire.Timeouts;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodListBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.server.mock.OutputStreamMessage;
import io.fabric8.kubernetes.client.server.mock.StatusStreamMessage;
import io.podwire.node.ExecResult;
import io.podwire.node.NodeSnapshotter;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A long command (the node snapshot script) never travels in the exec URL: it goes on stdin to `sh -s`. */
@EnableKubernetesMockClient
class ExecOnStdinTest {
    /** fabric8's stdin buffer (InputStreamPumper, 8192 bytes); the script is ASCII, so bytes are chars. */
    private static final int STDIN_FRAME = 8192;
    KubernetesMockServer server;
    KubernetesClient client;

    @Test
    void theNodeSnapshotScriptIsNotInTheExecUrlOfTheDebugPod() throws Exception {
        String pod = DebugPodNodeAccess.podName("worker-1");
        // fabric8 reads the pod (container names, readiness) before it opens the exec websocket
        RunScope run = new RunScope("a1b2c3d4", RunScope.SWEEP_AFTER);
        Pod running = new PodBuilder(DebugPodNodeAccess.pod(run.debugNamespace(), run, "worker-1", pod, "busybox:1.36.1")).withNewStatus()
                .withPhase("Running").addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus()
                .build();
        String podPath = "/api/v1/namespaces/" + run.debugNamespace() + "/pods";
        server.expect().get().withPath(podPath + "/" + pod).andReturn(200, running).always();
        server.expect().get().withPath(podPath + "?fieldSelector=metadata.name%3D" + pod)
                .andReturn(200, new PodListBuilder().withNewMetadata().withResourceVersion("1").endMetadata()
                        .addToItems(running).build()).always();
        String[] onTheNode = {"nsenter", "-t", "1", "-m", "-u", "-i", "-n", "-p", "--",
                "sh", "-c", NodeSnapshotter.SCRIPT, "podwire-snapshot", "pw123"};
        String stdinLine = FabricPodExec.Transport.of(onTheNode).stdin().orElseThrow();
        // the exit status is sent only once the whole command arrived on stdin (channel 0): any other message fails it;
        // fabric8 pumps stdin in 8192-byte frames (InputStreamPumper), which the API server joins into one stream
        var session = server.expect().withPath("/api/v1/namespaces/" + run.debugNamespace() + "/pods/" + pod
                        + "/exec?command=sh&command=-s&container=debug&stdin=true&stdout=true&stderr=true")
                .andUpgradeToWebSocket().open(new OutputStreamMessage("snapshot output\n"));
        List<String> frames = new ArrayList<>();
        for (int at = 0; at < stdinLine.length(); at += STDIN_FRAME) {
            frames.add(stdinLine.substring(at, Math.min(stdinLine.length(), at + STDIN_FRAME)));
        }
        for (String frame : frames.subList(0, frames.size() - 1)) {
            session.expect("\u0000" + frame).andEmit(new OutputStreamMessage("")).once();
        }
        session.expect("\u0000" + frames.get(frames.size() - 1)).andEmit(new StatusStreamMessage(0)).once()
                .done().once();

        ExecResult r = new DebugPodNodeAccess(client, run.debugNamespace(), "worker-1", pod)
                .exec("sh", "-c", NodeSnapshotter.SCRIPT, "podwire-snapshot", "pw123");

        String url = server.getLastRequest().getPath();
        assertTrue(url.contains("/exec?"), "the last request is the exec: " + url);
        assertEquals("/api/v1/namespaces/podwire-a1b2c3d4-nodes/pods/" + pod
                + "/exec?command=sh&command=-s&container=debug&stdin=true&stdout=true&stderr=true", url);
        assertTrue(url.length() < 200, "exec URL of " + url.length() + " characters");
        assertEquals(new ExecResult(List.of("sh", "-c", NodeSnapshotter.SCRIPT, "podwire-snapshot", "pw123"), 0,
                "snapshot output\n", ""), r, "the result names the command the node ran");
    }

    @Test
    void aShortCommandStaysInTheUrlAsBefore() {
        FabricPodExec.Transport t = FabricPodExec.Transport.of("ip", "-j", "addr");

        assertArrayEquals(new String[]{"ip", "-j", "addr"}, t.argv());
        assertFalse(t.stdin().isPresent(), "nothing on stdin");
    }

    @Test
    void theStdinLineRunsExactlyTheOriginalCommand() throws Exception {
        String script = "printf '%s|' \"$0\" \"$@\"; printf '\\n'; " + "x".repeat(2000) + "=1; exit 3";
        String[] command = {"sh", "-c", script, "podwire-snapshot", "it's", "a b", "$HOME", "\\n"};
        FabricPodExec.Transport t = FabricPodExec.Transport.of(command);

        assertArrayEquals(new String[]{"sh", "-s"}, t.argv());
        Result direct = run(List.of(command), null);
        Result viaStdin = run(List.of(t.argv()), t.stdin().orElseThrow());
        assertEquals("podwire-snapshot|it's|a b|$HOME|\\n|\n", direct.out(), "the command run directly");
        assertEquals(direct, viaStdin, "the same command sent as a line on stdin");
    }

    private record Result(int code, String out) {
    }

    /** Runs with this machine's /bin/sh (dash on Debian, a POSIX sh like the nodes' busybox sh). */
    private static Result run(List<String> argv, String stdin) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(argv)).redirectErrorStream(true).start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().flush();
            // stdin is left open on purpose: the line must run without an EOF, as over the exec websocket
        } else {
            p.getOutputStream().close();
        }
        assertTrue(p.waitFor(Timeouts.EXEC.toSeconds(), TimeUnit.SECONDS), "sh finished");
        try (InputStream in = p.getInputStream()) {
            return new Result(p.exitValue(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } finally {
            p.getOutputStream().close();
        }
    }
}
