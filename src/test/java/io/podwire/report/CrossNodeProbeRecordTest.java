package io.podwire.report;

import io.podwire.claims.ClaimEngine;
import io.podwire.verdict.ClaimId;
import io.podwire.verdict.Verdict;
import io.podwire.lab.LabPod;
import io.podwire.node.ExecResult;
import io.podwire.node.ExpectedPod;
import io.podwire.node.NodeState;
import io.podwire.node.PodSideViews;
import io.podwire.node.RecordedSnapshots;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The record says which node each side of the reachability probe is on: C11's verdict carries the pinger and its
 * node (from the pod-side probe as it ran), its own pod's node, and whether the probe crossed nodes.
 */
@DisplayName("C11's record names the pinger's node and the probed pod's, and whether the probe crossed nodes")
class CrossNodeProbeRecordTest {
    private static final NodeState APP_NODE = RecordedSnapshots.state(RecordedSnapshots.THREE_PODS);

    @Test
    @DisplayName("a pinger on another node than the probed pod: crossNode true, both nodes named")
    void aProbeFromAnotherNodeIsRecordedAsCrossNode() {
        Map<String, Object> probe = probeOfApp("node-b");

        assertEquals(expected("node-b", true), probe);
    }

    @Test
    @DisplayName("a pinger on the probed pod's node: crossNode false")
    void aProbeOnOneNodeIsRecordedAsSameNode() {
        assertEquals(expected(APP_NODE.node(), false), probeOfApp(APP_NODE.node()));
    }

    @Test
    @DisplayName("every other claim's record has no probe")
    void otherClaimsHaveNoProbe() {
        List<ExpectedPod> pods = pods("node-b");
        List<Verdict> c1 = ClaimEngine.evaluate(List.of(app(pods)), APP_NODE, PodSideViews.none(), List.of(ClaimId.C1));
        assertEquals(null, VerdictsFile.probe(c1.get(0)));
    }

    private static Map<String, Object> expected(String fromNode, boolean cross) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", "test/pinger");
        m.put("fromNode", fromNode);
        m.put("toNode", APP_NODE.node());
        m.put("crossNode", cross);
        return m;
    }

    /** C11 of app, judged on the recorded node, probed by a pinger on {@code pingerNode} through PodSideViews. */
    private static Map<String, Object> probeOfApp(String pingerNode) {
        List<ExpectedPod> pods = pods(pingerNode);
        // the pinger's ping answers; every other pod-side command prints nothing (their claims are not asked for)
        PodSideViews views = PodSideViews.observe(pods, (pod, container, command) -> new ExecResult(List.of(command), 0,
                command[0].equals("ping") ? "2 packets transmitted, 2 received, 0% packet loss\n" : "", ""));
        Verdict c11 = ClaimEngine.evaluate(List.of(app(pods)), APP_NODE, views, List.of(ClaimId.C11)).get(0);
        assertEquals(Verdict.Status.PASS, c11.status(), c11::reason);
        return VerdictsFile.probe(c11);
    }

    private static List<ExpectedPod> pods(String pingerNode) {
        List<ExpectedPod> pods = new ArrayList<>();
        for (LabPod p : LabPod.standard()) {
            pods.add(p.expected(p.name().equals("pinger") ? pingerNode : APP_NODE.node()));
        }
        return pods;
    }

    private static ExpectedPod app(List<ExpectedPod> pods) {
        return pods.stream().filter(p -> p.name().equals("app")).findFirst().orElseThrow();
    }
}
