package io.podwire.conformance;

import io.podwire.profile.calico.CalicoNodeState;
import io.podwire.profile.calico.CalicoNaming;
import io.podwire.verdict.ClaimInconclusiveException;
import io.podwire.node.ExpectedPod;
import io.podwire.cluster.ClusterExtension;
import io.podwire.cluster.ConformanceRun;
import io.podwire.node.ExecResult;
import io.podwire.node.NetLink;
import io.podwire.node.NodeState;
import io.podwire.node.Observed;
import io.podwire.node.PodSideViews;
import io.qameta.allure.Allure;
import io.qameta.allure.Epic;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lab seen from inside the pod (`kubectl exec pinger -- ip addr`), cross-checked with the node's side of the pair. */
@Epic("Pod networking conformance")
@DisplayName("Pod-side view on the target (a Calico cluster, or a lab node)")
@ExtendWith(ClusterExtension.class)
class PodSideViewIT {
    /** `2: eth0@if7: <BROADCAST,…>` then `    inet 10.42.0.5/32 …`, as `ip addr` prints it (iproute2 and busybox). */
    private static final Pattern ETH0 = Pattern.compile("^\\d+:\\s+eth0@if(\\d+):[\\s\\S]*?^\\s+inet\\s+(\\S+)",
            Pattern.MULTILINE);

    @Test
    @DisplayName("C4 C5 pinger's ip addr shows its pod IP as /32 on eth0@ifX, X being its cali veth on the node")
    void pingerSeesItsSlash32OnEth0PairedWithItsCaliVeth(ConformanceRun run) {
        ExpectedPod pinger = pinger(run);
        ExecResult r = run.podExec().exec(pinger, pinger.containers().get(0), "ip", "addr", "show", "dev", "eth0");
        Allure.addAttachment("kubectl exec pinger -- ip addr show dev eth0", "text/plain", r.stdout() + r.stderr(), ".txt");
        if (!r.succeeded()) {
            throw new ClaimInconclusiveException("`" + r.commandLine() + "` in " + pinger.key() + " exited " + r.exitCode()
                    + ": " + r.stderr().strip());
        }
        Matcher m = ETH0.matcher(r.stdout());
        assertTrue(m.find(), "pinger's `" + r.commandLine() + "` shows eth0@ifX with an IPv4 address; observed: "
                + r.stdout().strip());
        assertEquals(pinger.ip() + "/32", m.group(2), "address of eth0 in " + pinger.key() + " (`" + r.commandLine() + "`)");

        NodeState node = run.nodeStates().get(pinger.node());
        // named with Felix's first interface prefix, as Calico's CNI names it (C6)
        if (!CalicoNodeState.of(node).felix().available()) {
            throw new ClaimInconclusiveException("Felix's interface prefix on " + pinger.node() + " unavailable: "
                    + CalicoNodeState.of(node).felix().problem());
        }
        String cali = CalicoNaming.hostVethName(CalicoNodeState.of(node).felix().value().namingPrefix(), pinger.namespace(), pinger.name());
        Observed<Map<String, NetLink>> links = node.linksByName();
        if (!links.available()) {
            throw new ClaimInconclusiveException("node links of " + pinger.node() + " unavailable: " + links.problem());
        }
        NetLink hostEnd = links.value().get(cali);
        assertTrue(hostEnd != null, "node " + pinger.node() + " has link " + cali + " (`" + links.command() + "`)");
        assertEquals(hostEnd.ifindex(), Integer.parseInt(m.group(1)), "X in pinger's eth0@ifX = ifindex of " + cali
                + " on node " + pinger.node());
    }

    private static ExpectedPod pinger(ConformanceRun run) {
        return run.pods().stream().filter(p -> p.name().equals(PodSideViews.PINGER)).findFirst().orElseThrow(() ->
                new ClaimInconclusiveException("no pod " + PodSideViews.PINGER + " in " + run.pods()));
    }
}
