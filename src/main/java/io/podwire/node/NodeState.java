package io.podwire.node;


import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.HashSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The parsed snapshot of one node, indexed once by identity so that every claim looks pods up in constant time:
 * a netns is its inode (any number of names), a link is (netns, ifindex), a peer is (the netns its link-netnsid
 * resolves to, peer ifindex). Evaluation stays linear in the number of pods. Every lookup answers seen, absent or
 * could not observe ({@link Observed}).
 */
public final class NodeState {
    private final RawSnapshot raw;
    private final Observed<Map<Integer, NetLink>> linksByIndex;
    private final Observed<Map<String, NetLink>> linksByName;
    private final Observed<RouteTable> routes;
    private final Observed<Map<String, Route>> routesByDst;
    private final Observed<Map<String, NetnsEntry>> netnsList;
    private final Observed<NetnsFiles> netnsFiles;
    private final Observed<NetnsFiles> recordedNetns;
    private final Observed<NetnsFiles> pinnedIpcUts;
    private final Observed<Map<Long, List<String>>> namesByInode;
    private final Map<String, Observed<NetnsView>> netnsViewsByName;
    private final Map<String, Observed<EthtoolStats>> ethtool;
    private final Observed<InterfaceSysctls> sysctls;
    private final Observed<ProcTable> procs;
    private final Observed<Map<Long, List<Proc>>> procsByNetNs;
    private final Observed<Map<Long, List<Proc>>> procsByIpcNs;
    private final Observed<Map<Long, List<Proc>>> procsByUtsNs;
    private final Observed<Map<Integer, String>> linkTextByIndex;
    private final Observed<Map<String, Sandbox>> sandboxesByPod;
    private final Observed<Map<String, List<RuntimeContainer>>> containersBySandbox;
    private final Observed<Map<Integer, Long>> inodeByNsid;
    private final Observed<Map<Long, List<NetLink>>> linksByPeerNetns;
    private final Observed<RouteTable> routes6;
    private final Observed<Map<String, Route>> routes6ByDst;
    private final Observed<Map<String, List<NetLink.IpAddress>>> addresses6ByLink;
    private final Map<Object, Object> profileSlot = new java.util.concurrent.ConcurrentHashMap<>();
    private final ScanCounter scans = new ScanCounter();

    NodeState(RawSnapshot raw, Observed<List<NetLink>> links, Observed<RouteTable> routes,
              Observed<Map<String, NetnsEntry>> netnsList, Observed<NetnsFiles> netnsFiles,
              Observed<NetnsFiles> recordedNetns, Observed<NetnsFiles> pinnedIpcUts,
              Map<String, Observed<NetnsView>> netnsViewsByName, Map<String, Observed<EthtoolStats>> ethtool,
              Observed<InterfaceSysctls> sysctls, Observed<ProcTable> procs,
              Observed<List<Sandbox>> sandboxes, Observed<List<RuntimeContainer>> containers,
              Observed<Map<Integer, String>> linkText, Ipv6Sections ipv6) {
        this.raw = raw;
        this.linksByIndex = links.map(ls -> scans.map(index(ls, NetLink::ifindex)));
        this.linksByName = links.map(ls -> scans.map(index(ls, NetLink::name)));
        this.routes = routes;
        this.routesByDst = routes.map(t -> scans.map(t.byDestination()));
        this.routes6 = ipv6.routes();
        this.routes6ByDst = routes6.map(t -> scans.map(t.byDestination()));
        this.addresses6ByLink = ipv6.addressesByLink().map(scans::map);
        this.netnsList = netnsList.map(scans::map);
        this.netnsFiles = netnsFiles;
        this.recordedNetns = recordedNetns;
        this.pinnedIpcUts = pinnedIpcUts;
        // a netns is named by its pins under /var/run/netns and by the path the runtime recorded outside it
        this.namesByInode = netnsFiles.map(f -> scans.map(Stream.concat(f.inodeByName().entrySet().stream(),
                        recordedNetns.available() ? recordedNetns.value().inodeByName().entrySet().stream() : Stream.empty())
                .collect(Collectors.groupingBy(Map.Entry::getValue, Collectors.mapping(Map.Entry::getKey,
                        Collectors.toList())))));
        this.netnsViewsByName = Map.copyOf(netnsViewsByName);
        this.ethtool = ethtool;
        this.sysctls = sysctls;
        this.procs = procs;
        this.procsByNetNs = procs.map(ps -> scans.map(byNamespace(ps.byPid().values(), Proc::netNs)));
        this.procsByIpcNs = procs.map(ps -> scans.map(byNamespace(ps.byPid().values(), Proc::ipcNs)));
        this.procsByUtsNs = procs.map(ps -> scans.map(byNamespace(ps.byPid().values(), Proc::utsNs)));
        this.linkTextByIndex = linkText.map(scans::map);
        this.sandboxesByPod = sandboxes.map(ss -> scans.map(index(ss, Sandbox::podKey)));
        this.containersBySandbox = containers.map(cs -> scans.map(cs.stream()
                .collect(Collectors.groupingBy(RuntimeContainer::sandboxId))));
        this.inodeByNsid = netnsList.then(list -> netnsFiles.map(files -> scans.map(inodeByNsid(list, files))))
                .map(ids -> links.available() ? withRecordedNsids(ids, links.value(), recordedNetns, netnsViewsByName)
                        : ids);
        this.linksByPeerNetns = links.then(ls -> inodeByNsid.map(ids -> scans.map(byPeerNetns(ls, ids))));
    }

