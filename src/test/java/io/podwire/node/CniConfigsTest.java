package io.podwire.node;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which CNI wires a node's pods, from the CNI config the runtime loads, on the shapes the CNIs install. */
@DisplayName("CNI configs: the config the runtime loads tells Calico's wiring from another CNI's")
class CniConfigsTest {
    private static RawSnapshot withCni(String stdout, int exit) {
        Section s = new Section(CniConfigs.SECTION, RecordedSnapshots.CNI_COMMAND, exit, stdout, exit == 0 ? "" : "head: error");
        return new RawSnapshot("node-a", Instant.EPOCH, stdout, Map.of(CniConfigs.SECTION, s));
    }

    @Test
    @DisplayName("Calico's conflist (the lab's, as install-cni writes it) chains the calico plugin: Calico wires the pods")
    void calicosOwnConflistIsCalicoWiring() {
        Observed<CniConfigs> cni = CniConfigs.of(withCni(RecordedSnapshots.LAB_CNI_CONFIG, 0));
        assertTrue(cni.available(), cni::toString);
        assertTrue(cni.value().chains("calico"), cni.value().describe());
    }

    @Test
    @DisplayName("EKS's aws-cni and AKS's azure-vnet conflists are another CNI's wiring, named plugin by plugin")
    void cloudCnisAreNotCalicoWiring() {
        CniConfigs eks = CniConfigs.of(withCni(RecordedSnapshots.EKS_AWS_CNI, 0)).value();
        assertFalse(eks.chains("calico"));
        assertEquals(Map.of("/etc/cni/net.d/10-aws.conflist", List.of("aws-cni", "egress-cni", "portmap")),
                eks.pluginTypes());
        CniConfigs aks = CniConfigs.of(withCni(RecordedSnapshots.AKS_AZURE_CNI, 0)).value();
        assertFalse(aks.chains("calico"));
        assertEquals("/etc/cni/net.d/10-azure.conflist: azure-vnet, portmap", aks.describe());
    }

    @Test
    @DisplayName("k3s: Calico's config in k3s's own CNI directory counts, whatever the standard directory holds")
    void aCalicoConfigInEitherDirectoryIsCalicoWiring() {
        String k3s = RecordedSnapshots.LAB_CNI_CONFIG.replace(io.podwire.lab.LabWiring.CNI_CONFIG,
                "/var/lib/rancher/k3s/agent/etc/cni/net.d/10-calico.conflist");
        assertTrue(CniConfigs.of(withCni(RecordedSnapshots.AKS_AZURE_CNI + k3s, 0)).value().chains("calico"));
    }

    @Test
    @DisplayName("no config file is absent; a failed read or a file that is no JSON object could not be observed")
    void noConfigIsAbsentAndAnUnreadableOneUnobservable() {
        assertTrue(CniConfigs.of(withCni("", 0)).absent());
        assertEquals(Observed.State.UNOBSERVABLE, CniConfigs.of(withCni("", 1)).state());
        assertEquals(Observed.State.UNOBSERVABLE, CniConfigs.of(withCni("==> /etc/cni/net.d/10-x.conf <==\nnot json\n", 0))
                .state());
    }
}
