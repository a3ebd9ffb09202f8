package io.podwire.run;

import io.podwire.InfrastructureException;
import io.podwire.verdict.ClaimId;
import io.podwire.node.ExpectedPod;
import io.podwire.verdict.Verdict;
import io.podwire.verdict.VerdictAssertions;
import io.podwire.verdict.VerdictMessages;
import io.podwire.lab.LabPod;
import io.podwire.node.AnsweringNode;
import io.podwire.node.ExecResult;
import io.podwire.node.NodeAccess;
import io.podwire.node.SyntheticSnapshot;
import io.podwire.node.RecordedSnapshots;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The inspection pipeline on nodes that answer with recorded-format snapshots: no Docker needed. */
@DisplayName("Inspection pipeline: every pod of every node, each node on its own, nodes in parallel")
class InspectorTest {

    @Test
    @DisplayName("with no pod list, every ready sandbox of every node is inspected, one exec per node, every snapshot-only claim passes")
    void auditsEveryRuntimePodOfEveryNode() {
        int[] pods = {40, 60, 5};
        List<AnsweringNode> nodes = List.of(labPods("node-a", pods[0]), labPods("node-b", pods[1]), labPods("node-c", pods[2]));
        List<NodeInspection> audits = Inspector.create().inspectRuntimePods(nodes, 2);
        assertEquals(List.of("node-a", "node-b", "node-c"), audits.stream().map(NodeInspection::node).toList(),
                "one audit per node, in the order given");
        for (int i = 0; i < nodes.size(); i++) {
            NodeInspection a = audits.get(i);
            assertTrue(a.failure().isEmpty(), () -> a.node() + ": " + a.failure());
            assertEquals(pods[i], a.pods().size(), a.node() + ": pods from the runtime's sandboxes");
            assertEquals(1, nodes.get(i).execs(), a.node() + ": execs");
            VerdictAssertions.assertAllHold(a.verdicts().stream().filter(v -> v.claim().nodeSideOnly()).toList());
        }
        ExpectedPod app = audits.get(0).pods().stream().filter(p -> p.name().equals("app")).findFirst().orElseThrow();
        assertEquals(new ExpectedPod("test", "app", "node-a", "10.42.0.11", List.of("nginx", "sidecar"), false), app,
                "IP and containers come from the runtime's records");
    }

    @Test
    @DisplayName("the selector narrows pods by namespace and by the runtime's labels")
    void selectorNarrowsByNamespaceAndLabel() {
        AnsweringNode node = labPods("node-a", 30);
        NodeInspection webs = Inspector.create().selecting(PodSelector.namespaces("test").withLabel("app", "web"))
                .inspectRuntimePods(List.of(node), 1).get(0);
        assertEquals(28, webs.pods().size(), "web-2 … web-29");
        NodeInspection none = Inspector.create().selecting(PodSelector.namespaces("kube-system"))
                .inspectRuntimePods(List.of(node), 1).get(0);
        assertEquals(List.of(), none.pods(), "no pod in kube-system");
    }

    @Test
    @DisplayName("given pods are audited as given; a pod the runtime does not know is kept and fails C1")
    void givenPodsAreAuditedAndUnknownOnesFail() {
        AnsweringNode node = labPods("node-a", 10);
        List<ExpectedPod> given = new ArrayList<>(LabPod.many(10).stream().map(p -> p.expected("node-a")).toList());
        given.add(new ExpectedPod("test", "ghost", "node-a", "10.42.0.99", List.of("ghost"), false));
        Map<NodeAccess, Optional<List<ExpectedPod>>> byNode = new LinkedHashMap<>();
        byNode.put(node, Optional.of(given));
        NodeInspection a = Inspector.create().selecting(PodSelector.all().withLabel("app", "web"))
                .inspectAll(byNode, 4).get(0);
        assertTrue(a.pods().stream().anyMatch(p -> p.name().equals("ghost")), "a pod with no sandbox is not skipped");
        Verdict c1 = a.verdicts().stream().filter(v -> v.claim() == ClaimId.C1 && v.pod().equals("ghost")).findFirst().orElseThrow();
        assertEquals(Verdict.Status.FAIL, c1.status(), VerdictMessages.describe(c1));
    }

    @Test
    @DisplayName("a listed pod the list no longer names after the snapshot is not judged (GONE); one it still names and the runtime lacks FAILs C1")
    void aPodThatLeftIsNotJudgedAndAPodWithoutASandboxStillFails() {
        AnsweringNode node = labPods("node-a", 4);
        List<ExpectedPod> listed = new ArrayList<>(LabPod.many(4).stream().map(p -> p.expected("node-a")).toList());
        ExpectedPod left = new ExpectedPod("test", "left", "node-a", "10.42.0.98", List.of("c"), false);
        ExpectedPod missing = new ExpectedPod("test", "missing", "node-a", "10.42.0.99", List.of("c"), false);
        listed.add(left);
        listed.add(missing);
        List<ExpectedPod> relisted = listed.stream().filter(p -> p != left).toList();
        Map<NodeAccess, Optional<List<ExpectedPod>>> byNode = new LinkedHashMap<>();
        byNode.put(node, Optional.of(listed));

        NodeInspection a = Inspector.create().tellingChurn(Churn.relisting(() -> relisted)).inspectAll(byNode, 1).get(0);

        assertEquals(List.of("test/left"), a.notJudged().stream().map(NotJudged::podKey).toList());
        assertEquals(NotJudged.Outcome.GONE, a.notJudged().get(0).outcome());
        assertTrue(a.verdicts().stream().noneMatch(v -> v.pod().equals("left")), "no verdict for a pod that left");
        assertTrue(a.pods().stream().noneMatch(p -> p == left), "not among the judged pods");
        Verdict c1 = a.verdicts().stream().filter(v -> v.claim() == ClaimId.C1 && v.pod().equals("missing")).findFirst()
                .orElseThrow();
        assertEquals(Verdict.Status.FAIL, c1.status(), VerdictMessages.describe(c1));
    }