    /** nsid → netns inode, through every pinned name that `ip netns list` shows with that id. */
    private static Map<Integer, Long> inodeByNsid(Map<String, NetnsEntry> list, NetnsFiles files) {
        Map<Integer, Long> m = new HashMap<>();
        list.values().stream().filter(e -> e.nsid() != null && files.inodeByName().containsKey(e.name()))
                .forEach(e -> m.putIfAbsent(e.nsid(), files.inodeByName().get(e.name())));
        return m;
    }

    /**
     * The ids of netns the runtime pinned outside /var/run/netns, which `ip netns list` can't name: a node link X with
     * link-netnsid N leads into such a netns when, inside it (entered by the recorded path), a link's peer is X and
     * X's peer is that link: the veth pair seen from both ends. An id claimed for two netns, or already named, is left
     * out: the links into it stay unresolved, never guessed.
     */
    private static Map<Integer, Long> withRecordedNsids(Map<Integer, Long> named, List<NetLink> links,
                                                        Observed<NetnsFiles> recorded,
                                                        Map<String, Observed<NetnsView>> views) {
        if (!recorded.available() || recorded.value().inodeByName().isEmpty()) {
            return named;
        }
        Map<Integer, NetLink> byIndex = new HashMap<>();
        links.forEach(l -> byIndex.put(l.ifindex(), l));
        Map<Integer, Set<Long>> claims = new HashMap<>();
        recorded.value().inodeByName().forEach((path, inode) -> {
            Observed<NetnsView> v = views.get(path);
            if (v == null || !v.available()) {
                return;
            }
            for (NetLink inside : v.value().links()) {
                NetLink x = inside.peerIfindex() == null ? null : byIndex.get(inside.peerIfindex());
                if (x != null && x.linkNetnsId() != null && Integer.valueOf(inside.ifindex()).equals(x.peerIfindex())
                        && !named.containsKey(x.linkNetnsId())) {
                    claims.computeIfAbsent(x.linkNetnsId(), k -> new HashSet<>()).add(inode);
                }
            }
        });
        Map<Integer, Long> all = new HashMap<>(named);
        claims.forEach((nsid, inodes) -> {
            if (inodes.size() == 1) {
                all.put(nsid, inodes.iterator().next());
            }
        });
        return all;
    }

    /** Node links whose peer is in another netns that the node has pinned, by that netns's inode. */
    private static Map<Long, List<NetLink>> byPeerNetns(List<NetLink> links, Map<Integer, Long> inodeByNsid) {
        Map<Long, List<NetLink>> m = new HashMap<>();
        for (NetLink l : links) {
            Long inode = l.linkNetnsId() == null ? null : inodeByNsid.get(l.linkNetnsId());
            if (inode != null) {
                m.computeIfAbsent(inode, k -> new ArrayList<>()).add(l);
            }
        }
        return m;
    }

    private static Map<Long, List<Proc>> byNamespace(Collection<Proc> procs, Function<Proc, Long> ns) {
        return procs.stream().filter(p -> ns.apply(p) != null)
                .sorted(Comparator.comparingLong(Proc::startTime).thenComparingInt(Proc::pid))
                .collect(Collectors.groupingBy(ns));
    }

    private static <K, V> Map<K, V> index(Collection<V> values, Function<V, K> key) {
        Map<K, V> m = new HashMap<>();
        values.forEach(v -> m.putIfAbsent(key.apply(v), v));
        return m;
    }

    public RawSnapshot raw() {
        return raw;
    }

    public String node() {
        return raw.node();
    }

    public Observed<Map<Integer, NetLink>> linksByIndex() {
        return linksByIndex;
    }

