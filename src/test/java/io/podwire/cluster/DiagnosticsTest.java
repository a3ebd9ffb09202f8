package io.podwire.cluster;

import io.podwire.run.RunEvents;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodListBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Diagnostics against fabric8's mock server: Calico is looked for where it is installed, not in kube-system only. */
@EnableKubernetesMockClient
class DiagnosticsTest {
    KubernetesMockServer server;
    KubernetesClient client;

    @Test
    void calicoNodeLogsOfAnOperatorInstallAreCollectedFromCalicoSystem(@TempDir Path dir) throws IOException {
        var pod = new PodBuilder().withNewMetadata().withName("calico-node-x1").withNamespace("calico-system")
                .addToLabels("k8s-app", "calico-node").endMetadata().withNewSpec().addNewContainer()
                .withName("calico-node").withImage("quay.io/calico/node:v3.32.1").endContainer().endSpec().build();
        server.expect().get().withPath("/api/v1/namespaces/calico-system/pods?labelSelector=k8s-app%3Dcalico-node")
                .andReturn(200, new PodListBuilder().addToItems(pod).build()).once();
        server.expect().get()
                .withPath("/api/v1/namespaces/calico-system/pods/calico-node-x1/log?pretty=false&container=calico-node&tailLines=300")
                .andReturn(200, "felix is running\n").once();
        Diagnostics d = new Diagnostics(dir, RunEvents.NONE);

        d.cluster(client);

        Path written = d.publish("test");
        Path log;
        try (var files = Files.list(written)) {
            List<Path> logs = files.filter(f -> f.getFileName().toString()
                    .endsWith("-log_calico-system_calico-node-x1_calico-node.txt")).toList();
            assertEquals(1, logs.size(), "the calico-node container's log, collected in calico-system");
            log = logs.get(0);
        }
        assertEquals("felix is running\n", Files.readString(log));
        try (var files = Files.list(written)) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().endsWith("-pods_in_calico-system.txt")),
                    "pods of calico-system described");
        }
    }
}