    @Test
    @DisplayName("a node whose pods can't be listed again after its snapshot fails alone, as infrastructure, judging nothing")
    void aFailedRelistIsTheNodesInfrastructureFailure() {
        Churn down = (node, pods, at, by) -> {
            throw new IllegalStateException("the API server is unreachable");
        };
        NodeInspection a = Inspector.create().tellingChurn(down).inspectRuntimePods(List.of(labPods("node-a", 2)), 1).get(0);
        assertInstanceOf(InfrastructureException.class, a.failure().orElseThrow());
        assertTrue(a.failure().get().getMessage().contains("could not be listed again after its snapshot"),
                a.failure().get().getMessage());
        assertEquals(List.of(), a.verdicts());
    }

    @Test
    @DisplayName("a node whose runtime loads EKS's aws-cni config is not a Calico-CNI node: it fails as such, no claim judged")
    void aNodeWiredByAnotherCniIsNotJudged() {
        String lab = SyntheticSnapshot.text(LabPod.many(3).stream().map(p -> p.expected("node-eks")).toList());
        AnsweringNode eks = new AnsweringNode("node-eks", lab.replace(RecordedSnapshots.LAB_CNI_CONFIG,
                RecordedSnapshots.EKS_AWS_CNI.strip()));
        List<NodeInspection> seen = Inspector.create().requiringCalicoCni()
                .inspectRuntimePods(List.of(eks, labPods("node-a", 3)), 2);

        NotACalicoCniNode why = assertInstanceOf(NotACalicoCniNode.class, seen.get(0).failure().orElseThrow());
        assertEquals(List.of("aws-cni", "egress-cni", "portmap"), why.cni().pluginTypes().get("/etc/cni/net.d/10-aws.conflist"));
        assertTrue(why.getMessage().startsWith("not a Calico-CNI node: on node-eks"), why.getMessage());
        assertEquals(List.of(), seen.get(0).verdicts(), "no claim judged, none FAILs");
        assertTrue(seen.get(1).failure().isEmpty(), "a Calico node beside it is judged");
        assertEquals(3, seen.get(1).pods().size());
    }

    @Test
    @DisplayName("a node without crictl fails as infrastructure naming crictl, no claim judged")
    void aNodeWithoutCrictlFailsNamingIt() {
        String text = RecordedSnapshots.withSection(SyntheticSnapshot.text(LabPod.many(2).stream()
                        .map(p -> p.expected("node-cos")).toList()), "node.tools", "command -v ip …", 0,
                "ip /sbin/ip\nethtool /sbin/ethtool\ncrictl missing\ncrictl.config default", "");
        NodeInspection a = Inspector.create().inspectRuntimePods(List.of(new AnsweringNode("node-cos", text)), 1).get(0);
        InfrastructureException e = assertInstanceOf(InfrastructureException.class, a.failure().orElseThrow());
        assertTrue(e.getMessage().startsWith("node node-cos lacks crictl ("), e.getMessage());
        assertEquals(List.of(), a.verdicts());
    }

    @Test
    @DisplayName("a node that can't be reached fails alone, as infrastructure; the other nodes are still audited")
    void unreachableNodeFailsAlone() {
        NodeAccess down = new NodeAccess() {
            @Override
            public String nodeName() {
                return "node-down";
            }

            @Override
            public ExecResult exec(String... command) {
                throw new InfrastructureException("exec on node node-down failed: connection refused");
            }

            @Override
            public ExecResult execWithInput(String input, String... command) {
                return exec(command);
            }
        };
        List<NodeInspection> audits = Inspector.create().inspectRuntimePods(List.of(down, labPods("node-a", 3)), 2);
        assertInstanceOf(InfrastructureException.class, audits.get(0).failure().orElseThrow(), "node-down");
        assertTrue(audits.get(1).failure().isEmpty(), "node-a");
        assertEquals(3, audits.get(1).pods().size(), "node-a pods");
    }

    @Test
    @DisplayName("judging only the snapshot-only claims gives exactly their verdicts, node-wide halves included")
    void judgingASubsetOfTheCatalogueGivesExactlyItsVerdicts() {
        NodeInspection a = Inspector.create().judging(ClaimId.nodeSide())
                .inspectRuntimePods(List.of(labPods("node-a", 7)), 1).get(0);
        assertEquals(ClaimId.verdictCount(7, ClaimId.nodeSide()), a.verdicts().size(), "verdicts");
        assertTrue(a.verdicts().stream().allMatch(v -> v.claim().nodeSideOnly()), "only the claims asked for");
    }

    /** A node answering the snapshot script with the synthetic output of n lab pods. */
    private static AnsweringNode labPods(String name, int pods) {
        return new AnsweringNode(name, SyntheticSnapshot.text(LabPod.many(pods).stream().map(p -> p.expected(name)).toList()));
    }
}
