package io.podwire.verdict;

import io.podwire.node.IpLinkTextParser;
import io.podwire.node.NetLink;
import io.podwire.node.NodeState;
import io.podwire.node.Observed;

import java.util.List;
import java.util.Map;

/** How the evidence names kernel objects, the same in every claim: a node link's peer, a netns by its pinned names. */
public final class KernelText {
    private KernelText() {
    }

    /** What node link X of the pod's eth0@ifX is, for a violation's observed value. */
    public static String whereNodeLinkLeads(Integer x, NodeState s, Judge j) {
        if (x == null) {
            return "eth0 has no @ifX peer";
        }
        Observed<Map<Integer, NetLink>> links = s.linksByIndex();
        NetLink l = links.available() ? links.value().get(x) : null;
        if (l == null) {
            return "no node link " + x + " (eth0@if" + x + ")";
        }
        j.excerpt(l.json());
        Observed<Long> peer = s.peerNetnsOf(l);
        return "node link " + x + " is " + l.displayName() + " with its peer ifindex " + l.peerIfindex() + " in "
                + (peer.available() ? netnsNames(s, peer.value()) : peer.problem());
    }

    /** A netns by its pinned names and inode: "cni-1234 (inode 4026532)". */
    public static String netnsNames(NodeState s, long inode) {
        List<String> names = s.netnsNames(inode);
        return names.isEmpty() ? "netns inode " + inode : String.join(" = ", names) + " (inode " + inode + ")";
    }

    /** Where `ip -d link` says a veth's peer lives: its link-netns name or id. */
    public static String netnsRef(NetLink h, String block) {
        return IpLinkTextParser.netnsRef(block)
                .map(ref -> ref.name() != null ? "link-netns " + ref.name() : "link-netnsid " + ref.nsid())
                .orElse(h.linkNetnsId() == null ? "no link-netns" : "link-netnsid " + h.linkNetnsId());
    }
}
