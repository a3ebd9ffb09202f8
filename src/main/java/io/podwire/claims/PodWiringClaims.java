package io.podwire.claims;


import io.podwire.verdict.Judge;
import io.podwire.verdict.Verdict;
import io.podwire.verdict.PodTrail;
import io.podwire.verdict.ClaimId;
import io.podwire.verdict.CniProfile;
import io.podwire.verdict.KernelText;

import io.podwire.node.ExpectedPod;
import io.podwire.node.Cidr;
import io.podwire.node.EthtoolStats;
import io.podwire.node.InterfaceSysctls;
import io.podwire.node.IpLinkTextParser;
import io.podwire.node.NetLink;
import io.podwire.node.NetnsFiles;
import io.podwire.node.NetnsEntry;
import io.podwire.node.NetnsView;
import io.podwire.node.NodeState;
import io.podwire.node.Observed;
import io.podwire.node.PodSideView;
import io.podwire.node.PodSideViews;
import io.podwire.node.Proc;
import io.podwire.node.Reachability;
import io.podwire.node.Route;
import io.podwire.node.RouteProtocols;
import io.podwire.node.RuntimeContainer;
import io.podwire.node.Sandbox;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The claims of the lab, each a pure function of (the pod's trail, the node's state[, pod-side views]) → Verdict.
 * No exec, no API call, no sleep in here: everything was observed before, and the trail was resolved once, by
 * identity (PodTrail). A step that is absent makes a claim that needs it FAIL; one that could not be observed makes
 * it INCONCLUSIVE.
 */
public final class PodWiringClaims {
    /**
     * The devices the kernel creates in every netns once their module is loaded, by name and kind; they have no
     * peer (`tunl0@NONE`). A device with such a name but another kind, or with a peer, is no fallback device.
     */
    static final Map<String, String> KERNEL_FALLBACK_DEVICES = Map.of("tunl0", "ipip", "gre0", "gre",
            "gretap0", "gretap", "erspan0", "erspan", "ip_vti0", "vti", "ip6_vti0", "vti6", "sit0", "sit",
            "ip6tnl0", "ip6tnl", "ip6gre0", "ip6gre");

    private PodWiringClaims() {
    }


    /**
     * C1 (lab steps 1, 2): the pause process (`/pause`) is the earliest process in the pod's net, IPC and UTS
     * namespaces, and every app container's process shares all three inodes (containerd WithPodNamespaces joins
     * them through /proc/&lt;pause&gt;/ns/{net,ipc,uts}).
     */
    public static Verdict c1PauseOwnsNamespaces(PodTrail t, NodeState s) {
        ExpectedPod pod = t.pod();
        Judge j = new Judge(ClaimId.C1, pod, s.node());
        String expected = "/pause is the earliest process in its net, ipc and uts namespaces; containers "
                + pod.containers() + " share all three";
        Observed<Sandbox> sandbox = j.saw(t.sandbox());
        if (!sandbox.available()) {
            return j.notSeen("sandbox", sandbox, expected, "no ready sandbox");
        }
        // the fields that decide, never the runtime's record (annotations there carry what pod authors wrote)
        j.excerpt(sandbox.value().excerpt()).value("sandboxId", sandbox.value().id()).value("pausePid", sandbox.value().pid());
        if (!sandbox.value().hasInfra()) {
            return c1RuntimePinnedNamespaces(t, s, j, sandbox.value());
        }
        Observed<Proc> pause = j.saw(t.pause());
        if (!pause.available()) {
            return j.notSeen("pause process", pause, expected, "pid " + sandbox.value().pid() + " absent from /proc");
        }
        Proc p = pause.value();
        j.excerpt(procLine(p)).value("pauseCmdline", p.cmdline())
                .value("pauseNamespaces", Map.of("net", String.valueOf(p.netNs()), "ipc", String.valueOf(p.ipcNs()),
                        "uts", String.valueOf(p.utsNs())));
        if (!p.isPause()) {
            return j.fail(j.fact("sandbox process cmdline", pause), "the sandbox process " + p.pid() + " is not /pause",
                    "/pause", p.cmdline());
        }
        for (String kind : List.of("net", "ipc", "uts")) {
            Long inode = inode(p, kind);
            Observed<List<Proc>> members = s.procsIn(kind, inode == null ? -1 : inode);
            if (!members.available()) {
                return j.inconclusive(members, expected);
            }
            Proc first = members.value().isEmpty() ? null : members.value().get(0);
            if (first == null || first.pid() != p.pid()) {
                return j.excerpt(first == null ? null : procLine(first)).fail(j.fact(kind + " namespace's earliest"
                                + " process", s.namespacesCommand()), "pause (pid " + p.pid()
                                + ") is not the earliest process in its " + kind + " namespace " + inode,
                        "pause pid " + p.pid() + " first in " + kind + ":[" + inode + "]",
                        first == null ? "no process" : "pid " + first.pid() + " started first");
            }
        }
        Map<String, Long> held = new LinkedHashMap<>();
        Map<String, String> holder = new LinkedHashMap<>();
        for (String kind : List.of("net", "ipc", "uts")) {
            held.put(kind, inode(p, kind));
            holder.put(kind, "the pause process's " + kind + " namespace");
        }
        List<String> joined = new ArrayList<>();
        Verdict broken = containersShare(t, s, j, sandbox.value(), held, holder, kind -> "pause pid " + p.pid(),
                expected, joined);
        if (broken != null) {
            return broken;
        }
        j.value("containers", joined);
        String ns = "net:[" + p.netNs() + "] ipc:[" + p.ipcNs() + "] uts:[" + p.utsNs() + "]";
        return j.pass("pause pid " + p.pid() + " (" + p.cmdline() + ") is the earliest process in " + ns
                + " and " + String.join(", ", joined) + " share all three", expected, "pause pid " + p.pid()
                + " owns " + ns + "; joined: " + joined);
    }

