package io.podwire.claims;

import io.podwire.node.EthtoolStats;
import io.podwire.node.NetLink;
import io.podwire.node.NetnsEntry;
import io.podwire.node.NetnsView;
import io.podwire.node.NodeState;
import io.podwire.node.Observed;
import io.podwire.node.PodSideView;
import io.podwire.node.PodSideViews;
import io.podwire.node.Proc;
import io.podwire.node.Reachability;
import io.podwire.node.Route;
import io.podwire.node.RuntimeContainer;
import io.podwire.node.Sandbox;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The claims of the lab, each a pure function of (expected pod, node snapshot[, pod-side views]) → Verdict.
 * No exec, no API call, no sleep in here: everything was observed before.
 */
public final class PodWiringClaims {
    static final String GATEWAY = "169.254.1.1";
    /** Fallback devices the kernel creates in every netns once their module is loaded (tunl0@NONE, gre0, …). */
    static final Set<String> KERNEL_FALLBACK_DEVICES = Set.of("tunl0", "gre0", "gretap0", "erspan0", "ip_vti0",
            "ip6_vti0", "sit0", "ip6tnl0", "ip6gre0");

    private PodWiringClaims() {
    }

    /**
     * C1 (lab steps 1, 2): the pause process (`/pause`) is the earliest process in the pod's net, IPC and UTS
     * namespaces, and every app container's process shares all three inodes (containerd WithPodNamespaces joins
     * them through /proc/&lt;pause&gt;/ns/{net,ipc,uts}).
     */
    public static Verdict c1PauseOwnsNamespaces(ExpectedPod pod, NodeState s) {
        Judge j = new Judge(ClaimId.C1, pod, s.node());
        String expected = "/pause is the earliest process in its net, ipc and uts namespaces; containers "
                + pod.containers() + " share all three";
        Observed<Sandbox> sandbox = j.saw(PodTrail.sandbox(pod, s));
        if (!sandbox.available()) {
            return sandbox.problem().startsWith("the node runtime has no ready sandbox")
                    ? j.fail(sandbox.problem(), expected, "no sandbox") : j.inconclusive(sandbox, expected);
        }
        j.excerpt(sandbox.value().json()).value("sandboxId", sandbox.value().id()).value("pausePid", sandbox.value().pid());
        Observed<Proc> pause = j.saw(PodTrail.pause(sandbox.value(), s));
        if (!pause.available()) {
            return pause.problem().contains("is not running") ? j.fail(pause.problem(), expected, "pid "
                    + sandbox.value().pid() + " absent from /proc") : j.inconclusive(pause, expected);
        }
        Proc p = pause.value();
        j.excerpt(procLine(p)).value("pauseCmdline", p.cmdline())
                .value("pauseNamespaces", Map.of("net", p.netNs(), "ipc", p.ipcNs(), "uts", p.utsNs()));
        if (!p.isPause()) {
            return j.fail("the sandbox process " + p.pid() + " is not /pause", "/pause", p.cmdline());
        }
        for (String kind : List.of("net", "ipc", "uts")) {
            Long inode = inode(p, kind);
            Observed<List<Proc>> members = s.procsIn(kind, inode == null ? -1 : inode);
            if (!members.available()) {
                return j.inconclusive(members, expected);
            }
            Proc first = members.value().isEmpty() ? null : members.value().get(0);
            if (first == null || first.pid() != p.pid()) {
                return j.excerpt(first == null ? null : procLine(first)).fail("pause (pid " + p.pid()
                                + ") is not the earliest process in its " + kind + " namespace " + inode,
                        "pause pid " + p.pid() + " first in " + kind + ":[" + inode + "]",
                        first == null ? "no process" : "pid " + first.pid() + " (" + first.cmdline() + ") started first");
            }
        }
        Observed<List<RuntimeContainer>> containers = j.saw(s.containers(sandbox.value().id()));
        if (!containers.available()) {
            return j.inconclusive(containers, expected);
        }
        Map<String, RuntimeContainer> byName = new LinkedHashMap<>();
        containers.value().forEach(c -> byName.put(c.name(), c));
        List<String> joined = new ArrayList<>();
        for (String name : pod.containers()) {
            RuntimeContainer c = byName.get(name);
            if (c == null) {
                return j.fail("container " + name + " has no running process in the pod's sandbox",
                        "containers " + pod.containers(), "running: " + byName.keySet());
            }
            Proc cp = s.procs().value().get(c.pid());
            if (cp == null) {
                return j.fail("container " + name + "'s pid " + c.pid() + " is not running", "pid " + c.pid()
                        + " in /proc", "absent");
            }
            j.excerpt(procLine(cp));
            for (String kind : List.of("net", "ipc", "uts")) {
                if (!Objects.equals(inode(cp, kind), inode(p, kind))) {
                    return j.fail("container " + name + " (pid " + cp.pid() + ") is not in the pause process's "
                                    + kind + " namespace",
                            kind + ":[" + inode(p, kind) + "] (pause pid " + p.pid() + ")",
                            kind + ":[" + inode(cp, kind) + "] (" + name + " pid " + cp.pid() + ")");
                }
            }
            joined.add(name + " (pid " + cp.pid() + ")");
        }
        j.value("containers", joined);
        String ns = "net:[" + p.netNs() + "] ipc:[" + p.ipcNs() + "] uts:[" + p.utsNs() + "]";
        return j.pass("pause pid " + p.pid() + " (" + p.cmdline() + ") is the earliest process in " + ns
                + " and " + String.join(", ", joined) + " share all three", expected, "pause pid " + p.pid()
                + " owns " + ns + "; joined: " + joined);
    }

