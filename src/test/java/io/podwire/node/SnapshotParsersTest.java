package io.podwire.node;

import io.podwire.profile.calico.CalicoCniSettings;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The parsers read the raw outputs recorded from a lab node, verbatim. */
@DisplayName("Snapshot parsers on outputs recorded from a lab node")
class SnapshotParsersTest {

    @Test
    @DisplayName("every section of the recorded snapshot is framed, with its command and exit code")
    void everySectionIsFramedWithItsCommandAndExitCode() {
        RawSnapshot raw = RecordedSnapshots.raw(RecordedSnapshots.THREE_PODS);
        assertEquals("ip -j -d link show", raw.sections().get("node.links").command(), "command of node.links");
        assertTrue(raw.sections().values().stream().allMatch(Section::succeeded),
                () -> "all recorded sections exited 0: " + raw.sections().values().stream()
                        .filter(s -> !s.succeeded()).map(Section::failure).toList());
        assertEquals(List.of("calia900becc4a6", "cali661a0e7385d", "cali787c498fb7a", "eth0"),
                raw.sections().keySet().stream().filter(k -> k.startsWith("ethtool.")).map(k -> k.substring(8)).toList(),
                "one ethtool section per veth on the node");
    }

    @Test
    @DisplayName("node links from ip -j -d link carry ifindex, @ifN peer, kind and link_netnsid")
    void nodeLinksCarryPeerKindAndNetnsId() {
        NetLink pinger = RecordedSnapshots.state(RecordedSnapshots.THREE_PODS).linksByName().value().get("calia900becc4a6");
        assertEquals(2, pinger.ifindex(), "ifindex of calia900becc4a6");
        assertEquals(2, pinger.peerIfindex(), "link_index (@if2) of calia900becc4a6");
        assertEquals("veth", pinger.kind(), "kind");
        assertEquals(1, pinger.linkNetnsId(), "link_netnsid");
        assertEquals("ee:ee:ee:ee:ee:ee", pinger.mac(), "Calico's host-side MAC");
    }

    @Test
    @DisplayName("ip netns list is read with and without (id: N), and each pinned netns has its inode")
    void netnsListAndInodes() {
        NodeState s = RecordedSnapshots.state(RecordedSnapshots.THREE_PODS);
        Map<String, NetnsEntry> list = s.netnsList().value();
        assertEquals(3, list.size(), "three pinned netns");
        assertTrue(list.values().stream().allMatch(e -> e.nsid() != null && e.name().startsWith("cni-")),
                () -> "cni-… (id: N) entries: " + list.values());
        assertEquals(list.keySet(), s.netnsFiles().value().inodeByName().keySet(), "an inode for every listed netns");
        assertEquals(java.util.Set.of(), s.netnsFiles().value().notNetns(), "every pinned file is a netns");
        assertEquals(Map.of("x", new NetnsEntry("x", null, "x")), TextParsers.netnsList("ip netns list", "x\n"),
                "a netns without nsid");
    }

    @Test
    @DisplayName("the per-netns view holds lo and eth0@ifX with the /32 and Calico's two routes")
    void perNetnsViewHoldsLinksAddressesAndRoutes() {
        NodeState s = RecordedSnapshots.state(RecordedSnapshots.THREE_PODS);
        long appNetns = s.proc(s.sandbox("test", "app").value().orElseThrow().pid()).value().netNs();
        NetnsView v = s.netnsView(appNetns).value();
        assertEquals(List.of("lo", "eth0@if3"), v.links().stream().map(NetLink::displayName).toList(), "links of app");
        assertEquals("10.42.0.11/32", v.link("eth0").orElseThrow().addresses().get(0).cidr(), "eth0 address");
        assertEquals(List.of("default via 169.254.1.1 dev eth0 scope global", "169.254.1.1 dev eth0 scope link"),
                v.routes().stream().map(r -> r.dst() + (r.gateway() == null ? "" : " via " + r.gateway()) + " dev "
                        + r.dev() + (r.scope() == null ? "" : " scope " + r.scope())).toList(), "routes of app");
    }