    /**
     * C1 for a sandbox without an infra process (CRI-O's drop_infra_ctr, its default for a pod without a shared pid
     * namespace: cri-o internal/lib/sandbox/sandbox_linux.go NeedsInfra): no pause holds the pod's namespaces, pinns
     * pins them (net under /var/run/netns, ipc under /var/run/ipcns, uts under /var/run/utsns) and the spec records the
     * paths; every app container's process must be in the three pinned namespaces.
     */
    private static Verdict c1RuntimePinnedNamespaces(PodTrail t, NodeState s, Judge j, Sandbox sb) {
        ExpectedPod pod = t.pod();
        String expected = "no infra process: the runtime pins the pod's net, ipc and uts namespaces; containers "
                + pod.containers() + " are in all three";
        j.value("infra", "none: the runtime pins the namespaces (CRI-O drop_infra_ctr)");
        Map<String, String> paths = new LinkedHashMap<>();
        paths.put("net", sb.netnsPath());
        paths.put("ipc", sb.ipcPath());
        paths.put("uts", sb.utsPath());
        Map<String, Long> pinned = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : paths.entrySet()) {
            if (e.getValue() == null) {
                return j.fail(j.fact(e.getKey() + " namespace path", t.sandbox()), "the sandbox has no infra process and the"
                                + " runtime records no " + e.getKey() + " namespace path: nothing holds the pod's "
                                + e.getKey() + " namespace for its containers", "a pinned " + e.getKey() + " namespace",
                        "no path in the sandbox's spec");
            }
            Observed<Long> inode = j.saw(e.getKey().equals("net") ? s.recordedNetnsInode(e.getValue())
                    : s.pinnedNamespaceInode(e.getValue()));
            if (!inode.available()) {
                return j.notSeen("pinned " + e.getKey() + " namespace", inode, expected, e.getValue() + " holds no namespace");
            }
            pinned.put(e.getKey(), inode.value());
        }
        j.value("pinnedNamespaces", Map.of("net", String.valueOf(pinned.get("net")), "ipc",
                String.valueOf(pinned.get("ipc")), "uts", String.valueOf(pinned.get("uts"))));
        Map<String, String> holder = new LinkedHashMap<>();
        paths.forEach((kind, path) -> holder.put(kind, "the " + kind + " namespace the runtime pinned at " + path));
        List<String> joined = new ArrayList<>();
        Verdict broken = containersShare(t, s, j, sb, pinned, holder, paths::get, expected, joined);
        if (broken != null) {
            return broken;
        }
        j.value("containers", joined);
        String ns = "net:[" + pinned.get("net") + "] ipc:[" + pinned.get("ipc") + "] uts:[" + pinned.get("uts") + "]";
        return j.pass("no infra process: the runtime pinned " + ns + " and " + String.join(", ", joined)
                + " are in all three", expected, "pinned " + ns + "; joined: " + joined);
    }

    /**
     * C1's second half, whoever holds the namespaces: every app container of the pod runs, and its process is in each
     * of {@code held} (kind → inode; {@code holder} names it in the reason, {@code label} in the expected value).
     * Returns the violation, or null with {@code joined} filled ("name (pid N)").
     */
    private static Verdict containersShare(PodTrail t, NodeState s, Judge j, Sandbox sb, Map<String, Long> held,
                                           Map<String, String> holder, java.util.function.UnaryOperator<String> label,
                                           String expected, List<String> joined) {
        ExpectedPod pod = t.pod();
        Observed<List<RuntimeContainer>> containers = j.saw(s.containers(sb.id()));
        if (!containers.available()) {
            return j.inconclusive(containers, expected);
        }
        Map<String, RuntimeContainer> byName = new LinkedHashMap<>();
        containers.value().forEach(c -> byName.put(c.name(), c));
        for (String name : pod.containers()) {
            RuntimeContainer c = byName.get(name);
            if (c == null) {
                return j.fail(j.fact("container " + name + " running", containers),
                        "container " + name + " has no running process in the pod's sandbox",
                        "containers " + pod.containers(), "running: " + byName.keySet());
            }
            Observed<Proc> process = j.saw(s.proc(c.pid()));
            if (!process.available()) {
                return j.notSeen("container " + name + " process", process, "container " + name + "'s pid " + c.pid() + " in /proc", "absent");
            }
            Proc cp = process.value();
            j.excerpt(procLine(cp));
            for (String kind : List.of("net", "ipc", "uts")) {
                if (!Objects.equals(inode(cp, kind), held.get(kind))) {
                    return j.fail(j.fact("container " + name + "'s " + kind + " namespace", s.namespacesCommand()),
                            "container " + name + " (pid " + cp.pid() + ") is not in " + holder.get(kind),
                            kind + ":[" + held.get(kind) + "] (" + label.apply(kind) + ")",
                            kind + ":[" + inode(cp, kind) + "] (" + name + " pid " + cp.pid() + ")");
                }
            }
            joined.add(name + " (pid " + cp.pid() + ")");
        }
        return null;
    }

    /**
     * C2 (lab step 3): the netns at the path the runtime recorded for the sandbox is pause's net namespace. Under
     * /var/run/netns (containerd's default `cni-…`, CRI-O's UUID) it is pinned there and `ip netns list` shows it;
     * elsewhere (containerd's netns_mounts_under_state_dir: its state dir's netns/; cri-dockerd: /proc/PID/ns/net) the
     * claim follows that path, and `ip netns list`, which lists /var/run/netns only, is not asked.
     */
    public static Verdict c2NetnsPinned(PodTrail t, NodeState s) {
        Judge j = new Judge(ClaimId.C2, t.pod(), s.node());
        Observed<Sandbox> sandbox = j.saw(t.sandbox());
        String expected = "the netns at the sandbox's recorded path (under /var/run/netns: listed by ip netns) is pause's net namespace";
        if (!sandbox.available()) {
            return j.notSeen("sandbox", sandbox, expected, "no ready sandbox");
        }
        String path = sandbox.value().netnsPath();
        String name = sandbox.value().netnsName();
        j.value("netnsPath", path);
        if (path == null || !path.startsWith("/")) {
            return j.excerpt(sandbox.value().excerpt()).fail(j.fact("sandbox netns path", sandbox), "the runtime's"
                    + " record of the sandbox names no network namespace path", "an absolute path",
                    String.valueOf(path));
        }
        boolean underNetnsDir = NetnsFiles.underNetnsDir(path);
        j.value("listedByIpNetns", underNetnsDir ? "asked" : "not asked: ip netns lists /var/run/netns only");
        NetnsEntry entry = null;
        if (underNetnsDir) {
            Observed<Map<String, NetnsEntry>> list = j.saw(s.netnsList());
            if (!list.available()) {
                return j.inconclusive(list, expected);
            }
            entry = list.value().get(name);
            if (entry == null) {
                return j.excerpt(String.join("\n", list.value().values().stream().map(NetnsEntry::line).toList()))
                        .fail(j.fact("ip netns list entry", list), "`ip netns list` does not list the pod's netns " + name,
                                name + " listed",
                                "listed: " + list.value().keySet());
            }
            j.excerpt(entry.line());
        }
        Observed<Long> pinned = j.saw(s.recordedNetnsInode(path));
        if (!pinned.available()) {
            return j.notSeen("pinned netns inode", pinned, expected, path + " holds no network namespace");
        }
        if (!sandbox.value().hasInfra()) {
            // no pause to compare with: the containers' being in it is C1's
            j.value("pinnedInode", pinned.value()).value("pauseNetInode", "none: no infra process (C1 checks the"
                    + " containers are in this netns)").excerpt(pinned.value() + " " + path);
            return j.pass("netns " + name + " is pinned at " + path + (underNetnsDir ? ", listed by ip netns," : "")
                    + " inode " + pinned.value() + " (the sandbox has no infra process)", expected,
                    (entry != null ? entry.line() : path) + ", inode " + pinned.value());
        }
        Observed<Proc> pause = j.saw(t.pause());
        if (!pause.available()) {
            return j.notSeen("pause process", pause, expected, "pid " + sandbox.value().pid() + " absent from /proc");
        }
        Long pauseNet = pause.value().netNs();
        j.value("pinnedInode", pinned.value()).value("pauseNetInode", pauseNet).excerpt(pinned.value() + " " + path)
                .excerpt(procLine(pause.value())).value("netnsNames", s.netnsNames(pinned.value()));
        if (!Objects.equals(pinned.value(), pauseNet)) {
            return j.fail(j.fact("pinned netns inode", pinned), "the netns at " + path + " is not the pause"
                            + " process's net namespace",
                    "inode " + pauseNet + " (pause pid " + pause.value().pid() + ")", "inode " + pinned.value()
                            + " (" + path + ")");
        }
        return j.pass("netns " + name + " is at " + path + (underNetnsDir ? ", listed by ip netns," : " (outside"
                + " /var/run/netns, where the runtime pins it)") + " and has inode " + pinned.value() + " = pause pid "
                + pause.value().pid() + "'s net namespace", expected, (entry != null ? entry.line() : path)
                + ", inode " + pinned.value());
    }

    /**
     * C3 (lab step 4): `ip netns exec <netns> ip link` shows exactly lo and eth0@ifX, eth0 one end of a veth, up
     * with carrier; the kernel's own fallback tunnels are tolerated, recognised by name, kind and having no peer.
     */
    public static Verdict c3OnlyLoAndEth0(PodTrail t, NodeState s) {
        Judge j = new Judge(ClaimId.C3, t.pod(), s.node());
        String expected = "lo, eth0@ifX (veth, UP)";
        Observed<NetnsView> view = j.saw(t.view());
        if (!view.available()) {
            return j.notSeen("pod netns view", view, expected, "no view of the pod netns");
        }
        List<NetLink> links = view.value().links();
        List<String> shown = links.stream().map(NetLink::displayName).toList();
        List<String> tolerated = links.stream().filter(PodWiringClaims::isKernelFallbackDevice)
                .map(NetLink::displayName).toList();
        List<String> declared = t.pod().declaredInterfaces();
        List<String> extra = links.stream().filter(l -> !l.name().equals("lo") && !l.name().equals("eth0"))
                .filter(l -> !isKernelFallbackDevice(l)).filter(l -> !declared.contains(l.name()))
                .map(l -> l.displayName() + " (" + l.kind() + ")").toList();
        links.forEach(l -> j.excerpt(l.json()));
        String netns = t.netnsNames(s);
        j.value("netns", netns).value("links", shown).value("kernelFallbackDevices", tolerated)
                .value("declaredInterfaces", declared);
        if (!extra.isEmpty()) {
            return j.fail(j.fact("pod netns links", view), "the pod netns " + netns + " holds links other than lo,"
                    + " eth0 and the kernel's fallback devices: " + extra, expected, String.join(", ", shown));
        }
        Observed<NetLink> eth0 = t.eth0();
        if (!eth0.available()) {
            return j.notSeen("eth0", eth0, expected, shown.isEmpty() ? "no link" : String.join(", ", shown));
        }
        NetLink e = eth0.value();
        j.value("eth0State", e.stateLine());
        if (!e.isVeth()) {
            return j.fail(j.fact("eth0 kind", eth0), "eth0 in the pod netns is " + e.displayName() + " of kind "
                    + e.kind() + ", not one end of a veth pair", "kind veth", "kind " + e.kind() + ", not veth");
        }
        if (e.peerIfindex() == null) {
            return j.fail(j.fact("eth0 peer", eth0), "eth0 in the pod netns is a veth without an @ifX peer in another"
                    + " netns", "eth0@ifX", e.displayName());
        }
        // admin state: a link set down is judged at its end; its carrier follows the other end (veth_open)
        if (!e.isAdminUp()) {
            return j.fail(j.fact("eth0 admin state", eth0), "eth0 in the pod netns is set down", "eth0 <…,UP,…>",
                    e.displayName() + " " + e.stateLine());
        }
        return j.pass("netns " + netns + " holds exactly lo and " + e.displayName() + " " + e.stateLine()
                + (tolerated.isEmpty() ? "" : " (plus the kernel's own fallback devices " + tolerated + ")")
                + (declared.isEmpty() ? "" : " (plus the interfaces the pod declares " + declared + ")"),
                expected, String.join(", ", shown));
    }


    /**
     * C7 (lab step 7), per pod: exactly one node link has its peer in the pod's netns, whatever its name or its
     * peer's name: the node end of the pod's eth0.
     */
    public static Verdict c7PodHasOneHostEnd(PodTrail t, NodeState s) {
        Judge j = new Judge(ClaimId.C7, t.pod(), s.node());
        String expected = "exactly one node link with its peer in the pod's netns, the node end of eth0";
        Observed<List<NetLink>> into = j.saw(t.nodeLinksIntoNetns());
        if (!into.available()) {
            return j.notSeen("node links into the pod's netns", into, expected, "the pod's netns is unknown");
        }
        into.value().forEach(l -> j.excerpt(l.json()));
        List<String> names = into.value().stream().map(l -> l.name() + "@if" + l.peerIfindex()).toList();
        j.value("nodeLinksIntoPodNetns", names).value("podNetns", t.netnsNames(s));
        if (names.size() != 1) {
            return j.fail(j.fact("node links into the pod's netns", into), "the pod's netns is the peer of "
                            + names.size() + " node links", "1 node link",
                    names.isEmpty() ? "none" : String.join(", ", names));
        }
        Observed<NetLink> end = t.nodeEnd();
        if (!end.available()) {
            return j.notSeen("node end", end, expected, names.get(0) + ", not paired with eth0");
        }
        return j.pass("one node link has its peer in the pod's netns: " + names.get(0) + ", the node end of eth0",
                "1 node link", names.get(0));
    }


    /**
     * C7 (lab step 7), node-wide: every workload link of the node's CNI (its profile's rule: the CNI's name
     * prefix, a bridge's veth ports, ptp's `veth…`) is the host end of a ready pod sandbox: no orphans.
     */
    public static Verdict c7NoOrphanWorkloadLinks(NodeState s, CniProfile profile) {
        Judge j = new Judge(ClaimId.C7, "", Verdict.NODE_SCOPE, s.node());
        String rule = profile.workloadLinksRule(s);
        j.value("workloadLinkRule", rule);
        String expected = "every workload link (" + rule + ") leads into a ready pod sandbox's netns";
        Observed<Predicate<NetLink>> isWorkload = profile.workloadLinks(s);
        if (!isWorkload.available()) {
            return j.inconclusive(isWorkload, expected);
        }
        Observed<Map<String, NetLink>> links = j.saw(s.linksByName());
        Observed<Map<String, Sandbox>> sandboxes = j.saw(s.sandboxesByPod());
        j.saw(s.netnsList());
        for (Observed<?> o : List.of(links, sandboxes, s.netnsFiles())) {
            if (!o.available()) {
                return j.inconclusive(o, expected);
            }
        }
        Observed<Set<Long>> podNetns = j.saw(s.sandboxNetns());
        if (!podNetns.available()) {
            return j.inconclusive(podNetns, expected);
        }
        List<NetLink> workload = links.value().values().stream().filter(isWorkload.value())
                .sorted((a, b) -> Integer.compare(a.ifindex(), b.ifindex())).toList();
        List<String> orphans = new ArrayList<>();
        for (NetLink l : workload) {
            Observed<Long> peer = s.peerNetnsOf(l);
            if (!peer.available() && !peer.absent()) {
                return j.inconclusive(peer, expected);
            }
            if (!peer.available() || !podNetns.value().contains(peer.value())) {
                orphans.add(l.displayName() + " (" + (peer.available() ? "peer in " + KernelText.netnsNames(s, peer.value())
                        + ", no ready sandbox's netns" : peer.problem()) + ")");
                j.excerpt(l.json());
            }
        }
        j.value("workloadLinks", workload.size()).value("readySandboxes", sandboxes.value().size())
                .value("orphans", orphans);
        if (!orphans.isEmpty()) {
            return j.fail(j.fact("workload links without a pod", links), orphans.size() + " workload link(s) on the"
                    + " node belong to no pod: the first is " + orphans.get(0), "no orphan workload link",
                    String.join(", ", orphans));
        }
        workload.forEach(l -> j.excerpt(l.json())); // a pass is decided by every workload link's link_netnsid
        return j.pass("all " + workload.size() + " workload links on the node lead into the netns of a ready pod"
                + " sandbox", "no orphan workload link", workload.size() + " workload links, 0 orphans");
    }

    /**
     * C8 (lab step 8), pairing identity: the pod's node end, found by identity (the node link whose peer is the pod's
     * eth0 in the pod's netns: IFLA_LINK and its link-netnsid), is what `ethtool -S` shows paired with eth0: its
     * peer_ifindex (drivers/net/veth.c veth_get_ethtool_stats) is eth0's ifindex. The seed finds that link by eth0's
     * @ifX in the node's netns (step 6) and runs ethtool on it (step 8). Its name is C6's fact, a stale host veth
     * paired elsewhere C7's (orphan): neither is looked up here.
     */
    public static Verdict c8EthtoolPeerIsPodEth0(PodTrail t, NodeState s) {
        ExpectedPod pod = t.pod();
        Judge j = new Judge(ClaimId.C8, pod, s.node());
        String expected = "ethtool -S <the pod's node end>: peer_ifindex = the pod's eth0 ifindex";
        Observed<NetLink> eth0 = j.saw(t.eth0());
        if (!eth0.available()) {
            return j.notSeen("eth0", eth0, expected, "no eth0 in the pod netns");
        }
        j.excerpt(eth0.value().json()).value("podEth0Ifindex", eth0.value().ifindex()).value("podNetns", t.netnsNames(s));
        Observed<NetLink> end = j.saw(t.nodeEnd());
        if (!end.available()) {
            return j.notSeen("node end", end, "a node link whose peer is the pod's eth0 (ifindex " + eth0.value().ifindex()
                    + " in " + t.netnsNames(s) + ")", KernelText.whereNodeLinkLeads(eth0.value().peerIfindex(), s, j));
        }
        String name = end.value().name();
        expected = "ethtool -S " + name + ": peer_ifindex = " + eth0.value().ifindex() + " (the pod's eth0)";
        j.excerpt(end.value().json()).value("nodeEnd", end.value().ifindex() + ": " + end.value().displayName())
                .value("linkNetnsId", end.value().linkNetnsId());
        Observed<EthtoolStats> stats = j.saw(s.ethtool(name));
        if (!stats.available()) {
            return j.inconclusive(stats, expected);
        }
        Long peer = stats.value().peerIfindex();
        j.excerpt(stats.value().line("peer_ifindex")).value("peer_ifindex", peer);
        if (peer == null) {
            return j.fail(j.fact("peer_ifindex", stats), "ethtool -S " + name + " reports no peer_ifindex: its driver"
                    + " is no veth's", "peer_ifindex: " + eth0.value().ifindex(), "no peer_ifindex");
        }
        if (peer != eth0.value().ifindex()) {
            return j.fail(j.fact("peer_ifindex", stats), "ethtool -S " + name + " pairs it with ifindex " + peer
                    + ", not the pod's eth0", "peer_ifindex: " + eth0.value().ifindex(), "peer_ifindex: " + peer);
        }
        return j.pass("the pod's node end " + end.value().displayName() + " (found by identity, link-netnsid "
                + end.value().linkNetnsId() + " = " + t.netnsNames(s) + "): ethtool -S reports peer_ifindex " + peer
                + " = the pod's eth0 ifindex", expected, "peer_ifindex: " + peer);
    }


    /** C10 (lab step 1): every container of the pod sees the same IP and the same interfaces (one shared netns). */
    public static Verdict c10ContainersShareOneView(PodTrail t, NodeState s, PodSideViews views) {
        ExpectedPod pod = t.pod();
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
            return j.fail(j.fact("containers' views", views.view(pod, pod.containers().get(0))), "the containers of"
                    + " the pod see different networks", expected, summary.toString());
        }
        for (Map.Entry<String, PodSideView> e : seen.entrySet()) {
            if (!e.getValue().localAddresses().contains(pod.ip())) {
                return j.fail(j.fact("container " + e.getKey() + "'s addresses", views.view(pod, e.getKey())),
                        "container " + e.getKey() + " does not see the pod IP", pod.ip(), summary.get(e.getKey()));
            }
        }
        return j.pass("all " + seen.size() + " container(s) " + seen.keySet() + " see " + summary.values().iterator().next(),
                expected, summary.toString());
    }

    /**
     * C11 (mental model): the pinger reaches the pod over the path C4, C5 and C9 describe. Judged only for a pod
     * the pinger was to probe; a probe that did not run is INCONCLUSIVE, never a pass.
     */
    /** Said wherever a probe is lost: the wiring may be right and a policy outside the run's namespace drop it. */
    public static final String POLICY_MAY_DROP = "a network policy may drop the probe: podwire allows its own probe"
            + " traffic in its namespace (NetworkPolicy podwire-allow-probe), a cluster-wide deny evaluated before it"
            + " (the CNI's own global policy of lower order, an admin network policy) can still drop it";

    /** C11's evidence values naming the probe's source pod, its node, and the path (same node or cross-node). */
    public static final String PROBE_FROM = "probeFrom";
    public static final String PROBE_FROM_NODE = "probeFromNode";
    public static final String PROBE_PATH = "probePath";

    public static Verdict c11PingerReachesPod(PodTrail t, NodeState s, PodSideViews views) {
        ExpectedPod pod = t.pod();
        Judge j = new Judge(ClaimId.C11, pod, s.node());
        String expected = "pinger reaches " + pod.ip();
        Observed<Reachability> ping = j.saw(views.reachabilityOf(pod).orElseGet(() -> Observed.unavailable(
                String.join(" ", Reachability.command(pod.ip())), "the pinger did not probe " + pod.key())));
        if (!ping.available()) {
            return j.inconclusive(ping, expected);
        }
        // which node each side is on: a cross-node probe crosses the node-to-node routes too, a same-node one does not
        j.excerpt(ping.value().summaryLine()).value("ping", ping.value().received() + "/" + ping.value().sent())
                .value(PROBE_FROM, ping.value().from()).value(PROBE_FROM_NODE, ping.value().fromNode())
                .value(PROBE_PATH, ping.value().path(pod.node()));
        if (!ping.value().reached()) {
            return j.fail(j.fact("ping", ping), "pinger does not reach " + pod.ip() + " (" + POLICY_MAY_DROP + ")",
                    expected, ping.value().summaryLine());
        }
        return j.pass("pinger reached " + pod.ip() + " (" + ping.value().summaryLine().strip() + ")", expected,
                ping.value().summaryLine().strip());
    }

    /** A device the kernel itself creates in every netns: its fallback name, that name's kind, and no peer. */
    static boolean isKernelFallbackDevice(NetLink l) {
        // a device without linkinfo (lo, a physical NIC or VF moved into the pod) has kind null: never a fallback tunnel
        String kind = KERNEL_FALLBACK_DEVICES.get(l.name());
        return kind != null && kind.equals(l.kind()) && l.hasNoPeer();
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


}