    /**
     * C2 (lab step 3): the pod's netns is pinned under /var/run/netns (containerd names it cni-…, CRI-O a bare UUID; the
     * runtime's own record, crictl inspectp's runtimeSpec network namespace path, says which file), `ip netns list`
     * shows it, and its inode is the pause process's net namespace (containerd pkg/netns pins it, pause starts in it).
     */
    public static Verdict c2NetnsPinned(ExpectedPod pod, NodeState s) {
        Judge j = new Judge(ClaimId.C2, pod, s.node());
        Observed<Sandbox> sandbox = j.saw(PodTrail.sandbox(pod, s));
        String expected = "the runtime's netns path under /var/run/netns, listed by ip netns, inode = pause's net namespace";
        if (!sandbox.available()) {
            return j.inconclusive(sandbox, expected);
        }
        String path = sandbox.value().netnsPath();
        String name = sandbox.value().netnsName();
        j.value("netnsPath", path);
        if (path == null || !(path.startsWith("/var/run/netns/") || path.startsWith("/run/netns/"))) {
            return j.excerpt(sandbox.value().json()).fail("the sandbox's network namespace is not pinned under "
                    + "/var/run/netns", expected, String.valueOf(path));
        }
        Observed<Map<String, NetnsEntry>> list = j.saw(s.netnsList());
        if (!list.available()) {
            return j.inconclusive(list, expected);
        }
        NetnsEntry entry = list.value().get(name);
        if (entry == null) {
            return j.excerpt(String.join("\n", list.value().values().stream().map(NetnsEntry::line).toList()))
                    .fail("`ip netns list` does not list the pod's netns " + name, name + " listed",
                            "listed: " + list.value().keySet());
        }
        j.excerpt(entry.line());
        Observed<Map<String, Long>> inodes = j.saw(s.netnsInodes());
        Observed<Proc> pause = j.saw(PodTrail.pause(sandbox.value(), s));
        if (!inodes.available()) {
            return j.inconclusive(inodes, expected);
        }
        if (!pause.available()) {
            return j.inconclusive(pause, expected);
        }
        Long pinned = inodes.value().get(name);
        Long pauseNet = pause.value().netNs();
        j.value("pinnedInode", pinned).value("pauseNetInode", pauseNet).excerpt(pinned + " " + path)
                .excerpt(procLine(pause.value()));
        if (!Objects.equals(pinned, pauseNet)) {
            return j.fail("the pinned netns " + name + " is not the pause process's net namespace",
                    "inode " + pauseNet + " (pause pid " + pause.value().pid() + ")", "inode " + pinned + " (" + path + ")");
        }
        return j.pass("netns " + name + " is pinned at " + path + ", listed by ip netns, and has inode " + pinned
                + " = pause pid " + pause.value().pid() + "'s net namespace", expected, entry.line() + ", inode " + pinned);
    }

