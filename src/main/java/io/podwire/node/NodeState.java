package io.podwire.node;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The parsed snapshot of one node, indexed once so that every claim looks pods up in constant time
 * (by ifindex, netns name, namespace inode, pod): evaluation stays linear in the number of pods.
 */
public final class NodeState {
    private final RawSnapshot raw;
    private final Observed<Map<Integer, NetLink>> linksByIndex;
    private final Observed<Map<String, NetLink>> linksByName;
    private final Observed<List<Route>> routes;
    private final Observed<Map<String, Route>> hostRoutesByDst;
    private final Observed<Map<String, NetnsEntry>> netnsList;
    private final Observed<Map<Integer, String>> netnsNameById;
    private final Observed<Map<String, Long>> netnsInodes;
    private final Observed<Map<String, NetnsView>> netnsViews;
    private final Map<String, Observed<EthtoolStats>> ethtool;
    private final Observed<Map<String, Integer>> proxyArp;
    private final Observed<Map<Integer, Proc>> procs;
    private final Observed<Map<Long, List<Proc>>> procsByNetNs;
    private final Observed<Map<Long, List<Proc>>> procsByIpcNs;
    private final Observed<Map<Long, List<Proc>>> procsByUtsNs;
    private final Observed<Map<Integer, String>> linkTextByIndex;
    private final Observed<Map<String, Sandbox>> sandboxesByPod;
    private final Observed<Map<String, List<RuntimeContainer>>> containersBySandbox;
    private final Observed<Map<String, List<NetLink>>> linksByPeerNetns;
    private final ScanCounter scans = new ScanCounter();

    NodeState(RawSnapshot raw, Observed<List<NetLink>> links, Observed<List<Route>> routes,
              Observed<Map<String, NetnsEntry>> netnsList, Observed<Map<String, Long>> netnsInodes,
              Observed<Map<String, NetnsView>> netnsViews, Map<String, Observed<EthtoolStats>> ethtool,
              Observed<Map<String, Integer>> proxyArp, Observed<Map<Integer, Proc>> procs,
              Observed<List<Sandbox>> sandboxes, Observed<List<RuntimeContainer>> containers,
              Observed<Map<Integer, String>> linkText) {
        this.raw = raw;
        this.linksByIndex = links.map(ls -> scans.map(index(ls, NetLink::ifindex)));
        this.linksByName = links.map(ls -> scans.map(index(ls, NetLink::name)));
        this.routes = routes.map(scans::list);
        this.hostRoutesByDst = routes.map(rs -> scans.map(rs.stream().filter(r -> !r.dst().equals("default"))
                .collect(Collectors.toMap(r -> r.dst().replace("/32", ""), r -> r, (a, b) -> a))));
        this.netnsList = netnsList.map(scans::map);
        this.netnsNameById = netnsList.map(l -> scans.map(l.values().stream().filter(e -> e.nsid() != null)
                .collect(Collectors.toMap(NetnsEntry::nsid, NetnsEntry::name, (a, b) -> a))));
        this.netnsInodes = netnsInodes.map(scans::map);
        this.netnsViews = netnsViews.map(scans::map);
        this.ethtool = ethtool;
        this.proxyArp = proxyArp.map(scans::map);
        this.procs = procs.map(scans::map);
        this.procsByNetNs = procs.map(ps -> scans.map(byNamespace(ps.values(), Proc::netNs)));
        this.procsByIpcNs = procs.map(ps -> scans.map(byNamespace(ps.values(), Proc::ipcNs)));
        this.procsByUtsNs = procs.map(ps -> scans.map(byNamespace(ps.values(), Proc::utsNs)));
        this.linkTextByIndex = linkText.map(scans::map);
        this.sandboxesByPod = sandboxes.map(ss -> scans.map(index(ss, Sandbox::podKey)));
        this.containersBySandbox = containers.map(cs -> scans.map(cs.stream()
                .collect(Collectors.groupingBy(RuntimeContainer::sandboxId))));
        this.linksByPeerNetns = links.available() && netnsList.available()
                ? Observed.of(scans.map(byPeerNetns(links.value(), netnsList.value())), links.command())
                : links.available() ? Observed.unavailable(netnsList.command(), netnsList.problem())
                : Observed.unavailable(links.command(), links.problem());
    }

    /** Node links whose peer is in a pinned netns (link-netnsid resolved through `ip netns list`), by that netns. */
    private static Map<String, List<NetLink>> byPeerNetns(List<NetLink> links, Map<String, NetnsEntry> netns) {
        Map<Integer, String> nameById = new HashMap<>();
        netns.values().stream().filter(e -> e.nsid() != null).forEach(e -> nameById.putIfAbsent(e.nsid(), e.name()));
        Map<String, List<NetLink>> m = new HashMap<>();
        for (NetLink l : links) {
            String name = l.linkNetnsId() == null ? null : nameById.get(l.linkNetnsId());
            if (name != null) {
                m.computeIfAbsent(name, k -> new ArrayList<>()).add(l);
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

    public Observed<List<Route>> routes() {
        return routes;
    }

    public Observed<Map<String, Route>> hostRoutesByDst() {
        return hostRoutesByDst;
    }

    public Observed<Map<String, NetnsEntry>> netnsList() {
        return netnsList;
    }

    public Observed<Map<Integer, String>> netnsNameById() {
        return netnsNameById;
    }

    /** Node links whose peer end is in the pinned netns NAME (`link-netns NAME` / `link-netnsid N`): one lookup per pod. */
    public Observed<List<NetLink>> linksWithPeerIn(String netns) {
        return linksByPeerNetns.map(m -> m.getOrDefault(netns, List.of()));
    }

    /** How many entries of the node-wide indexes have been iterated so far (lookups by key not counted). */
    public long entriesScanned() {
        return scans.visited();
    }

    public Observed<Map<String, Long>> netnsInodes() {
        return netnsInodes;
    }

    public Observed<Map<String, NetnsView>> netnsViews() {
        return netnsViews;
    }

    /** `ethtool -S dev`, or why it is not there (dev not a veth on the node, command failed). */
    public Observed<EthtoolStats> ethtool(String dev) {
        return ethtool.getOrDefault(dev, Observed.unavailable("ethtool -S " + dev,
                "ethtool -S was not run for " + dev + ": the snapshot runs it for every veth on the node and "
                        + dev + " is not one"));
    }

    public Observed<Map<String, Integer>> proxyArp() {
        return proxyArp;
    }

    public Observed<Map<Integer, Proc>> procs() {
        return procs;
    }

    /** Processes in one namespace of a kind ("net", "ipc", "uts"), earliest first. */
    public Observed<List<Proc>> procsIn(String kind, long inode) {
        Observed<Map<Long, List<Proc>>> index = switch (kind) {
            case "net" -> procsByNetNs;
            case "ipc" -> procsByIpcNs;
            case "uts" -> procsByUtsNs;
            default -> throw new IllegalArgumentException("namespace kind " + kind);
        };
        return index.map(m -> m.getOrDefault(inode, List.of()));
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

    public Observed<List<RuntimeContainer>> containers(String sandboxId) {
        return containersBySandbox.map(m -> m.getOrDefault(sandboxId, List.of()));
    }
}