    public Observed<Map<String, NetLink>> linksByName() {
        return linksByName;
    }

    /** The node link named NAME, or its absence. */
    public Observed<NetLink> link(String name) {
        return linksByName.then(m -> m.containsKey(name) ? Observed.of(m.get(name), linksByName.command())
                : Observed.absent(linksByName.command(), "the node has no link named " + name));
    }

    public Observed<RouteTable> routes() {
        return routes;
    }

    /**
     * The node's route to one host address: absent when the table was read and holds none; could not observe
     * when the table could not be read, or when a line that could not be read might be that route.
     */
    public Observed<Route> routeTo(String ip) {
        boolean v6 = ip.contains(":");
        Observed<RouteTable> table = v6 ? routes6 : routes;
        return (v6 ? routes6ByDst : routesByDst).then(byDst -> {
            Route r = byDst.get(RouteTable.key(ip));
            if (r != null) {
                return Observed.of(r, table.command());
            }
            List<String> maybe = table.value().unreadLinesFor(ip);
            return maybe.isEmpty() ? Observed.absent(table.command(), "no route to " + ip)
                    : Observed.unavailable(table.command(), "the route to " + ip + " could not be read: " + maybe);
        });
    }

    /** The route that carries traffic to {@code ip} when it has no host route: a subnet route holding it, if any. */
    public Optional<Route> coveringRoute(String ip) {
        Observed<RouteTable> table = ip.contains(":") ? routes6 : routes;
        return table.available() ? table.value().coveringRoute(ip) : Optional.empty();
    }

    /** The IPv6 addresses of a node link (`ip -j -6 addr show`): none is an empty list, not absent. */
    public Observed<List<NetLink.IpAddress>> ipv6Addresses(String link) {
        return addresses6ByLink.then(m -> m.containsKey(link) ? Observed.of(m.get(link), addresses6ByLink.command())
                : Observed.of(List.of(), addresses6ByLink.command()));
    }

    /** The node's IPv6 sections: its main IPv6 table and each link's IPv6 addresses. */
    public record Ipv6Sections(Observed<RouteTable> routes, Observed<Map<String, List<NetLink.IpAddress>>> addressesByLink) {
    }

    public Observed<Map<String, NetnsEntry>> netnsList() {
        return netnsList;
    }

    public Observed<NetnsFiles> netnsFiles() {
        return netnsFiles;
    }

    /** The inode of the netns pinned as NAME; absent when nothing (or no netns) is pinned under that name. */
    public Observed<Long> pinnedInode(String name) {
        return netnsFiles.then(f -> f.inodeByName().containsKey(name)
                ? Observed.of(f.inodeByName().get(name), netnsFiles.command())
                : Observed.absent(netnsFiles.command(), f.notNetns().contains(name)
                ? "/var/run/netns/" + name + " is a plain file, not a network namespace"
                : "nothing is pinned at /var/run/netns/" + name));
    }

    /**
     * The netns at the path the runtime recorded for a sandbox: under /var/run/netns (or its /run/netns target) the
     * pinned name's, elsewhere (containerd's state dir, cri-dockerd's /proc/PID/ns/net) the path's own.
     */
    public Observed<Long> recordedNetnsInode(String path) {
        if (NetnsFiles.underNetnsDir(path)) {
            return pinnedInode(path.substring(path.lastIndexOf('/') + 1));
        }
        return recordedNetns.then(r -> pinnedAt(r, path, recordedNetns.command(), "network namespace"));
    }

    /** The ipc or uts namespace pinned at a path the runtime recorded (CRI-O's pinns: /var/run/ipcns, utsns). */
    public Observed<Long> pinnedNamespaceInode(String path) {
        return pinnedIpcUts.then(r -> pinnedAt(r, path, pinnedIpcUts.command(), "namespace"));
    }

    /** A recorded path's namespace: seen, absent, or not visible where the snapshot ran (could not observe). */
    private static Observed<Long> pinnedAt(NetnsFiles r, String path, String command, String what) {
        if (r.inodeByName().containsKey(path)) {
            return Observed.of(r.inodeByName().get(path), command);
        }
        if (r.unseen().contains(path)) {
            return Observed.unavailable(command, "the directory of " + path + " is not visible where the snapshot ran"
                    + " (a node agent mounts it only where the runtime pins namespaces there: docs/agent.md)");
        }
        return Observed.absent(command, r.notNetns().contains(path) ? path + " is not a " + what
                : "no " + what + " is at " + path);
    }