    /** C3 (lab step 4): `ip netns exec <netns> ip link` shows exactly lo and eth0@ifX. */
    public static Verdict c3OnlyLoAndEth0(ExpectedPod pod, NodeState s) {
        Judge j = new Judge(ClaimId.C3, pod, s.node());
        String expected = "lo, eth0@ifX (veth)";
        Observed<NetnsView> view = j.saw(PodTrail.podNetns(pod, s));
        if (!view.available()) {
            return j.inconclusive(view, expected);
        }
        List<String> shown = view.value().links().stream().map(NetLink::displayName).toList();
        List<String> tolerated = view.value().links().stream().map(NetLink::name)
                .filter(KERNEL_FALLBACK_DEVICES::contains).toList();
        List<NetLink> wiring = view.value().links().stream()
                .filter(l -> !KERNEL_FALLBACK_DEVICES.contains(l.name())).toList();
        view.value().links().forEach(l -> j.excerpt(l.json()));
        j.value("netns", view.value().netns()).value("links", shown).value("kernelFallbackDevices", tolerated);
        Set<String> names = wiring.stream().map(NetLink::name).collect(Collectors.toCollection(TreeSet::new));
        Optional<NetLink> eth0 = view.value().link("eth0");
        if (!names.equals(new TreeSet<>(List.of("eth0", "lo")))) {
            return j.fail("the pod netns " + view.value().netns() + " holds links other than lo and eth0",
                    expected, String.join(", ", shown));
        }
        if (eth0.get().peerIfindex() == null || !eth0.get().isVeth()) {
            return j.fail("eth0 in the pod netns is not one end of a veth pair (no @ifX peer)", expected,
                    eth0.get().displayName() + " kind " + eth0.get().kind());
        }
        return j.pass("netns " + view.value().netns() + " holds exactly lo and " + eth0.get().displayName()
                + (tolerated.isEmpty() ? "" : " (plus the kernel's own fallback devices " + tolerated + ")"),
                expected, String.join(", ", shown));
    }

    /**
     * C4 (lab step 5): eth0 carries the pod IP as /32 (Calico's CNI forces the mask to 32) and the pod routes are
     * `169.254.1.1 dev eth0 scope link` and `default via 169.254.1.1 dev eth0` (cni-plugin dataplane_linux.go).
     */
    public static Verdict c4Slash32AndGatewayRoutes(ExpectedPod pod, NodeState s) {
        Judge j = new Judge(ClaimId.C4, pod, s.node());
        String expected = pod.ip() + "/32 on eth0; 169.254.1.1 dev eth0 scope link; default via 169.254.1.1 dev eth0";
        Observed<NetLink> eth0 = j.saw(PodTrail.eth0(pod, s));
        if (!eth0.available()) {
            return j.inconclusive(eth0, expected);
        }
        NetnsView view = PodTrail.podNetns(pod, s).value();
        j.excerpt(eth0.value().json());
        List<String> v4 = eth0.value().addresses().stream().filter(a -> a.family().equals("inet"))
                .map(NetLink.IpAddress::cidr).toList();
        j.value("eth0Addresses", v4);
        if (!v4.equals(List.of(pod.ip() + "/32"))) {
            return j.fail("eth0 does not carry exactly the pod IP as /32", pod.ip() + "/32", v4.isEmpty()
                    ? "no IPv4 address" : String.join(", ", v4));
        }
        view.routes().forEach(r -> j.excerpt(r.json()));
        j.value("routes", view.routes().stream().map(PodWiringClaims::routeLine).toList());
        boolean gatewayRoute = view.routes().stream().anyMatch(r -> r.dst().equals(GATEWAY)
                && "eth0".equals(r.dev()) && "link".equals(r.scope()));
        boolean defaultRoute = view.routes().stream().anyMatch(r -> r.dst().equals("default")
                && GATEWAY.equals(r.gateway()) && "eth0".equals(r.dev()));
        if (!gatewayRoute || !defaultRoute) {
            List<String> missing = new ArrayList<>();
            if (!gatewayRoute) {
                missing.add("169.254.1.1 dev eth0 scope link");
            }
            if (!defaultRoute) {
                missing.add("default via 169.254.1.1 dev eth0");
            }
            return j.fail("the pod netns lacks Calico's route(s) " + missing, expected,
                    view.routes().stream().map(PodWiringClaims::routeLine).collect(Collectors.joining("; ")));
        }
        return j.pass("eth0 carries " + pod.ip() + "/32 and the pod routes through 169.254.1.1 on eth0", expected,
                v4 + "; " + view.routes().stream().map(PodWiringClaims::routeLine).collect(Collectors.joining("; ")));
    }

