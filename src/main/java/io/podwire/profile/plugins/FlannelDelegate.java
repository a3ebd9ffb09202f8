package io.podwire.profile.plugins;

import io.podwire.node.Cidr;
import io.podwire.node.CniConfigs;
import io.podwire.node.Observed;
import io.podwire.node.RawSnapshot;
import io.podwire.node.Section;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bridge config flannel's CNI plugin hands to bridge at ADD, derived as it derives it from its own conflist entry
 * and flanneld's subnet.env (flannel-io/cni-plugin at 092e6d2, F = flannel_linux.go, C = flannel.go): the entry's
 * `delegate`, with `name` the network's, `type` bridge unless set, `ipMasq` = !FLANNEL_IPMASQ and `mtu` =
 * FLANNEL_MTU unless set, `isGateway` true for bridge unless set (F 84-109); its IPAM host-local over FLANNEL_SUBNET
 * as net.ParseCIDR reads it (the network, host bits cleared: C 156-160) with the entry's own `ipam.routes` plus a route
 * to each FLANNEL_NETWORK (F 34-79). The subnet file is the entry's `subnetFile`, default /run/flannel/subnet.env
 * (C 41), which k3s and flanneld write (k3s pkg/agent/flannel/flannel.go subnetFile).
 */
final class FlannelDelegate {
    static final String SECTION = "flannel.subnet";
    static final String DEFAULT_SUBNET_FILE = "/run/flannel/subnet.env";

    private FlannelDelegate() {
    }

    /** The delegate flannel would build on this node for {@code flannel}'s entry; could not observe where it can't. */
    static Observed<JsonNode> of(CniConfigs.Config flannel, RawSnapshot raw) {
        Section s = raw.section(SECTION).orElse(null);
        String command = s == null ? SECTION : s.command();
        String file = flannel.firstPlugin().path("subnetFile").asString(DEFAULT_SUBNET_FILE);
        if (!file.equals(DEFAULT_SUBNET_FILE)) {
            return Observed.unavailable(command, flannel.file() + " sets subnetFile " + file + ": the snapshot reads "
                    + DEFAULT_SUBNET_FILE + " only");
        }
        if (s == null || !s.succeeded()) {
            return Observed.unavailable(command, s == null ? "no section " + SECTION : s.failure());
        }
        if (s.stdout().startsWith("unseen ")) {
            return Observed.unavailable(command, "flannel's conflist is loaded but /run/flannel is not visible where the"
                    + " snapshot ran (a node agent mounts it on flannel nodes: docs/agent.md)");
        }
        if (s.stdout().startsWith("absent ")) {
            return Observed.unavailable(command, "flannel's conflist is loaded but " + DEFAULT_SUBNET_FILE + " is absent:"
                    + " flanneld has not leased this node a subnet, so flannel's ADD fails (C 198-199)");
        }
        Map<String, String> env = env(s.stdout());
        for (String key : List.of("FLANNEL_SUBNET", "FLANNEL_MTU", "FLANNEL_IPMASQ")) {
            if (!env.containsKey(key)) {
                return Observed.unavailable(command, DEFAULT_SUBNET_FILE + " lacks " + key + " (flannel's ADD fails"
                        + " without it: C 71-88, 198-199)");
            }
        }
        String subnet = network(env.get("FLANNEL_SUBNET"));
        if (subnet == null || !env.get("FLANNEL_MTU").matches("\\d+")) {
            return Observed.unavailable(command, DEFAULT_SUBNET_FILE + ": FLANNEL_SUBNET or FLANNEL_MTU does not parse");
        }
        ObjectNode d = flannel.firstPlugin().path("delegate").isObject()
                ? (ObjectNode) flannel.firstPlugin().path("delegate").deepCopy() : Json.object();
        d.put("name", flannel.network());
        if (!d.has("type")) {
            d.put("type", "bridge");
        }
        if (!d.has("ipMasq")) {
            d.put("ipMasq", !"true".equals(env.get("FLANNEL_IPMASQ")));
        }
        if (!d.has("mtu")) {
            d.put("mtu", Integer.parseInt(env.get("FLANNEL_MTU")));
        }
        if ("bridge".equals(d.path("type").asString()) && !d.has("isGateway")) {
            d.put("isGateway", true);
        }
        JsonNode own = flannel.firstPlugin().path("ipam");
        ObjectNode ipam = own.isObject() ? (ObjectNode) own.deepCopy() : Json.object();
        if (!ipam.has("type")) {
            ipam.put("type", "host-local");
        }
        ArrayNode ranges = ipam.putArray("ranges");
        ranges.addArray().addObject().put("subnet", subnet);
        ArrayNode routes = ipam.has("routes") && ipam.path("routes").isArray() ? (ArrayNode) ipam.path("routes")
                : ipam.putArray("routes");
        for (String nw : env.getOrDefault("FLANNEL_NETWORK", "").split(",")) {
            String n = network(nw);
            if (n != null) {
                routes.addObject().put("dst", n);
            }
        }
        d.set("ipam", ipam);
        return Observed.of(d, command);
    }

    /** KEY=VALUE lines after the section's `file …` line, as C 139-142 splits them. */
    private static Map<String, String> env(String stdout) {
        Map<String, String> m = new LinkedHashMap<>();
        stdout.lines().skip(1).forEach(l -> {
            int eq = l.indexOf('=');
            if (eq > 0) {
                m.put(l.substring(0, eq), l.substring(eq + 1));
            }
        });
        return m;
    }

    /** net.ParseCIDR's network: 10.42.0.1/24 → 10.42.0.0/24; null when it does not parse. */
    private static String network(String cidr) {
        return Cidr.parse(cidr.strip()).map(c -> c.ipJson().contains("/") ? c.ipJson()
                : c.ipJson() + "/" + c.prefixLen()).orElse(null);
    }
}
