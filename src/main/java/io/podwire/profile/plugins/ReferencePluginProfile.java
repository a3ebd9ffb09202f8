package io.podwire.profile.plugins;

import io.podwire.node.NetLink;
import io.podwire.node.NodeState;
import io.podwire.node.Observed;
import io.podwire.node.Route;
import io.podwire.verdict.ClaimId;
import io.podwire.verdict.CniProfile;
import io.podwire.verdict.Judge;
import io.podwire.verdict.PodTrail;
import io.podwire.verdict.Verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The contracts of the reference plugins (containernetworking/plugins v1.1.1, Debian's containernetworking-plugins
 * 1.1.1; B = plugins/main/bridge/bridge.go, P = plugins/main/ptp/ptp.go, I = pkg/ipam/ipam_linux.go, L =
 * pkg/ip/link_linux.go, R = pkg/ip/route_linux.go, F = pkg/ip/ipforward_linux.go, H =
 * plugins/ipam/host-local/backend/allocator/range.go), each expectation computed from the plugin's own config entry.
 */
public final class ReferencePluginProfile implements CniProfile {
    /** flannel delegates to the bridge plugin (k3s's default); bridge itself. */
    public static final ReferencePluginProfile BRIDGE = new ReferencePluginProfile("bridge",
            "containernetworking/plugins v1.1.1 plugins/main/bridge/bridge.go");
    /** kindnet's plugin. */
    public static final ReferencePluginProfile PTP = new ReferencePluginProfile("ptp",
            "containernetworking/plugins v1.1.1 plugins/main/ptp/ptp.go");

    private final String name;
    private final String source;

    private ReferencePluginProfile(String name, String source) {
        this.name = name;
        this.source = source;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String source() {
        return source;
    }

    public boolean isBridge() {
        return this == BRIDGE;
    }

    /** ip.RandomVethName's names: "veth" + the hex of 4 random bytes (L 107-116). */
    private static final java.util.regex.Pattern RANDOM_VETH = java.util.regex.Pattern.compile("veth[0-9a-f]{8}");

    /**
     * bridge: a veth enslaved to the config's bridge (B 364); ptp: a veth named as ip.RandomVethName names the host
     * end (L 107-116) whose peer is in another netns (P 68): a node's own uplink veth (a kind node's eth0) is neither.
     */
    @Override
    public Observed<Predicate<NetLink>> workloadLinks(NodeState node) {
        if (!isBridge()) {
            return Observed.of(l -> l.isVeth() && l.linkNetnsId() != null && RANDOM_VETH.matcher(l.name()).matches(),
                    "ip -j -d link show");
        }
        return PluginConf.of(node, this).map(c -> l -> l.isVeth() && c.bridge().equals(Json.master(l)));
    }

    @Override
    public String workloadLinksRule(NodeState node) {
        return isBridge() ? "a veth whose master is the config's bridge (bridge.go LinkSetMaster)"
                : "a veth named veth + 8 hex digits (ip.RandomVethName) whose peer is in another netns (ptp.go SetupVeth)";
    }

    @Override
    public Optional<String> detail(ClaimId claim) {
        return Optional.empty(); // the README's bridge/ptp table states them, with the plugin's lines
    }

    @Override
    public Verdict podAddressing(PodTrail trail, NodeState node) {
        return PluginClaims.c4PodAddressing(trail, node, this);
    }

    @Override
    public Verdict hostEnd(PodTrail trail, NodeState node) {
        return PluginClaims.c5HostEnd(trail, node, this);
    }

    @Override
    public Verdict hostEndName(PodTrail trail, NodeState node) {
        return new Judge(ClaimId.C6, trail.pod(), node.node()).notApplicable(name + " names the host end `veth` + 8"
                + " random hex digits (" + source + " via pkg/ip/link_linux.go RandomVethName): no name derives from"
                + " the pod, so there is none to check; the host end is found by kernel identity (C5, C8)");
    }

    @Override
    public Verdict nodeRouting(PodTrail trail, NodeState node) {
        return PluginClaims.c9NodeRouting(trail, node, this);
    }

    @Override
    public Verdict ownRecord(PodTrail trail, NodeState node) {
        return new Judge(ClaimId.C12, trail.pod(), node.node()).notApplicable(name + " keeps no record of its own"
                + " beyond the CNI result, which libcni caches and C13 compares with the kernel");
    }

    /** The pod's eth0 addresses: the IPAM's address with its subnet's prefix (I ConfigureIface; P 90). */
    public List<String> eth0Addresses(String podIp, PluginConf c) {
        return List.of(podIp + "/" + c.prefixLength());
    }

    /**
     * The pod's main IPv4 table, exactly.
     * bridge: the address's subnet route (kernel), each IPAM route via its gw or the range's gateway (I 102-123),
     * and, with isDefaultGateway, the default via the gateway unless IPAM gave one with a gw (B 166-178).
     * ptp: the subnet route deleted (P 95-107), `gw dev eth0 scope link` and `subnet via gw` (P 114-138), each IPAM
     * route via its gw or the gateway (I 102-123).
     */
    public List<ExpectedRoute> podRoutes(PluginConf c) {
        List<ExpectedRoute> routes = new ArrayList<>();
        String subnet = ExpectedRoute.dst(c.subnet());
        if (isBridge()) {
            routes.add(new ExpectedRoute(subnet, null, "eth0", "link", "kernel"));
        } else {
            routes.add(new ExpectedRoute(c.gateway(), null, "eth0", "link", Route.BOOT));
            routes.add(new ExpectedRoute(subnet, c.gateway(), "eth0", null, Route.BOOT));
        }
        boolean defaultWithGw = false;
        for (String[] r : c.routes()) {
            String dst = ExpectedRoute.dst(r[0]);
            defaultWithGw |= dst.equals("default") && r[1] != null;
            routes.add(new ExpectedRoute(dst, r[1] == null ? c.gateway() : r[1], "eth0", null, Route.BOOT));
        }
        if (isBridge() && c.isDefaultGateway() && !defaultWithGw) {
            routes.add(new ExpectedRoute("default", c.gateway(), "eth0", null, Route.BOOT));
        }
        return List.copyOf(routes);
    }

    /** The addresses the host end holds: ptp gives it the gateway as /32 (P 156-169); a bridge port holds none. */
    public List<String> hostEndAddresses(PluginConf c) {
        return isBridge() ? List.of() : List.of(c.gateway() + "/32");
    }

    /**
     * The node's route to the pod. bridge: the subnet is on the bridge, which holds the gateway (isGateway: B
     * 540-566; the kernel's prefix route); ptp: `podIP dev <host end> scope host` (P 171-178, R 34-41 AddHostRoute
     * with SCOPE_HOST).
     */
    public ExpectedRoute nodeRoute(String podIp, String hostEnd, PluginConf c) {
        return isBridge() ? new ExpectedRoute(ExpectedRoute.dst(c.subnet()), null, c.bridge(), "link", "kernel")
                : new ExpectedRoute(podIp, null, hostEnd, "host", Route.BOOT);
    }

    /** bridge with isGateway: the bridge holds gateway/prefix (B 183-188, 566); else nothing. */
    public Optional<String> bridgeAddress(PluginConf c) {
        return isBridge() && c.isGateway() ? Optional.of(c.gateway() + "/" + c.prefixLength()) : Optional.empty();
    }

    /** Whether the plugin turns the node's IPv4 forwarding on: ptp always (P 213, F 34-53), bridge as gateway (B 569-573). */
    public boolean enablesForwarding(PluginConf c) {
        return !isBridge() || c.isGateway();
    }
}