    /**
     * C5 (lab step 6): node link X of the pod's eth0@ifX is `caliXXXX@ifY`, a veth, with Y = the pod's eth0 ifindex and
     * its peer in the pod's netns (`link-netns NAME` or `link-netnsid N`, both forms accepted).
     */
    public static Verdict c5HostEndIsCaliVethIntoPodNetns(ExpectedPod pod, NodeState s) {
        Judge j = new Judge(ClaimId.C5, pod, s.node());
        Observed<NetLink> eth0 = j.saw(PodTrail.eth0(pod, s));
        String expected = "node link X = cali…@if<eth0 ifindex>, veth, link-netns = pod netns";
        if (!eth0.available()) {
            return j.inconclusive(eth0, expected);
        }
        String netns = PodTrail.podNetns(pod, s).value().netns();
        j.excerpt(eth0.value().json()).value("podEth0", eth0.value().displayName()).value("podNetns", netns);
        Observed<NetLink> host = j.saw(PodTrail.hostVeth(pod, s));
        if (!host.available()) {
            return PodTrail.missingHostVeth(j, host, expected, "no node link " + eth0.value().peerIfindex());
        }
        NetLink h = host.value();
        Observed<String> text = j.saw(s.linkText(h.ifindex()));
        String block = text.available() ? text.value() : "";
        j.excerpt(block.isEmpty() ? h.json() : block).value("hostLink", h.ifindex() + ": " + h.displayName());
        String observed = h.ifindex() + ": " + h.displayName() + " kind " + h.kind() + ", " + netnsRef(h, block);
        if (!h.name().startsWith(CalicoNaming.PREFIX) || !h.isVeth()) {
            return j.fail("node link " + h.ifindex() + " is not a cali veth", expected, observed);
        }
        if (!Objects.equals(h.peerIfindex(), eth0.value().ifindex())) {
            return j.fail("node link " + h.name() + " points at @if" + h.peerIfindex() + ", not at the pod's eth0",
                    "@if" + eth0.value().ifindex(), observed);
        }
        Observed<Map<Integer, String>> ids = j.saw(s.netnsNameById());
        if (!ids.available()) {
            return j.inconclusive(ids, expected);
        }
        String peerNetns = h.linkNetnsId() == null ? null : ids.value().get(h.linkNetnsId());
        Optional<io.podwire.node.IpLinkTextParser.NetnsRef> printed = io.podwire.node.IpLinkTextParser.netnsRef(block);
        boolean printedMatches = printed.isEmpty() || netns.equals(printed.get().name())
                || (printed.get().nsid() != null && printed.get().nsid().equals(h.linkNetnsId()));
        j.value("linkNetnsId", h.linkNetnsId()).value("linkNetns", peerNetns);
        if (!netns.equals(peerNetns) || !printedMatches) {
            return j.fail("the peer of " + h.name() + " is not in the pod's netns", "link-netns " + netns, observed
                    + (peerNetns == null ? "" : " (= " + peerNetns + ")"));
        }
        return j.pass("node link " + h.ifindex() + " is " + h.displayName() + ", a veth whose peer is eth0 (ifindex "
                + eth0.value().ifindex() + ") in " + netns, expected, observed);
    }

