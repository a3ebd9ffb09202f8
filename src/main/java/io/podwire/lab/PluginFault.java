package io.podwire.lab;

import io.podwire.verdict.ClaimId;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import static io.podwire.verdict.ClaimId.C11;
import static io.podwire.verdict.ClaimId.C13;
import static io.podwire.verdict.ClaimId.C4;
import static io.podwire.verdict.ClaimId.C5;
import static io.podwire.verdict.ClaimId.C7;
import static io.podwire.verdict.ClaimId.C8;
import static io.podwire.verdict.ClaimId.C9;

/**
 * The faults of the reference plugins' profiles: real mutations of a lab node wired by Debian's bridge or ptp binary
 * ({@link PluginWiring}), each making its claim false for its pods under the detected profile; {@code alsoBreaks}
 * names what else it makes false, with the kernel reason. C6 and C12 are NOT_APPLICABLE under both profiles, so no
 * fault exists for them.
 */
public enum PluginFault {
    BRIDGE_EXTRA_POD_ROUTE(ReferencePlugin.BRIDGE, C4, List.of("web"), "a route bridge does not add in the pod's table"
            + " (192.0.2.0/24 via the gateway)", EnumSet.noneOf(ClaimId.class),
            pods -> "ip -n " + pod(pods, "web").netns() + " route add 192.0.2.0/24 via 10.42.0.1 dev eth0\n"),
    BRIDGE_HAIRPIN_OFF(ReferencePlugin.BRIDGE, C5, List.of("app"), "hairpin mode off on the pod's bridge port"
            + " (the config's hairpinMode is true)", EnumSet.noneOf(ClaimId.class),
            pods -> "ip link set dev " + pod(pods, "app").hostVeth() + " type bridge_slave hairpin off\n"),
    BRIDGE_GATEWAY_REMOVED(ReferencePlugin.BRIDGE, C9, List.of("pinger", "app", "web"), "the gateway address taken off"
            + " the bridge: the node's subnet route to every pod goes with it (pods still reach each other on the bridge)",
            EnumSet.noneOf(ClaimId.class),
            pods -> "ip addr del 10.42.0.1/24 dev cni0\n"),
    BRIDGE_ORPHAN_PORT(ReferencePlugin.BRIDGE, C7, List.of(io.podwire.verdict.Verdict.NODE_SCOPE), "a bridge port whose"
            + " peer is in a netns no sandbox holds", EnumSet.noneOf(ClaimId.class),
            pods -> orphan("ip link set veth0badcafe master cni0\n")),
    PTP_EXTRA_POD_ROUTE(ReferencePlugin.PTP, C4, List.of("web"), "a route ptp does not add in the pod's table"
            + " (192.0.2.0/24 via the gateway)", EnumSet.noneOf(ClaimId.class),
            pods -> "ip -n " + pod(pods, "web").netns() + " route add 192.0.2.0/24 via 10.244.0.1 dev eth0\n"),
    PTP_HOST_MTU_CHANGED(ReferencePlugin.PTP, C5, List.of("app"), "the node end's MTU 1400 while the config's is 1500",
            EnumSet.noneOf(ClaimId.class),
            pods -> "ip link set dev " + pod(pods, "app").hostVeth() + " mtu 1400\n"),
    PTP_HOST_ROUTE_DELETED(ReferencePlugin.PTP, C9, List.of("web"), "the node's `podIP dev vethX scope host` route deleted",
            // C11: the node no longer knows where the pod is, so the pinger's packets for it leave by the default route
            EnumSet.of(C11),
            pods -> "ip route del " + pod(pods, "web").pod().ip() + " dev " + pod(pods, "web").hostVeth() + "\n"),
    PTP_VETH_PEER_IN_WRONG_NETNS(ReferencePlugin.PTP, C8, List.of("web"), "the node end of the pod's veth moved into"
            + " another netns: eth0's pairing leads out of the node",
            // C5, C9: no node end to judge (the kernel drops ptp's host route with the device); C7: no node link into the
            // pod's netns; C11: unreachable; C13: the result's host interface is gone from the node. C3, C4 hold:
            // eth0 stays an admin-UP veth with its address and routes (only its carrier follows the moved end)
            EnumSet.of(C5, C7, C9, C11, C13),
            pods -> "ip netns add cni-stray\nip link set " + pod(pods, "web").hostVeth() + " netns cni-stray\n"),
    PTP_ORPHAN_VETH(ReferencePlugin.PTP, C7, List.of(io.podwire.verdict.Verdict.NODE_SCOPE), "a veth whose peer is in"
            + " a netns no sandbox holds", EnumSet.noneOf(ClaimId.class), pods -> orphan("")),
    BRIDGE_CACHE_OTHER_IP(ReferencePlugin.BRIDGE, C13, List.of("web"), "libcni's cache of the pod's ADD lists another IP",
            EnumSet.noneOf(ClaimId.class), pods -> otherIp(pod(pods, "web"))),
    PTP_CACHE_MISSING(ReferencePlugin.PTP, C13, List.of("app"), "libcni's cache of the pod's ADD removed while the pod"
            + " is wired", EnumSet.noneOf(ClaimId.class), pods -> "rm " + pod(pods, "app").cacheFile() + "\n");

    private final ReferencePlugin plugin;
    private final ClaimId claim;
    private final List<String> targetPods;
    private final String description;
    private final Set<ClaimId> alsoBreaks;
    private final Function<List<PluginPod>, String> script;

    PluginFault(ReferencePlugin plugin, ClaimId claim, List<String> targetPods, String description,
                Set<ClaimId> alsoBreaks, Function<List<PluginPod>, String> script) {
        this.plugin = plugin;
        this.claim = claim;
        this.targetPods = targetPods;
        this.description = description;
        this.alsoBreaks = alsoBreaks;
        this.script = script;
    }

    public ReferencePlugin plugin() {
        return plugin;
    }

    public ClaimId claim() {
        return claim;
    }

    /** The pods whose verdict of the claim FAILs ("*": the node-wide verdict). */
    public List<String> targetPods() {
        return targetPods;
    }

    public String description() {
        return description;
    }

    public Set<ClaimId> alsoBreaks() {
        return alsoBreaks;
    }

    public void inject(LabNode lab) {
        lab.run("inject " + name(), script.apply(lab.pluginPods()));
    }

    private static PluginPod pod(List<PluginPod> pods, String name) {
        return pods.stream().filter(p -> p.pod().name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no plugin pod " + name));
    }

    private static String orphan(String more) {
        // named as ip.RandomVethName names host ends: a leftover of a pod whose sandbox is gone
        return "ip netns add cni-orphan\nip link add veth0badcafe type veth peer name eth0 netns cni-orphan\n" + more
                + "ip link set veth0badcafe up\n";
    }

    private static String otherIp(PluginPod p) {
        return "sed -i 's#\"address\":\"" + p.pod().ip() + "/#\"address\":\"192.0.2.99/#' " + p.cacheFile() + "\n";
    }
}
