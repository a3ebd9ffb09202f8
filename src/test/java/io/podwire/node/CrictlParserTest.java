package io.podwire.node;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * crictl output shaped like containerd's (SandboxInfo / ContainerInfo JSON names, cri-tools outputStatusData):
 * one ID prints an object, several IDs print an array.
 */
class CrictlParserTest {
    private static final String INSPECTP = "crictl inspectp -o json";
    private static final String INSPECT = "crictl inspect -o json";

    @Test
    void oneSandboxObjectGivesPausePidAndPinnedNetns() {
        List<Sandbox> sandboxes = CrictlParser.sandboxes(INSPECTP, fixture("inspectp-pinger.json"));

        assertEquals(1, sandboxes.size(), "sandboxes");
        Sandbox pinger = sandboxes.get(0);
        assertEquals("test/pinger", pinger.podKey());
        assertEquals(4121, pinger.pid(), "info.pid (the pause process)");
        assertEquals("/var/run/netns/cni-7d3e2a1b-5c4f-6e8d-9a0b-1c2d3e4f5a6b", pinger.netnsPath());
        assertEquals("cni-7d3e2a1b-5c4f-6e8d-9a0b-1c2d3e4f5a6b", pinger.netnsName());
        assertTrue(pinger.id().startsWith("6f2c1d8e"), pinger.id());
    }

    @Test
    void anArrayOfSandboxesKeepsEveryPodInOrder() {
        List<Sandbox> sandboxes = CrictlParser.sandboxes(INSPECTP, fixture("inspectp-array.json"));

        assertEquals(List.of("test/pinger", "test/app", "kube-system/calico-node-x7k2p"),
                sandboxes.stream().map(Sandbox::podKey).toList());
        assertEquals(List.of(4121, 4388, 2210), sandboxes.stream().map(Sandbox::pid).toList(), "pause pids");
    }

    @Test
    void aHostNetworkSandboxHasNoNetnsPath() {
        Sandbox calicoNode = CrictlParser.sandboxes(INSPECTP, fixture("inspectp-array.json")).get(2);

        assertNull(calicoNode.netnsPath(), "hostNetwork: no network namespace in the runtime spec");
        assertNull(calicoNode.netnsName());
    }

    @Test
    void oneContainerObjectGivesItsSandboxAndProcess() {
        List<RuntimeContainer> containers = CrictlParser.containers(INSPECT, fixture("inspect-pinger.json"));

        assertEquals(1, containers.size(), "containers");
        RuntimeContainer pinger = containers.get(0);
        assertEquals("pinger", pinger.name());
        assertEquals(4170, pinger.pid(), "info.pid");
        assertTrue(pinger.sandboxId().startsWith("6f2c1d8e"), "info.sandboxID " + pinger.sandboxId());
    }

    @Test
    void anArrayOfContainersTiesBothAppContainersToOneSandbox() {
        List<RuntimeContainer> containers = CrictlParser.containers(INSPECT, fixture("inspect-array.json"));

        assertEquals(List.of("pinger", "nginx", "sidecar"), containers.stream().map(RuntimeContainer::name).toList());
        assertEquals(containers.get(1).sandboxId(), containers.get(2).sandboxId(), "nginx and sidecar share app's sandbox");
        assertEquals(List.of(4170, 4431, 4502), containers.stream().map(RuntimeContainer::pid).toList());
    }

    @Test
    void evidenceNamesTheDecidingFieldsNotTheRecord() {
        Sandbox pinger = CrictlParser.sandboxes(INSPECTP, fixture("inspectp-pinger.json")).get(0);

        assertTrue(pinger.excerpt().contains(pinger.id()) && pinger.excerpt().contains("pause pid " + pinger.pid()),
                "the excerpt names sandbox id and pause pid: " + pinger.excerpt());
        assertFalse(pinger.excerpt().contains("processStatus"), "no field of the record beyond those: " + pinger.excerpt());
    }

    @Test
    void aPidOfTheWrongTypeOrBeyondIntIsUnreadableOutputNotAnException() {
        String record = "{\"status\":{\"id\":\"s1\",\"metadata\":{\"name\":\"p\",\"namespace\":\"n\"}},\"info\":{\"pid\":%s}}";
        for (String pid : List.of("\"12\"", "99999999999999999999", "1.5", "{}", "-3")) {
            SnapshotParseException e = assertThrows(SnapshotParseException.class,
                    () -> CrictlParser.sandboxes(INSPECTP, record.formatted(pid)), pid);
            assertTrue(e.getMessage().contains("info.pid"), pid + ": " + e.getMessage());
        }
        String wrongLabels = "{\"status\":{\"id\":\"s1\",\"labels\":[1],\"metadata\":{\"name\":\"p\",\"namespace\":\"n\"}},\"info\":{\"pid\":5}}";
        assertThrows(SnapshotParseException.class, () -> CrictlParser.sandboxes(INSPECTP, wrongLabels));
    }

    @Test
    void anEmptyListFromTheSnapshotScriptMeansNoSandboxes() {
        assertEquals(List.of(), CrictlParser.sandboxes(INSPECTP, "[]\n"));
        assertEquals(List.of(), CrictlParser.containers(INSPECT, "[]\n"));
    }

    @Test
    void aSandboxWithoutInfoPidIsAParseErrorNamingTheField() {
        SnapshotParseException e = assertThrows(SnapshotParseException.class,
                () -> CrictlParser.sandboxes(INSPECTP, fixture("inspectp-without-info-pid.json")));

        assertTrue(e.getMessage().contains("missing field info.pid"), e.getMessage());
        assertEquals(INSPECTP, e.command());
    }

    private static String fixture(String name) {
        return RecordedSnapshots.text("/fixtures/crictl/" + name);
    }
}