    /** C6 (lab steps 6, 7): the host veth is named "cali" + sha1("namespace.pod")[:11] (Calico VethNameForWorkload). */
    public static Verdict c6HostVethNameFromWorkload(ExpectedPod pod, NodeState s) {
        Judge j = new Judge(ClaimId.C6, pod, s.node());
        String name = CalicoNaming.hostVethName(pod.namespace(), pod.name());
        j.value("expectedName", name).value("sha1Input", pod.namespace() + "." + pod.name());
        Observed<NetLink> host = j.saw(PodTrail.hostVeth(pod, s));
        if (!host.available()) {
            return PodTrail.missingHostVeth(j, host, name, "no node end of the pod's veth");
        }
        j.excerpt(host.value().json());
        if (!host.value().name().equals(name)) {
            return j.fail("the pod's host veth is not named after sha1(\"" + pod.namespace() + "." + pod.name() + "\")",
                    name, host.value().name());
        }
        return j.pass("the pod's host veth (ifindex " + host.value().ifindex() + ") is " + name + " = cali + sha1(\""
                + pod.namespace() + "." + pod.name() + "\")[:11]", name, host.value().name());
    }

    /** C7 (lab step 7), per pod: exactly one cali link on the node is the host end of this pod's veth. */
    public static Verdict c7PodHasOneCaliLink(ExpectedPod pod, NodeState s) {
        Judge j = new Judge(ClaimId.C7, pod, s.node());
        String expected = "exactly one cali link on the node whose peer is this pod's eth0";
        Observed<NetLink> eth0 = j.saw(PodTrail.eth0(pod, s));
        if (!eth0.available()) {
            return j.inconclusive(eth0, expected);
        }
        String netns = PodTrail.podNetns(pod, s).value().netns();
        // indexed by peer netns: one lookup per pod, not a scan of every node link
        Observed<List<NetLink>> peered = j.saw(s.linksWithPeerIn(netns));
        j.saw(s.netnsNameById()); // link-netnsid → netns name, as the index resolved it
        if (!peered.available()) {
            return j.inconclusive(peered, expected);
        }
        List<NetLink> mine = peered.value().stream().filter(l -> l.name().startsWith(CalicoNaming.PREFIX))
                .filter(l -> Objects.equals(l.peerIfindex(), eth0.value().ifindex())).toList();
        mine.forEach(l -> j.excerpt(l.json()));
        List<String> names = mine.stream().map(NetLink::displayName).toList();
        j.value("caliLinksForPod", names);
        if (mine.size() != 1) {
            return j.fail("the pod has " + mine.size() + " cali links on the node", "1 cali link",
                    names.isEmpty() ? "none" : String.join(", ", names));
        }
        return j.pass("the pod's veth has exactly one node end, " + names.get(0), "1 cali link", names.get(0));
    }

    /** C7 (lab step 7), node-wide: every cali link on the node is the host end of a ready pod sandbox: no orphans. */
    public static Verdict c7NoOrphanCaliLinks(NodeState s) {
        Judge j = new Judge(ClaimId.C7, "", Verdict.NODE_SCOPE, s.node());
        String expected = "every cali link's peer netns belongs to a ready pod sandbox";
        Observed<Map<String, NetLink>> links = j.saw(s.linksByName());
        Observed<Map<Integer, String>> ids = j.saw(s.netnsNameById());
        Observed<Map<String, Sandbox>> sandboxes = j.saw(s.sandboxesByPod());
        for (Observed<?> o : List.of(links, ids, sandboxes)) {
            if (!o.available()) {
                return j.inconclusive(o, expected);
            }
        }
        Set<String> podNetns = sandboxes.value().values().stream().map(Sandbox::netnsName)
                .filter(Objects::nonNull).collect(Collectors.toSet());
        List<NetLink> cali = links.value().values().stream().filter(l -> l.name().startsWith(CalicoNaming.PREFIX))
                .sorted((a, b) -> Integer.compare(a.ifindex(), b.ifindex())).toList();
        List<String> orphans = new ArrayList<>();
        for (NetLink l : cali) {
            String peer = l.linkNetnsId() == null ? null : ids.value().get(l.linkNetnsId());
            if (peer == null || !podNetns.contains(peer)) {
                orphans.add(l.displayName() + (peer == null ? " (peer netns "
                        + (l.linkNetnsId() == null ? "none" : "nsid " + l.linkNetnsId()) + " not pinned)" : " (peer in " + peer + ")"));
                j.excerpt(l.json());
            }
        }
        j.value("caliLinks", cali.size()).value("readySandboxes", sandboxes.value().size()).value("orphans", orphans);
        if (!orphans.isEmpty()) {
            return j.fail(orphans.size() + " cali link(s) on the node belong to no pod", "no orphan cali link",
                    String.join(", ", orphans));
        }
        cali.forEach(l -> j.excerpt(l.json())); // a pass is decided by every cali link's link_netnsid
        return j.pass("all " + cali.size() + " cali links on the node lead into the netns of a ready pod sandbox",
                "no orphan cali link", cali.size() + " cali links, 0 orphans");
    }

