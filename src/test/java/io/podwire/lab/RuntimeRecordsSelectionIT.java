package io.podwire.lab;

import io.podwire.node.CrictlParser;
import io.podwire.node.NodeSnapshotter;
import io.podwire.node.RawSnapshot;
import io.podwire.node.Sandbox;
import io.podwire.node.Section;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real snapshot script, run on a lab node whose runtime also holds real containerd records (kind and IKS
 * captures, src/test/resources/fixtures/crictl/containerd-*) with secrets added where pod authors put them: the
 * script selects on the node, so none of them is printed (issue 18).
 */
@ExtendWith(LabNodeExtension.class)
@DisplayName("Lab node: the snapshot prints no secret of real containerd records")
class RuntimeRecordsSelectionIT {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final String ENV = "PODWIRE-DECOY-CAPTURE-ENV-3c1d";
    private static final String ARG = "PODWIRE-DECOY-CAPTURE-ARG-8e2f";
    private static final String ANNOTATION = "PODWIRE-DECOY-CAPTURE-ANNOTATION-5a7b";
    private static final String LAST_APPLIED = "PODWIRE-DECOY-CAPTURE-LASTAPPLIED-0d9c";

    @Test
    @DisplayName("real containerd records with secrets in env, args, annotations and last-applied-configuration: none printed")
    void realRecordsWithSecretsLeaveNoSecret(LabNode lab) {
        ObjectNode sandbox = withSecrets(fixture("containerd-inspectp-iks-calico.json"));
        ObjectNode container = withSecrets(fixture("containerd-inspect-kind-coredns.json"));
        String sandboxId = sandbox.path("status").path("id").asString();
        String containerId = container.path("status").path("id").asString();
        store(lab, "sandboxes", sandboxId, sandbox);
        store(lab, "containers", containerId, container);
        try {
            RawSnapshot raw = NodeSnapshotter.take(lab.access());

            for (String secret : List.of(ENV, ARG, ANNOTATION, LAST_APPLIED)) {
                assertFalse(raw.output().contains(secret), secret + " left the node");
            }
            // the records were read: the capture's sandbox and container are in the selected output
            Section sandboxes = raw.section("runtime.sandboxes").orElseThrow();
            assertEquals(0, sandboxes.exitCode(), sandboxes.failure());
            Sandbox captured = CrictlParser.sandboxes(sandboxes.command(), sandboxes.stdout()).stream()
                    .filter(s -> s.id().equals(sandboxId)).findFirst().orElseThrow();
            assertEquals(sandbox.path("info").path("pid").asInt(), captured.pid(), "pause pid of the capture");
            assertTrue(captured.netnsPath().startsWith("/var/run/netns/cni-"), captured.netnsPath());
            Section containers = raw.section("runtime.containers").orElseThrow();
            assertTrue(CrictlParser.containers(containers.command(), containers.stdout()).stream()
                    .anyMatch(c -> c.id().equals(containerId)), "the capture's container is read");
            // namespace_options.pid is 1 in real records: PID 1's argv is never read for it
            Section cmdline = raw.section("proc.cmdline").orElseThrow();
            assertFalse((cmdline.command() + cmdline.stdout()).contains("/proc/1/cmdline"), cmdline.command());
        } finally {
            lab.access().exec("rm", "-f", LabWiring.STATE + "/sandboxes/" + sandboxId + ".json",
                    LabWiring.STATE + "/containers/" + containerId + ".json");
        }
    }

    private static ObjectNode withSecrets(ObjectNode record) {
        ObjectNode status = (ObjectNode) record.path("status");
        ObjectNode annotations = status.has("annotations") ? (ObjectNode) status.get("annotations") : status.putObject("annotations");
        annotations.put("example.com/token", ANNOTATION);
        annotations.put("kubectl.kubernetes.io/last-applied-configuration", "{\"apiVersion\":\"v1\",\"kind\":\"Pod\","
                + "\"spec\":{\"containers\":[{\"env\":[{\"name\":\"DB_PASSWORD\",\"value\":\"" + LAST_APPLIED + "\"}]}]}}\n");
        ObjectNode config = (ObjectNode) record.path("info").path("config");
        arrayOf(config, "args").add("--password").add(ARG);
        arrayOf(config, "envs").addObject().put("key", "DB_PASSWORD").put("value", ENV);
        ((ObjectNode) config.path("annotations")).put("example.com/token", ANNOTATION);
        ObjectNode process = (ObjectNode) record.path("info").path("runtimeSpec").path("process");
        arrayOf(process, "args").add("--password").add(ARG);
        arrayOf(process, "env").add("DB_PASSWORD=" + ENV);
        return record;
    }

    private static ArrayNode arrayOf(ObjectNode parent, String field) {
        return parent.has(field) ? (ArrayNode) parent.get(field) : parent.putArray(field);
    }

    private static void store(LabNode lab, String kind, String id, JsonNode record) {
        String path = LabWiring.STATE + "/" + kind + "/" + id + ".json";
        // a here-document in the argv: docker exec never ends stdin (test records, nothing secret to the node)
        var r = lab.access().exec("sh", "-c", "cat > " + path + " <<'RECORD'\n"
                + JSON.writerWithDefaultPrettyPrinter().writeValueAsString(record) + "\nRECORD\n");
        assertEquals(0, r.exitCode(), "writing " + path + ": " + r.stderr());
    }

    /** A capture without its `# ` provenance header. */
    private static ObjectNode fixture(String name) {
        try (InputStream in = RuntimeRecordsSelectionIT.class.getResourceAsStream("/fixtures/crictl/" + name)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.startsWith("#")).collect(Collectors.joining("\n"));
            return (ObjectNode) JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
