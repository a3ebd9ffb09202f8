package io.podwire.verdict;

import io.podwire.node.ExpectedPod;
import io.podwire.node.NetLink;
import io.podwire.node.NetnsView;
import io.podwire.node.NodeState;
import io.podwire.node.Observed;
import io.podwire.node.Proc;
import io.podwire.node.Sandbox;

import java.util.List;

/**
 * One pod's kernel objects, resolved once from the node's state, by identity, as the lab walks them: runtime
 * sandbox → pause process → the pod's netns (the inode pause holds) → what is inside it → eth0 → the node end of
 * eth0's veth (the node link whose peer is (that netns, eth0's ifindex)) and every node link with a peer in that
 * netns. Each step is seen, absent or could not observe; claims read these fields and never re-walk the node.
 */
public record PodTrail(ExpectedPod pod, Observed<Sandbox> sandbox, Observed<Proc> pause, Observed<Long> netns,
                       Observed<NetnsView> view, Observed<NetLink> eth0, Observed<NetLink> nodeEnd,
                       Observed<List<NetLink>> nodeLinksIntoNetns) {

    public static PodTrail resolve(ExpectedPod pod, NodeState s) {
        Observed<Sandbox> sandbox = s.sandbox(pod.namespace(), pod.name()).then(found -> found
                .map(sb -> Observed.of(sb, s.sandboxesByPod().command()))
                .orElseGet(() -> Observed.absent(s.sandboxesByPod().command(),
                        "the node runtime has no ready sandbox for pod " + pod.key())));
        Observed<Proc> pause = sandbox.then(sb -> sb.hasInfra() ? s.proc(sb.pid())
                : Observed.absent(s.sandboxesByPod().command(), "the runtime runs sandbox " + sb.id()
                + " without an infra (pause) process"));
        Observed<Long> netns = sandbox.then(s::netnsOf);
        Observed<NetnsView> view = netns.then(s::netnsView);
        Observed<NetLink> eth0 = view.then(v -> v.link("eth0").map(l -> Observed.of(l, view.command()))
                .orElseGet(() -> Observed.absent(view.command(), "the pod netns holds no eth0")));
        Observed<List<NetLink>> into = netns.then(s::linksWithPeerIn);
        Observed<NetLink> nodeEnd = eth0.then(e -> into.then(links -> links.stream()
                .filter(l -> Integer.valueOf(e.ifindex()).equals(l.peerIfindex())).findFirst()
                .map(l -> Observed.of(l, into.command()))
                .orElseGet(() -> Observed.absent(into.command(), "no node link's peer is the pod's eth0 (ifindex "
                        + e.ifindex() + " in netns inode " + netns.value() + ")"))));
        return new PodTrail(pod, sandbox, pause, netns, view, eth0, nodeEnd, into);
    }

    /** The netns's pinned names, for the evidence ("cni-…", plus any alias). */
    public String netnsNames(NodeState s) {
        if (!netns.available()) {
            return "?";
        }
        List<String> names = s.netnsNames(netns.value());
        return names.isEmpty() ? "netns inode " + netns.value() : String.join(" = ", names);
    }
}