    /** C8 (lab step 8): `ethtool -S caliXXXX` (named as in C6) reports peer_ifindex = the pod's eth0 ifindex (veth.c). */
    public static Verdict c8EthtoolPeerIsPodEth0(ExpectedPod pod, NodeState s) {
        Judge j = new Judge(ClaimId.C8, pod, s.node());
        String name = CalicoNaming.hostVethName(pod.namespace(), pod.name());
        Observed<NetLink> eth0 = j.saw(PodTrail.eth0(pod, s));
        String expected = "ethtool -S " + name + ": peer_ifindex = pod eth0 ifindex";
        if (!eth0.available()) {
            return j.inconclusive(eth0, expected);
        }
        j.excerpt(eth0.value().json()).value("podEth0Ifindex", eth0.value().ifindex());
        Observed<Map<String, NetLink>> links = j.saw(s.linksByName());
        if (!links.available()) {
            return j.inconclusive(links, expected);
        }
        if (!links.value().containsKey(name)) {
            return j.fail("the node has no link named " + name + " to run ethtool on", expected, "no link " + name);
        }
        Observed<EthtoolStats> stats = j.saw(s.ethtool(name));
        if (!stats.available()) {
            return j.inconclusive(stats, expected);
        }
        Long peer = stats.value().peerIfindex();
        j.excerpt(stats.value().line("peer_ifindex")).value("peer_ifindex", peer);
        if (peer == null) {
            return j.fail("ethtool -S " + name + " reports no peer_ifindex: not a veth", expected, "no peer_ifindex");
        }
        if (peer != eth0.value().ifindex()) {
            return j.fail("the peer of " + name + " is not the pod's eth0", "peer_ifindex: " + eth0.value().ifindex(),
                    "peer_ifindex: " + peer);
        }
        return j.pass("ethtool -S " + name + " reports peer_ifindex " + peer + " = the pod's eth0 ifindex", expected,
                "peer_ifindex: " + peer);
    }

    /**
     * C9 (mental model): the node routes the pod IP to its host veth (`IP dev caliX scope link`), proxy_arp is 1 on
     * caliX so the pod's ARP for 169.254.1.1 is answered (cni-plugin configureSysctls), and pinger reaches the pod.
     */
    public static Verdict c9NodeRoutesPodThroughCali(ExpectedPod pod, NodeState s, PodSideViews views) {
        Judge j = new Judge(ClaimId.C9, pod, s.node());
        Observed<NetLink> host = j.saw(PodTrail.hostVeth(pod, s));
        String expected = pod.ip() + " dev caliX scope link; proxy_arp=1 on caliX; pinger reaches " + pod.ip();
        if (!host.available()) {
            return j.inconclusive(host, expected);
        }
        String dev = host.value().name();
        expected = pod.ip() + " dev " + dev + " scope link; proxy_arp=1 on " + dev + "; pinger reaches " + pod.ip();
        Observed<Map<String, Route>> routes = j.saw(s.hostRoutesByDst());
        Observed<Map<String, Integer>> proxyArp = j.saw(s.proxyArp());
        if (!routes.available()) {
            return j.inconclusive(routes, expected);
        }
        if (!proxyArp.available()) {
            return j.inconclusive(proxyArp, expected);
        }
        Route r = routes.value().get(pod.ip());
        j.excerpt(r == null ? null : r.json()).value("hostRoute", r == null ? null : routeLine(r));
        if (r == null || !dev.equals(r.dev()) || !"link".equals(r.scope())) {
            return j.fail("the node does not route " + pod.ip() + " to " + dev, pod.ip() + " dev " + dev + " scope link",
                    r == null ? "no route to " + pod.ip() : routeLine(r));
        }
        Integer arp = proxyArp.value().get(dev);
        j.excerpt("/proc/sys/net/ipv4/conf/" + dev + "/proxy_arp:" + arp).value("proxy_arp", arp);
        if (!Objects.equals(arp, 1)) {
            return j.fail("proxy_arp is off on " + dev + ": the pod's ARP for 169.254.1.1 goes unanswered",
                    "proxy_arp=1", "proxy_arp=" + arp);
        }
        Optional<Observed<Reachability>> reach = views.reachabilityOf(pod);
        String reached;
        if (pod.key().equals(views.probeSource())) {
            reached = "pinger is the probe source";
        } else if (reach.isPresent()) {
            Observed<Reachability> ping = j.saw(reach.get());
            if (!ping.available()) {
                return j.inconclusive(ping, expected);
            }
            j.excerpt(ping.value().summaryLine()).value("ping", ping.value().received() + "/" + ping.value().sent());
            if (!ping.value().reached()) {
                return j.fail("pinger does not reach " + pod.ip(), "pinger reaches " + pod.ip(),
                        ping.value().summaryLine());
            }
            reached = "pinger reached it (" + ping.value().summaryLine().strip() + ")";
        } else if (!views.collected()) {
            reached = "reachability not probed (no pod-side views were collected)";
        } else if (views.probeSource() == null) {
            reached = "reachability not probed (no pinger pod in the run)";
        } else {
            return j.inconclusive(Observed.unavailable(String.join(" ", Reachability.command(pod.ip())),
                    "the pinger did not probe " + pod.key()), expected);
        }
        return j.pass("the node routes " + pod.ip() + " via " + dev + " with proxy_arp on; " + reached, expected,
                routeLine(r) + "; proxy_arp=1; " + reached);
    }