    /** The netns an nsid of the node's links resolves to (`ip netns list` id → name → inode). */
    public Observed<Long> netnsOfNsid(int nsid) {
        return inodeByNsid.then(m -> m.containsKey(nsid) ? Observed.of(m.get(nsid), inodeByNsid.command())
                : Observed.absent(inodeByNsid.command(), "nsid " + nsid + " is no netns pinned under /var/run/netns"));
    }

    /** The netns a node link's peer lives in; absent when the link has no peer in another netns or it isn't pinned. */
    public Observed<Long> peerNetnsOf(NetLink link) {
        return link.linkNetnsId() == null
                ? Observed.absent(linksByIndex.command(), link.name() + " has no peer in another netns")
                : netnsOfNsid(link.linkNetnsId());
    }

    /**
     * What the inside of one netns shows, entered through any of its pinned names; could not observe when it is
     * pinned under no name (the snapshot enters pinned netns only) or no name could be entered.
     */
    public Observed<NetnsView> netnsView(long inode) {
        return namesByInode.then(byInode -> {
            List<String> names = byInode.getOrDefault(inode, List.of()).stream().sorted().toList();
            Observed<NetnsView> failed = null;
            for (String name : names) {
                Observed<NetnsView> v = netnsViewsByName.getOrDefault(name, Observed.unavailable(
                        "ip netns exec " + name, "the snapshot has no view of netns " + name));
                if (v.available()) {
                    return v;
                }
                failed = failed == null ? v : failed;
            }
            return failed != null ? failed : Observed.unavailable(netnsFiles.command(), "netns inode " + inode
                    + " is pinned under no name in /var/run/netns: the snapshot can't look inside it");
        });
    }

    /** Every name pinned for one netns: containerd's `cni-…`, a debugging alias, CRI-O's own. */
    public List<String> netnsNames(long inode) {
        return namesByInode.available() ? namesByInode.value().getOrDefault(inode, List.of()).stream().sorted().toList()
                : List.of();
    }

    /** Every node link whose peer end lives in the netns INODE, whatever the names: one lookup per pod. */
    public Observed<List<NetLink>> linksWithPeerIn(long inode) {
        return linksByPeerNetns.then(m -> {
            List<NetLink> found = m.getOrDefault(inode, List.of());
            // a netns with an id could hold no peer whose link-netnsid resolved to nothing: the ids are one-to-one
            // the links' own command decides which link leads where: `ip -j -d link show`'s link-netnsid
            String command = linksByIndex.command();
            if (!found.isEmpty() || inodeByNsid.value().containsValue(inode)) {
                return Observed.of(found, command);
            }
            List<String> unresolved = linksByIndex.value().values().stream().filter(l -> l.linkNetnsId() != null
                    && !inodeByNsid.value().containsKey(l.linkNetnsId())).map(l -> l.name() + " (link-netnsid "
                    + l.linkNetnsId() + ")").toList();
            return unresolved.isEmpty() ? Observed.of(found, command)
                    : Observed.unavailable(command, "the pod's netns (inode " + inode + ") has no id"
                    + " in `ip netns list`, and the netns of node links " + unresolved + " resolve to no pinned netns:"
                    + " whether they lead into the pod's netns was not observed");
        });
    }

    /** How many entries of the node-wide indexes have been iterated so far (lookups by key not counted). */
    public long entriesScanned() {
        return scans.visited();
    }

    /** `ethtool -S dev`, or why it is not there (dev not a veth on the node, command failed). */
    public Observed<EthtoolStats> ethtool(String dev) {
        return ethtool.getOrDefault(dev, Observed.unavailable("ethtool -S " + dev,
                "ethtool -S was not run for " + dev + ": the snapshot runs it for every veth on the node and "
                        + dev + " is not one"));
    }

    /** One per-interface sysctl (InterfaceSysctls' keys) of a node link. */
    public Observed<Integer> sysctl(String key, String dev) {
        return sysctls.then(v -> v.value(key, dev));
    }

    /**
     * Which CNI profile judges the node and that profile's own reading of this snapshot (its settings and records,
     * from its sections), each made once on first use and kept here: the one typed slot profiles have in the node's
     * state ({@code key} names it).
     */
    public <T> T profileState(Class<T> key, Function<NodeState, T> read) {
        Object v = profileSlot.get(key);
        if (v == null) {
            v = read.apply(this);
            Object prior = profileSlot.putIfAbsent(key, v);
            v = prior != null ? prior : v;
        }
        return key.cast(v);
    }

    private volatile Observed<CniResultCache> cniResults;
    private volatile Observed<Map<String, List<NetLink.IpAddress>>> addresses4;
    private volatile Observed<CniConfigs> cniConfigs;

