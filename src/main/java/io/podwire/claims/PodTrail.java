package io.podwire.claims;

import io.podwire.node.NetLink;
import io.podwire.node.NetnsView;
import io.podwire.node.NodeState;
import io.podwire.node.Observed;
import io.podwire.node.Proc;
import io.podwire.node.Sandbox;

import java.util.Map;
import java.util.Optional;

/**
 * The lookups that lead from a pod to its kernel objects, as the lab walks them: runtime sandbox → pause process
 * → pinned netns → eth0@ifX → node link X. Each step is an Observed, so a claim can say exactly where the trail ends.
 */
final class PodTrail {
    static final String NO_NODE_LINK = "the node has no link with ifindex ";
    static final String NETNS_VIEWS = "ip -all netns exec ip -j -d -b <addr show; route show>";

    private PodTrail() {
    }

    static Observed<Sandbox> sandbox(ExpectedPod pod, NodeState s) {
        Observed<Optional<Sandbox>> found = s.sandbox(pod.namespace(), pod.name());
        if (!found.available()) {
            return Observed.unavailable(found.command(), found.problem());
        }
        return found.value().map(sb -> Observed.of(sb, found.command())).orElseGet(() ->
                Observed.unavailable(found.command(), "the node runtime has no ready sandbox for pod " + pod.key()));
    }

    static Observed<Proc> pause(Sandbox sandbox, NodeState s) {
        Observed<Map<Integer, Proc>> procs = s.procs();
        if (!procs.available()) {
            return Observed.unavailable(procs.command(), procs.problem());
        }
        Proc p = procs.value().get(sandbox.pid());
        return p == null
                ? Observed.unavailable(procs.command(), "the sandbox's pause pid " + sandbox.pid() + " is not running")
                : Observed.of(p, procs.command());
    }

    static Observed<NetnsView> podNetns(ExpectedPod pod, NodeState s) {
        Observed<Sandbox> sandbox = sandbox(pod, s);
        if (!sandbox.available()) {
            return Observed.unavailable(sandbox.command(), sandbox.problem());
        }
        String name = sandbox.value().netnsName();
        Observed<Map<String, NetnsView>> views = s.netnsViews();
        if (!views.available()) {
            return Observed.unavailable(views.command(), views.problem());
        }
        NetnsView view = name == null ? null : views.value().get(name);
        return view == null
                ? Observed.unavailable(views.command(), "the pod's netns " + sandbox.value().netnsPath()
                + " is not among the pinned netns under /var/run/netns (see C2)")
                : Observed.of(view, views.command());
    }

    static Observed<NetLink> eth0(ExpectedPod pod, NodeState s) {
        Observed<NetnsView> view = podNetns(pod, s);
        if (!view.available()) {
            return Observed.unavailable(view.command(), view.problem());
        }
        return view.value().link("eth0").map(l -> Observed.of(l, view.command()))
                .orElseGet(() -> Observed.unavailable(view.command(), "the pod netns " + view.value().netns()
                        + " has no eth0 (see C3)"));
    }

    /** The node end of the pod's veth: node link X of the pod's `eth0@ifX`. */
    static Observed<NetLink> hostVeth(ExpectedPod pod, NodeState s) {
        Observed<NetLink> eth0 = eth0(pod, s);
        if (!eth0.available()) {
            return Observed.unavailable(eth0.command(), eth0.problem());
        }
        if (eth0.value().peerIfindex() == null) {
            return Observed.unavailable(eth0.command(), "the pod's eth0 has no peer (@ifX): it is not a veth end");
        }
        Observed<Map<Integer, NetLink>> links = s.linksByIndex();
        if (!links.available()) {
            return Observed.unavailable(links.command(), links.problem());
        }
        NetLink host = links.value().get(eth0.value().peerIfindex());
        return host == null
                ? Observed.unavailable(links.command(), NO_NODE_LINK
                + eth0.value().peerIfindex() + " (the pod's eth0@if" + eth0.value().peerIfindex() + ")")
                : Observed.of(host, links.command());
    }

    /** A pod's veth without a node end is a violation; a trail that could not be followed was not observed. */
    static Verdict missingHostVeth(Judge j, Observed<NetLink> host, String expected, String observed) {
        return host.problem().startsWith(NO_NODE_LINK) ? j.fail(host.problem(), expected, observed)
                : j.inconclusive(host, expected);
    }
}