    /** C10 (lab step 1): every container of the pod sees the same IP and the same interfaces (one shared netns). */
    public static Verdict c10ContainersShareOneView(ExpectedPod pod, NodeState s, PodSideViews views) {
        Judge j = new Judge(ClaimId.C10, pod, s.node());
        String expected = "every container sees " + pod.ip() + " and the same interfaces";
        Map<String, PodSideView> seen = new LinkedHashMap<>();
        for (String container : pod.containers()) {
            Observed<PodSideView> v = j.saw(views.view(pod, container));
            if (!v.available()) {
                return j.inconclusive(v, expected);
            }
            seen.put(container, v.value());
        }
        Map<String, String> summary = new LinkedHashMap<>();
        seen.forEach((c, v) -> summary.put(c, v.sortedInterfaces() + " " + new TreeSet<>(v.localAddresses())));
        j.value("views", summary);
        summary.forEach((c, line) -> j.excerpt(c + ": " + line));
        Set<String> distinct = new HashSet<>(summary.values());
        if (distinct.size() > 1) {
            return j.fail("the containers of the pod see different networks", expected, summary.toString());
        }
        for (Map.Entry<String, PodSideView> e : seen.entrySet()) {
            if (!e.getValue().localAddresses().contains(pod.ip())) {
                return j.fail("container " + e.getKey() + " does not see the pod IP", pod.ip(), summary.get(e.getKey()));
            }
        }
        return j.pass("all " + seen.size() + " container(s) " + seen.keySet() + " see " + summary.values().iterator().next(),
                expected, summary.toString());
    }

    private static Long inode(Proc p, String kind) {
        return switch (kind) {
            case "net" -> p.netNs();
            case "ipc" -> p.ipcNs();
            default -> p.utsNs();
        };
    }

    private static String procLine(Proc p) {
        return "pid " + p.pid() + " start " + p.startTime() + " net:[" + p.netNs() + "] ipc:[" + p.ipcNs() + "] uts:["
                + p.utsNs() + "] " + p.cmdline();
    }

    static String routeLine(Route r) {
        return r.dst() + (r.gateway() == null ? "" : " via " + r.gateway()) + (r.dev() == null ? "" : " dev " + r.dev())
                + (r.scope() == null ? "" : " scope " + r.scope());
    }

    private static String netnsRef(NetLink h, String block) {
        return io.podwire.node.IpLinkTextParser.netnsRef(block)
                .map(ref -> ref.name() != null ? "link-netns " + ref.name() : "link-netnsid " + ref.nsid())
                .orElse(h.linkNetnsId() == null ? "no link-netns" : "link-netnsid " + h.linkNetnsId());
    }
}
