package io.podwire.profile.plugins;

import io.podwire.node.CniConfigs;
import io.podwire.node.NodeState;
import io.podwire.node.Observed;
import io.podwire.node.RawSnapshot;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The reference plugin's entry of the CNI config the runtime loads, with the settings its wiring follows (bridge.go
 * NetConf 47-69, ptp.go NetConf) and its host-local IPAM's first range and routes.
 *
 * @param network  the config's `name`
 * @param subnet   the first host-local range's subnet (null: not host-local, or no range)
 * @param gateway  that range's gateway: its `gateway`, else the subnet's first address (host-local
 *                 backend/allocator/range.go Canonicalize 50-53)
 * @param routes   the IPAM's routes, as {dst, gw or null}
 */
public record PluginConf(String file, String network, String type, int mtu, String bridge, boolean isGateway,
                         boolean isDefaultGateway, boolean hairpinMode, boolean promiscMode, String subnet,
                         String gateway, List<String[]> routes, String json) {
    /** The bridge plugin's default bridge name (bridge.go 45). */
    public static final String DEFAULT_BRIDGE = "cni0";
    /** The kernel's MTU for a veth or bridge created without one: what mtu 0 leaves (ip.SetupVeth, ensureBridge). */
    public static final int KERNEL_DEFAULT_MTU = 1500;

    /** The node's entries for the reference plugins, read once per node state (its profile slot). */
    private record OnNode(Observed<PluginConf> bridge, Observed<PluginConf> ptp) {
    }

    /**
     * The {@code profile} plugin's entry of the CNI config the node's runtime loads; could not observe where there is
     * none, where flannel writes it only at ADD, or where it names no host-local range.
     */
    public static Observed<PluginConf> of(NodeState node, ReferencePluginProfile profile) {
        OnNode on = node.profileState(OnNode.class, n -> {
            Observed<CniConfigs> configs = n.cniConfigs();
            return new OnNode(find(configs, n.raw(), "bridge"), find(configs, n.raw(), "ptp"));
        });
        return profile.isBridge() ? on.bridge() : on.ptp();
    }

    private static Observed<PluginConf> find(Observed<CniConfigs> configs, RawSnapshot raw, String type) {
        String command = configs.command();
        if (!configs.available()) {
            return Observed.unavailable(command, "no " + type + " plugin in the CNI config read: " + configs.problem());
        }
        List<CniConfigs.Config> found = configs.value().files();
        Optional<CniConfigs.Config> entry = found.stream().filter(c -> c.firstType().equals(type)).findFirst();
        if (entry.isEmpty() && type.equals("bridge")) {
            // flannel delegates to bridge: its config is what flannel derives at ADD
            Optional<CniConfigs.Config> flannel = found.stream().filter(c -> c.firstType().equals("flannel")).findFirst();
            if (flannel.isPresent()) {
                CniConfigs.Config f = flannel.get();
                return FlannelDelegate.of(f, raw).then(d -> d.path("type").asString().equals("bridge")
                        ? Observed.of(of(f.file() + " with " + FlannelDelegate.DEFAULT_SUBNET_FILE, f.network(), d),
                        command) : Observed.unavailable(command, f.file() + " delegates to " + d.path("type")
                        .asString() + ", not bridge"));
            }
        }
        if (entry.isEmpty()) {
            return Observed.unavailable(command, "no " + type + " plugin in the CNI config read " + found.stream()
                    .map(c -> c.firstType() + " in " + c.file()).toList());
        }
        CniConfigs.Config c = entry.get();
        PluginConf conf = of(c.file(), c.network(), c.firstPlugin());
        if (conf.subnet() == null) {
            return Observed.unavailable(command, "the " + type + " plugin of " + c.file()
                    + " has no host-local range: its pods' subnet and gateway are not in the config");
        }
        return Observed.of(conf, command);
    }

    static PluginConf of(String file, String network, JsonNode p) {
        JsonNode range = p.path("ipam").path("ranges").path(0).path(0);
        String subnet = range.path("subnet").asString(null);
        if (subnet == null) {
            subnet = p.path("ipam").path("subnet").asString(null); // host-local's older single-range form
        }
        String gateway = range.path("gateway").asString(null);
        if (gateway == null && subnet != null) {
            gateway = Ipv4.nextAddress(Ipv4.network(subnet));
        }
        List<String[]> routes = new ArrayList<>();
        p.path("ipam").path("routes").forEach(r -> routes.add(new String[]{r.path("dst").asString(),
                r.path("gw").asString(null)}));
        // isDefaultGateway implies isGateway (bridge.go 422-424)
        boolean defaultGw = p.path("isDefaultGateway").asBoolean(false);
        return new PluginConf(file, network, p.path("type").asString(), p.path("mtu").asInt(0),
                p.path("bridge").asString(DEFAULT_BRIDGE), p.path("isGateway").asBoolean(false) || defaultGw, defaultGw,
                p.path("hairpinMode").asBoolean(false), p.path("promiscMode").asBoolean(false), subnet, gateway,
                List.copyOf(routes), p.toString());
    }

    /** The MTU both veth ends (and the bridge) get: the config's, else the kernel's default. */
    public int expectedMtu() {
        return mtu > 0 ? mtu : KERNEL_DEFAULT_MTU;
    }

    public int prefixLength() {
        return Integer.parseInt(subnet.substring(subnet.indexOf('/') + 1));
    }
}
