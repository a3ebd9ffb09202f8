package io.podwire.report;

import io.podwire.profile.calico.CalicoNaming;
import io.podwire.node.ExpectedPod;
import io.podwire.node.NodeState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WiringMapTest {
    private static ExpectedPod pod(String name, String ip) {
        return new ExpectedPod("test", name, SampleVerdicts.NODE, ip, List.of(name), false);
    }

    private static final List<ExpectedPod> LAB = List.of(pod("pinger", "10.42.0.10"), pod("app", "10.42.0.11"),
            pod("web", "10.42.0.12"));

    @Test
    void everyRowOfTheLabNodeFollowsTheKernelsOwnPairing() {
        NodeState state = SampleVerdicts.labState();

        WiringMap map = WiringMap.of(LAB, state);

        assertEquals(3, map.rows().size());
        for (WiringMap.Row r : map.rows()) {
            var sandbox = state.sandbox(r.namespace(), r.pod()).value().orElseThrow();
            var eth0 = state.netnsView(state.proc(sandbox.pid()).value().netNs()).value().link("eth0").orElseThrow();
            var host = state.linksByIndex().value().get(eth0.peerIfindex());
            assertEquals(sandbox.pid(), r.pausePid(), r.pod());
            assertEquals(sandbox.netnsName(), r.netns(), r.pod());  // one name: no alias pinned on the lab node
            assertEquals(eth0.ifindex(), r.eth0Ifindex(), r.pod());
            assertEquals(host.ifindex(), r.hostIfindex(), r.pod());
            assertEquals(CalicoNaming.hostVethName("test", r.pod()), r.hostVeth(), r.pod());
            assertEquals(state.ethtool(r.hostVeth()).value().peerIfindex(), r.peerIfindex(), r.pod());
            assertEquals((long) r.eth0Ifindex(), r.peerIfindex(), r.pod());
            assertEquals("", r.note(), r.pod());
        }
        assertEquals("10.42.0.10/32", map.byPod().get("test/pinger").podIp());
    }

    @Test
    void theTableHasAHeaderAndOneLinePerPod() {
        WiringMap map = WiringMap.of(LAB, SampleVerdicts.labState());

        List<String> lines = map.table().lines().toList();

        assertEquals("Wiring map of node lab-node-1 (snapshot 2026-11-29T06:30:00Z)", lines.get(0));
        assertTrue(lines.get(1).startsWith("pod     namespace  pause pid  netns"), lines.get(1));
        assertEquals(5, lines.size());
        assertTrue(lines.get(2).startsWith("pinger  test"), lines.get(2));
        assertEquals(4, map.csv().lines().count());
        assertTrue(map.markdown().contains("| pinger | test | "), map.markdown());
    }

    @Test
    void aPodTheRuntimeDoesNotKnowSaysSoInsteadOfGuessing() {
        WiringMap map = WiringMap.of(List.of(pod("ghost", "10.42.0.99")), SampleVerdicts.labState());

        WiringMap.Row r = map.rows().get(0);
        assertNull(r.pausePid());
        assertNull(r.hostVeth());
        assertEquals("runtime: the node runtime has no ready sandbox for pod test/ghost", r.note());
    }

    @Test
    void podsOfOtherNodesAndHostNetworkPodsAreHandled() {
        ExpectedPod elsewhere = new ExpectedPod("test", "far", "other-node", "10.42.1.5", List.of("far"), false);
        ExpectedPod host = new ExpectedPod("kube-system", "calico-node-x", SampleVerdicts.NODE, "172.17.0.2",
                List.of("calico-node"), true);

        Map<String, WiringMap.Row> rows = WiringMap.of(List.of(elsewhere, host), SampleVerdicts.labState()).byPod();

        assertEquals(List.of("kube-system/calico-node-x"), List.copyOf(rows.keySet()));
        assertEquals("hostNetwork pod: no netns or veth of its own", rows.get("kube-system/calico-node-x").note());
    }
}