    /** The CNI configs the runtime loads (section cni.config), read once on first use: detection and profiles share it. */
    public Observed<CniConfigs> cniConfigs() {
        Observed<CniConfigs> c = cniConfigs;
        if (c == null) {
            c = CniConfigs.of(raw);
            cniConfigs = c;
        }
        return c;
    }

    /** The runtime's libcni cache of CNI results (section cni.results), read once on first use. */
    public Observed<CniResultCache> cniResults() {
        Observed<CniResultCache> r = cniResults;
        if (r == null) {
            r = CniResultCache.read(raw);
            cniResults = r;
        }
        return r;
    }

    /** The node's IPv4 addresses by link (section node.addrs4), read once on first use. */
    public Observed<Map<String, List<NetLink.IpAddress>>> addresses4() {
        Observed<Map<String, List<NetLink.IpAddress>>> a = addresses4;
        if (a == null) {
            a = NodeStateReader.parse(raw, "node.addrs4", IpJsonParser::addressesByLink);
            addresses4 = a;
        }
        return a;
    }

    /** One process: seen, absent from /proc, or could not observe (the table, or this process's record, unread). */
    public Observed<Proc> proc(int pid) {
        return procs.then(t -> {
            if (t.byPid().containsKey(pid)) {
                return Observed.of(t.byPid().get(pid), procs.command());
            }
            if (t.unread().containsKey(pid)) {
                return Observed.unavailable(procs.command(), "the record of pid " + pid + " could not be read: "
                        + t.unread().get(pid));
            }
            return Observed.absent(procs.command(), "pid " + pid + " is not running");
        });
    }

    /** Processes in one namespace of a kind ("net", "ipc", "uts"), earliest first. */
    /** The command whose output gives each process's namespace inodes (section proc.ns): it decides who shares one. */
    public String namespacesCommand() {
        return raw.section("proc.ns").map(Section::command).orElse(procs.command());
    }

    public Observed<List<Proc>> procsIn(String kind, long inode) {
        Observed<Map<Long, List<Proc>>> index = switch (kind) {
            case "net" -> procsByNetNs;
            case "ipc" -> procsByIpcNs;
            case "uts" -> procsByUtsNs;
            default -> throw new IllegalArgumentException("namespace kind " + kind);
        };
        return index.map(m -> m.getOrDefault(inode, List.of()));
    }

    /** Records that could not be read: a process in one of these might have started before the one that did. */
    public Observed<Map<Integer, String>> unreadProcs() {
        return procs.map(ProcTable::unread);
    }

    /** The lines `ip -d link show` prints for one ifindex, as in the lab's `ip link | grep -A1 ^X:`. */
    public Observed<String> linkText(int ifindex) {
        return linkTextByIndex.map(m -> m.getOrDefault(ifindex, ""));
    }

    public Observed<Optional<Sandbox>> sandbox(String namespace, String pod) {
        return sandboxesByPod.map(m -> Optional.ofNullable(m.get(namespace + "/" + pod)));
    }

    public Observed<Map<String, Sandbox>> sandboxesByPod() {
        return sandboxesByPod;
    }

    /**
     * A sandbox's netns, by inode: the one its pause process holds; where pause can't be seen, the one pinned at the
     * path the runtime recorded for the sandbox. The one rule for the pod trail and for the orphan checks.
     */
    public Observed<Long> netnsOf(Sandbox sb) {
        Observed<Proc> pause = proc(sb.pid());
        if (pause.available() && pause.value().netNs() != null) {
            return Observed.of(pause.value().netNs(), pause.command());
        }
        return sb.netnsPath() == null
                ? Observed.absent(sandboxesByPod.command(), "the runtime records no netns path for sandbox " + sb.id())
                : recordedNetnsInode(sb.netnsPath());
    }

    /** The netns of every ready sandbox ({@link #netnsOf}): a link whose peer is in none of these leads to no pod. */
    public Observed<Set<Long>> sandboxNetns() {
        // unreadable pinned files leave the fallback unobservable: then the whole set is, as before
        return sandboxesByPod.then(sbs -> netnsFiles.map(readable -> {
            Set<Long> inodes = new HashSet<>();
            sbs.values().stream().map(this::netnsOf).filter(Observed::available).forEach(o -> inodes.add(o.value()));
            return Set.copyOf(inodes);
        }));
    }

    public Observed<List<RuntimeContainer>> containers(String sandboxId) {
        return containersBySandbox.map(m -> m.getOrDefault(sandboxId, List.of()));
    }
}