    @Test
    @DisplayName("ethtool -S gives peer_ifindex, proxy_arp is read per interface")
    void ethtoolPeerAndProxyArp() {
        NodeState s = RecordedSnapshots.state(RecordedSnapshots.THREE_PODS);
        assertEquals(2L, s.ethtool("cali661a0e7385d").value().peerIfindex(), "peer_ifindex of app's cali");
        assertEquals("     peer_ifindex: 2", s.ethtool("cali661a0e7385d").value().line("peer_ifindex"), "raw line");
        assertEquals(1, s.sysctl(InterfaceSysctls.PROXY_ARP, "cali661a0e7385d").value(), "proxy_arp of app's cali");
        assertFalse(s.ethtool("lo").available(), "no ethtool for a non-veth");
    }

    @Test
    @DisplayName("processes carry start time, argv and net/ipc/uts inodes; pause is recognised by argv[0]")
    void processesCarryStartArgvAndNamespaces() {
        NodeState s = RecordedSnapshots.state(RecordedSnapshots.THREE_PODS);
        List<Proc> pauses = s.sandboxesByPod().value().values().stream().map(sb -> s.proc(sb.pid()).value())
                .filter(Proc::isPause).toList();
        assertEquals(3, pauses.size(), "one /pause per pod");
        Proc pause = pauses.get(0);
        assertEquals(List.of("/pause", "infinity"), pause.argv(), "argv of pause");
        assertTrue(pause.netNs() != null && pause.ipcNs() != null && pause.utsNs() != null, "all three inodes read");
        assertEquals(pause.pid(), s.procsIn("net", pause.netNs()).value().get(0).pid(), "pause is first in its netns");
    }

    @Test
    @DisplayName("crictl records give each sandbox's pause pid and netns path, and each container's pid")
    void runtimeRecords() {
        NodeState s = RecordedSnapshots.state(RecordedSnapshots.THREE_PODS);
        Sandbox app = s.sandbox("test", "app").value().orElseThrow();
        assertTrue(app.netnsPath().startsWith("/var/run/netns/cni-"), () -> "netns path " + app.netnsPath());
        assertEquals(List.of("nginx", "sidecar"), s.containers(app.id()).value().stream().map(RuntimeContainer::name)
                .sorted().toList(), "containers of app");
    }

    @Test
    @DisplayName("ip -d link text is read in both forms: link-netns NAME and link-netnsid N")
    void linkTextInBothNetnsForms() {
        NodeState s = RecordedSnapshots.state(RecordedSnapshots.WEB_NETNS_UNPINNED);
        NetLink web = s.linksByName().value().get("cali787c498fb7a");
        NetLink app = s.linksByName().value().get("cali661a0e7385d");
        assertEquals(new IpLinkTextParser.NetnsRef(null, 3),
                IpLinkTextParser.netnsRef(s.linkText(web.ifindex()).value()).orElseThrow(), "unpinned peer netns: by id");
        assertTrue(IpLinkTextParser.netnsRef(s.linkText(app.ifindex()).value()).orElseThrow().name().startsWith("cni-"),
                "pinned peer netns: by name");
    }

    @Test
    @DisplayName("unparseable output is an error naming the command and the offending line")
    void unparseableOutputNamesCommandAndLine() {
        SnapshotParseException e = assertThrows(SnapshotParseException.class,
                () -> TextParsers.ethtool("ethtool -S cali1", "cali1", "NIC statistics:\n     peer_ifindex 2\n"));
        assertEquals("ethtool -S cali1", e.command(), "command named");
        assertEquals("     peer_ifindex 2", e.offendingLine(), "offending line named");
        SnapshotParseException framing = assertThrows(SnapshotParseException.class,
                () -> RawSnapshot.parse("n", java.time.Instant.EPOCH, "N", "garbage before any section\n"));
        assertTrue(framing.getMessage().contains("garbage before any section"), framing::getMessage);
    }

    @Test
    @DisplayName("an unparseable section becomes unavailable with the command and line, nothing silently dropped")
    void unparseableSectionBecomesUnavailable() {
        String text = RecordedSnapshots.text(RecordedSnapshots.THREE_PODS).replace("NIC statistics:\n     peer_ifindex: 2",
                "NIC statistics:\n     peer_ifindex = two");
        NodeState s = NodeStateReader.read(RawSnapshot.parse("lab-node", java.time.Instant.EPOCH, RecordedSnapshots.NONCE, text));
        Observed<EthtoolStats> o = s.ethtool("calia900becc4a6");
        assertFalse(o.available(), "unparseable ethtool output is not available");
        assertTrue(o.problem().contains("ethtool -S calia900becc4a6") && o.problem().contains("peer_ifindex = two"),
                o::problem);
    }

