package io.podwire.claims;

import io.podwire.InfrastructureException;
import io.podwire.lab.LabPod;
import io.podwire.node.ExecResult;
import io.podwire.node.Fixtures;
import io.podwire.node.NodeAccess;
import io.podwire.node.SyntheticSnapshot;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** All-pods mode on nodes that answer with recorded-format snapshots: no Docker needed. */
@DisplayName("All-pods mode: every pod of every node, nodes in parallel")
class ClusterAuditTest {

    @Test
    @DisplayName("with no pod list, every ready sandbox of every node is audited, one exec per node, C1–C9 all pass")
    void auditsEveryRuntimePodOfEveryNode() {
        List<FakeNode> nodes = List.of(new FakeNode("node-a", 40), new FakeNode("node-b", 60), new FakeNode("node-c", 5));
        List<ClusterAudit.NodeAudit> audits = new ClusterAudit(2, ClusterAudit.PodSelector.all()).auditRuntimePods(nodes);
        assertEquals(List.of("node-a", "node-b", "node-c"), audits.stream().map(ClusterAudit.NodeAudit::node).toList(),
                "one audit per node, in the order given");
        for (int i = 0; i < nodes.size(); i++) {
            ClusterAudit.NodeAudit a = audits.get(i);
            assertTrue(a.failure().isEmpty(), () -> a.node() + ": " + a.failure());
            assertEquals(nodes.get(i).pods, a.pods().size(), a.node() + ": pods from the runtime's sandboxes");
            assertEquals(1, nodes.get(i).execs.get(), a.node() + ": execs");
            VerdictAssertions.assertAllHold(a.verdicts().stream().filter(v -> v.claim() != ClaimId.C10).toList());
        }
        ExpectedPod app = audits.get(0).pods().stream().filter(p -> p.name().equals("app")).findFirst().orElseThrow();
        assertEquals(new ExpectedPod("test", "app", "node-a", "10.42.0.11", List.of("nginx", "sidecar"), false), app,
                "IP and containers come from the runtime's records");
    }

    @Test
    @DisplayName("the selector narrows pods by namespace and by the runtime's labels")
    void selectorNarrowsByNamespaceAndLabel() {
        FakeNode node = new FakeNode("node-a", 30);
        ClusterAudit.NodeAudit webs = new ClusterAudit(1, ClusterAudit.PodSelector.namespaces("test").withLabel("app", "web"))
                .auditRuntimePods(List.of(node)).get(0);
        assertEquals(28, webs.pods().size(), "web-2 … web-29");
        ClusterAudit.NodeAudit none = new ClusterAudit(1, ClusterAudit.PodSelector.namespaces("kube-system"))
                .auditRuntimePods(List.of(node)).get(0);
        assertEquals(List.of(), none.pods(), "no pod in kube-system");
    }

    @Test
    @DisplayName("given pods are audited as given; a pod the runtime does not know is kept and fails C1")
    void givenPodsAreAuditedAndUnknownOnesFail() {
        FakeNode node = new FakeNode("node-a", 10);
        List<ExpectedPod> given = new ArrayList<>(LabPod.many(10).stream().map(p -> p.expected("node-a")).toList());
        given.add(new ExpectedPod("test", "ghost", "node-a", "10.42.0.99", List.of("ghost"), false));
        Map<NodeAccess, List<ExpectedPod>> byNode = new LinkedHashMap<>();
        byNode.put(node, given);
        ClusterAudit.NodeAudit a = new ClusterAudit(4, ClusterAudit.PodSelector.all().withLabel("app", "web"))
                .audit(byNode).get(0);
        assertTrue(a.pods().stream().anyMatch(p -> p.name().equals("ghost")), "a pod with no sandbox is not skipped");
        Verdict c1 = a.verdicts().stream().filter(v -> v.claim() == ClaimId.C1 && v.pod().equals("ghost")).findFirst().orElseThrow();
        assertEquals(Verdict.Status.FAIL, c1.status(), VerdictMessages.describe(c1));
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
        List<ClusterAudit.NodeAudit> audits = new ClusterAudit(2, ClusterAudit.PodSelector.all())
                .auditRuntimePods(List.of(down, new FakeNode("node-a", 3)));
        assertInstanceOf(InfrastructureException.class, audits.get(0).failure().orElseThrow(), "node-down");
        assertTrue(audits.get(1).failure().isEmpty(), "node-a");
        assertEquals(3, audits.get(1).pods().size(), "node-a pods");
    }

    /** A node answering the snapshot script with the synthetic output of n lab pods. */
    private static final class FakeNode implements NodeAccess {
        private final String name;
        private final int pods;
        private final String output;
        private final AtomicInteger execs = new AtomicInteger();

        FakeNode(String name, int pods) {
            this.name = name;
            this.pods = pods;
            this.output = SyntheticSnapshot.text(LabPod.many(pods).stream().map(p -> p.expected(name)).toList());
        }

        @Override
        public String nodeName() {
            return name;
        }

        @Override
        public ExecResult exec(String... command) {
            throw new AssertionError("the snapshot runs with its nonce on stdin");
        }

        @Override
        public ExecResult execWithInput(String input, String... command) {
            execs.incrementAndGet();
            String nonce = input.strip();
            return new ExecResult(List.of(command), 0, output.replace("@@" + Fixtures.NONCE + " ", "@@" + nonce + " "), "");
        }
    }
}
