package io.podwire.lab;

import io.podwire.verdict.ClaimId;
import io.podwire.verdict.Verdict;
import io.podwire.verdict.VerdictAssertions;
import io.podwire.verdict.VerdictMessages;
import io.podwire.node.ExpectedPod;
import io.podwire.report.ClaimReport;
import io.podwire.run.Inspector;
import io.podwire.run.NodeInspection;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A second interface in a pod, as Multus's macvlan attachment puts it there (a macvlan on the node's eth0 moved into
 * the pod netns as net1): expected when the pod declares it (k8s.v1.cni.cncf.io/networks), named in C3's evidence;
 * the same interface undeclared still FAILs C3.
 */
@ExtendWith(LabNodeExtension.class)
@DisplayName("Lab node, declared interfaces: a Multus-style net1 is expected when declared and FAILs C3 when not")
class DeclaredInterfacesLabIT {

    @Test
    @DisplayName("C3 holds with net1 declared (named in the evidence) and FAILs for the same net1 undeclared")
    void aDeclaredExtraInterfaceIsExpectedAndAnUndeclaredOneFails(@FreshLab LabNode lab) {
        WiredPod app = lab.pod("app");
        lab.run("a macvlan net1 into " + app.pod().key() + ", as Multus's macvlan attachment", "ip link add net1 link eth0"
                + " type macvlan mode bridge\nip link set net1 netns " + app.netns() + "\nip -n " + app.netns()
                + " link set net1 up\n");
        List<ExpectedPod> undeclared = lab.expectedPods();
        List<ExpectedPod> declared = undeclared.stream().map(p -> !p.name().equals("app") ? p : new ExpectedPod(
                p.namespace(), p.name(), p.node(), p.ip(), p.containers(), p.hostNetwork(), p.ipv6(), List.of("net1")))
                .toList();

        NodeInspection withDeclaration = inspect(lab, declared);
        withDeclaration.verdicts().forEach(ClaimReport::record);
        VerdictAssertions.assertAllHold(withDeclaration.verdicts());
        Verdict c3 = c3Of(withDeclaration, "app");
        assertEquals(List.of("net1"), c3.evidence().values().get("declaredInterfaces"), VerdictMessages.describe(c3));

        Verdict failed = c3Of(inspect(lab, undeclared), "app");
        assertEquals(Verdict.Status.FAIL, failed.status(), VerdictMessages.describe(failed));
        assertTrue(failed.reason().contains("net1"), failed.reason());
    }

    private static NodeInspection inspect(LabNode lab, List<ExpectedPod> pods) {
        return Inspector.create().judging(ClaimId.nodeSide()).inspectAll(Inspector.expectedByNode(pods,
                n -> lab.access()), 1).get(0);
    }

    private static Verdict c3Of(NodeInspection seen, String pod) {
        return seen.verdicts().stream().filter(v -> v.claim() == ClaimId.C3 && v.pod().equals(pod)).findFirst()
                .orElseThrow();
    }
}