    @Test
    @DisplayName("the pod-side view reads interfaces from /proc/net/dev and local IPs from /proc/net/fib_trie")
    void podSideViewFromProcNet() {
        String text = """
                Inter-|   Receive                                                |  Transmit
                 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                    lo:       0       0    0    0    0     0          0         0        0       0    0    0    0     0       0          0
                  eth0:     280       4    0    0    0     0          0         0      796      10    0    0    0     0       0          0
                Main:
                  +-- 0.0.0.0/0 3 0 5
                        |-- 10.42.0.11
                           /32 host LOCAL
                        |-- 127.0.0.1
                           /32 host LOCAL
                     |-- 169.254.1.1
                        /32 link UNICAST
                """;
        PodSideView v = PodSideView.parse("cat /proc/net/dev /proc/net/fib_trie", text);
        assertEquals(List.of("eth0", "lo"), v.sortedInterfaces(), "interfaces");
        assertEquals(java.util.Set.of("10.42.0.11"), v.localAddresses(), "local addresses without loopback");
    }

    @Test
    @DisplayName("ping summaries of iputils and busybox both parse")
    void pingSummariesParse() {
        assertEquals(2, Reachability.parse("ping", "a", "b", "2 packets transmitted, 2 received, 0% packet loss").received(),
                "iputils");
        assertEquals(0, Reachability.parse("ping", "a", "b", "2 packets transmitted, 0 packets received, 100% packet loss")
                .received(), "busybox");
    }

    @Test
    @DisplayName("route text: proto and a leading type are read, boot and unicast where ip prints neither")
    void routeTextCarriesProtoAndType() {
        RouteTable t = TextParsers.routeTable("ip route show table main", "10.42.0.11 dev cali661a0e7385d scope link\n"
                + "10.42.0.12 dev cali787c498fb7a proto static scope link\nmulticast 10.42.0.13 dev cali0 scope link\n");
        assertEquals(List.of("boot unicast", "static unicast", "boot multicast"), t.routes().stream()
                .map(r -> r.protocol() + " " + r.type()).toList(), "proto and type");
        assertEquals("10.42.0.13", t.routes().get(2).dst(), "dst after the type");
    }

    @Test
    @DisplayName("interface sysctls are read per key and interface; one not in the output is could-not-observe")
    void interfaceSysctlsByKeyAndInterface() {
        InterfaceSysctls v = TextParsers.interfaceSysctls("grep", "/proc/sys/net/ipv4/neigh/default/proxy_delay:80\n"
                + "/proc/sys/net/ipv4/neigh/cali0/proxy_delay:0\n/proc/sys/net/ipv6/conf/cali0/accept_ra:0\n");
        assertEquals(0, v.value(InterfaceSysctls.PROXY_DELAY, "cali0").value(), "proxy_delay of cali0");
        assertEquals(0, v.value(InterfaceSysctls.ACCEPT_RA, "cali0").value(), "accept_ra of cali0");
        Observed<Integer> missing = v.value(InterfaceSysctls.ROUTE_LOCALNET, "cali0");
        assertFalse(missing.available() || missing.absent(), "not read: could not observe");
        assertEquals("/proc/sys/net/ipv4/conf/cali0/route_localnet is not in the snapshot's output", missing.problem());
    }

    @Test
    @DisplayName("Calico's CNI settings from a single-plugin .conf too; any other plugin's config is ignored")
    void calicoCniSettingsFromAConfFile() {
        CalicoCniSettings c = CalicoCniSettings.parse("head", "==> /etc/cni/net.d/05-other.conflist <==\n"
                + "{\"name\":\"x\",\"plugins\":[{\"type\":\"bridge\",\"mtu\":9000}]}\n\n"
                + "==> /etc/cni/net.d/10-calico.conf <==\n{\"name\":\"k8s-pod-network\",\"type\":\"calico\",\"mtu\":1410,"
                + "\"container_settings\":{\"allow_ip_forwarding\":true}}\n\n==> /var/lib/calico/mtu <==\n1440\n");
        assertEquals(1410, c.mtu().value(), "the netconf mtu wins over Felix's file");
        assertEquals("the netconf mtu", c.mtuSource(), "source");
        assertTrue(c.allowIpForwarding(), "allow_ip_forwarding");
        assertTrue(c.excerpt().contains("/var/lib/calico/mtu: 1440"), c::excerpt);
        assertThrows(SnapshotParseException.class, () -> CalicoCniSettings.parse("head", ""), "no config read");
    }
}
