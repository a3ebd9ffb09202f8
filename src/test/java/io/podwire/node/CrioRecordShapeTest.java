package io.podwire.node;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * `crictl inspectp` on CRI-O, in the shape CRI-O's PodSandboxStatus builds it (cri-o server/sandbox_status.go at
 * f954a17e: status.{id, metadata, state, network.ip, linux.namespaces.options, labels}; with verbose, info is one JSON
 * object under key "info", which crictl prints parsed: `{"image","pid","runtimeSpec"}` for a real infra container,
 * only `{"runtimeSpec"}` for a spoofed one, i.e. when the infra container is dropped: drop_infra_ctr (default true,
 * pkg/config/config.go) and a pid namespace that is not the pod's (internal/lib/sandbox/sandbox_linux.go NeedsInfra)).
 * The namespaces are pinned by pinns under /var/run/{netns,ipcns,utsns}/<uuid>. Only the fields the snapshot's
 * template selects are kept here.
 */
@DisplayName("CRI-O's sandbox records: with an infra process read as containerd's, without one read with the namespaces it pinned")
class CrioRecordShapeTest {
    private static final String INSPECTP = "crictl inspectp -o go-template --template \"$SANDBOX_TEMPLATE\" …";
    private static final String STATUS = """
            "status":{"id":"5f0c3a","metadata":{"name":"web-0","uid":"7d1e","namespace":"shop","attempt":0},
             "state":"SANDBOX_READY","network":{"ip":"10.42.0.31"},
             "linux":{"namespaces":{"options":{"network":"POD","pid":"%s","ipc":"POD"}}},"labels":{"app":"web"}}""";
    private static final String NAMESPACES = """
            "runtimeSpec":{"linux":{"namespaces":[{"type":"pid"},
             {"type":"network","path":"/var/run/netns/8e1c2f4a-1b2c-4d3e-9f00-0123456789ab"},
             {"type":"ipc","path":"/var/run/ipcns/8e1c2f4a-1b2c-4d3e-9f00-0123456789ab"},
             {"type":"uts","path":"/var/run/utsns/8e1c2f4a-1b2c-4d3e-9f00-0123456789ab"},{"type":"mount"}]}}""";

    @Test
    @DisplayName("a sandbox with an infra container (shared pid namespace) gives its pid and CRI-O's pinned netns path")
    void aSandboxWithAnInfraProcessIsReadAsContainerds() {
        String record = "{\"info\":{\"image\":\"registry.k8s.io/pause:3.10\",\"pid\":4242," + NAMESPACES + "},"
                + STATUS.formatted("POD") + "}";
        Sandbox sb = CrictlParser.sandboxes(INSPECTP, record).get(0);
        assertEquals(List.of("shop/web-0", "4242", "/var/run/netns/8e1c2f4a-1b2c-4d3e-9f00-0123456789ab", "10.42.0.31"),
                List.of(sb.namespace() + "/" + sb.podName(), String.valueOf(sb.pid()), sb.netnsPath(), sb.ip()));
    }

    @Test
    @DisplayName("a sandbox whose infra container was dropped has no pid: read as infra-less, with the ipc, uts and net paths pinns pinned")
    void aSandboxWithoutAnInfraProcessIsReadWithItsPinnedNamespaces() {
        String record = "{\"info\":{\"pid\":null," + NAMESPACES + "}," + STATUS.formatted("CONTAINER") + "}";
        Sandbox sb = CrictlParser.sandboxes(INSPECTP, record).get(0);
        assertFalse(sb.hasInfra());
        assertEquals(List.of("/var/run/netns/8e1c2f4a-1b2c-4d3e-9f00-0123456789ab",
                        "/var/run/ipcns/8e1c2f4a-1b2c-4d3e-9f00-0123456789ab", "/var/run/utsns/8e1c2f4a-1b2c-4d3e-9f00-0123456789ab"),
                List.of(sb.netnsPath(), sb.ipcPath(), sb.utsPath()));
        assertTrue(sb.excerpt().contains("no infra process"), sb.excerpt());
    }

    @Test
    @DisplayName("CRI-O's verbose info without runtimeSpec and without pid is no record podwire can read: refused, saying which field")
    void aRecordWithNeitherPidNorSpecIsRefused() {
        String record = "{\"info\":{}," + STATUS.formatted("POD") + "}";
        SnapshotParseException e = assertThrows(SnapshotParseException.class, () -> CrictlParser.sandboxes(INSPECTP, record));
        assertTrue(e.getMessage().contains("info.pid"), e.getMessage());
    }
}
