package io.podwire.profile.calico;

import io.podwire.node.Cidr;
import io.podwire.node.IpJsonParser;
import io.podwire.node.Observed;
import io.podwire.node.SnapshotParseException;
import io.podwire.node.TextParsers;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Calico CNI settings the wiring follows, read from the node's CNI config files and Felix's MTU file
 * (`head -v` of each): the MTU Calico gives both veth ends is the netconf `mtu` if &gt; 0, else
 * /var/lib/calico/mtu, else 1500 (cni-plugin pkg/plugin/plugin.go 198-206), and the pod's ip_forward is 1 only
 * with `container_settings.allow_ip_forwarding` (dataplane_linux.go 564-579).
 *
 * The routes Calico puts in the pod besides `169.254.1.1 dev eth0 scope link` (dataplane_linux.go 277-299): each
 * IPv4 `DST via 169.254.1.1 dev eth0` and, with an IPv6 address, each IPv6 `DST via <the host end's link-local>
 * dev eth0` (dataplane_linux.go 379-390), DST being the default route of each family (0.0.0.0/0, ::/0:
 * internal/pkg/utils/network.go 30-42) unless `ipam.type` is host-local and its `ipam.routes` name destinations,
 * which then replace the defaults of both families, or join them with `include_default_routes` (cni-plugin
 * pkg/k8s/k8s.go 91-92, 142-184; calico_cni_k8s_test.go 798-915, dual-stack with `dead:beef::/96`). Each dst is read
 * as net.ParseCIDR reads it (k8s.go 162): `10.96.0.1/12` routes 10.96.0.0/12.
 *
 * @param mtu                  the MTU both veth ends get, with where it came from as its command; could not be
 *                             observed when it depends on an unreadable /var/lib/calico/mtu (a detail of C5 alone)
 * @param mtuSource            where the expected MTU came from, for the evidence
 * @param excerpt              the Calico plugin's config and the MTU file as read
 * @param podRoutesViaGateway  the IPv4 destinations Calico routes via 169.254.1.1 in the pod, as `ip -j route` names them
 * @param podRoutes6ViaGateway the IPv6 destinations Calico routes via the host end's link-local address, likewise
 * @param routesSource         where they came from, for the evidence
 */
public record CalicoCniSettings(Observed<Integer> mtu, String mtuSource, boolean allowIpForwarding, String excerpt,
                                List<String> podRoutesViaGateway, List<String> podRoutes6ViaGateway,
                                String routesSource) {
    public static final String FELIX_MTU_FILE = "/var/lib/calico/mtu";
    static final int DEFAULT_MTU = 1500;
    public static final String DEFAULT_DST = "default";

    /**
     * Every Calico plugin entry (`"type": "calico"`) of the config files read; they must agree, since which
     * directory the runtime loads is not in the snapshot. None, or disagreeing ones, can't be decided.
     */
    public static CalicoCniSettings parse(String command, String text) {
        Map<String, String> files = TextParsers.headFiles(command, text);
        List<String> found = new ArrayList<>();
        List<JsonNode> plugins = new ArrayList<>();
        files.forEach((path, body) -> {
            if (path.equals(FELIX_MTU_FILE)) {
                return;
            }
            List<JsonNode> values = IpJsonParser.values(command + " (" + path + ")", body);
            if (values.size() != 1) {
                throw new SnapshotParseException(command, path, "expected one JSON object in the CNI config");
            }
            JsonNode conf = values.get(0);
            List<JsonNode> entries = new ArrayList<>();
            conf.path("plugins").forEach(entries::add);
            if (!conf.has("plugins")) {
                entries.add(conf);
            }
            entries.stream().filter(p -> "calico".equals(p.path("type").asString(null))).forEach(p -> {
                plugins.add(p);
                found.add(path + ": " + p);
            });
        });
        if (plugins.isEmpty()) {
            throw new SnapshotParseException(command, files.isEmpty() ? "(no file)" : String.join(", ", files.keySet()),
                    "no Calico CNI config (a plugin of type calico) was read");
        }
        List<JsonNode> mtus = plugins.stream().map(p -> p.path("mtu")).distinct().toList();
        List<Boolean> forwarding = plugins.stream().map(CalicoCniSettings::allowsForwarding).distinct().toList();
        List<List<List<String>>> podRoutes = new ArrayList<>();
        for (JsonNode p : plugins) {
            List<List<String>> r = podRoutes(command, p);
            if (!podRoutes.contains(r)) {
                podRoutes.add(r);
            }
        }
        if (mtus.size() > 1 || forwarding.size() > 1 || podRoutes.size() > 1) {
            throw new SnapshotParseException(command, String.join("; ", found),
                    "the Calico CNI configs disagree on mtu, allow_ip_forwarding or the pod routes");
        }
        List<String> routes = podRoutes.get(0).get(0);
        List<String> routes6 = podRoutes.get(0).get(1);
        boolean defaults = routes.equals(List.of(DEFAULT_DST)) && routes6.equals(List.of(DEFAULT_DST));
        String routesSource = defaults ? "Calico's default route (no host-local ipam.routes)"
                : "ipam.routes of the host-local IPAM config" + (routes.contains(DEFAULT_DST)
                ? " plus the default (include_default_routes)" : ", replacing the default");
        JsonNode mtu = mtus.get(0);
        if (!mtu.isMissingNode() && !mtu.isInt()) {
            throw new SnapshotParseException(command, found.get(0), "the netconf mtu is no number: " + mtu);
        }
        List<String> excerpt = new ArrayList<>(found);
        String felix = files.get(FELIX_MTU_FILE);
        if (felix != null) {
            excerpt.add(FELIX_MTU_FILE + ": " + felix.strip());
        }
        String excerptText = String.join("\n", excerpt);
        boolean fwd = forwarding.get(0);
        if (mtu.isInt() && mtu.asInt() > 0) {
            return new CalicoCniSettings(Observed.of(mtu.asInt(), command), "the netconf mtu", fwd, excerptText, routes,
                    routes6, routesSource);
        }
        if (felix == null) {
            return new CalicoCniSettings(Observed.of(DEFAULT_MTU, command), "the default (netconf mtu unset, no "
                    + FELIX_MTU_FILE + ")", fwd, excerptText, routes, routes6, routesSource);
        }
        String source = FELIX_MTU_FILE + " (netconf mtu unset)";
        try {
            // utils.MTUFromFile: strconv.Atoi(strings.TrimSpace(data)) (cni-plugin/internal/pkg/utils/utils.go 100-107)
            return new CalicoCniSettings(Observed.of(Integer.parseInt(felix.strip()), command), source, fwd,
                    excerptText, routes, routes6, routesSource);
        } catch (NumberFormatException e) {
            // only the MTU depends on the file: the routes and forwarding stay read
            return new CalicoCniSettings(Observed.unavailable(command, FELIX_MTU_FILE + " holds no MTU ("
                    + (felix.isBlank() ? "empty" : "`" + felix.strip() + "`") + ") and the netconf mtu is unset: the "
                    + "MTU Calico gives a veth can't be known"), source, fwd, excerptText, routes, routes6, routesSource);
        }
    }

    /**
     * The destinations the plugin routes in the pod, IPv4 then IPv6, as `ip -j route` prints them: ipam.routes'
     * `dst` only with host-local IPAM (k8s.go 92, 142-168), each read by net.ParseCIDR (k8s.go 162: host bits
     * cleared), their `gw` not used (dataplane_linux.go 291-299, 379-390 route via 169.254.1.1 and the host end's
     * link-local address); with none, the default route of each family; include_default_routes puts the defaults
     * before them (k8s.go 172-184).
     */
    private static List<List<String>> podRoutes(String command, JsonNode plugin) {
        List<String> v4 = new ArrayList<>();
        List<String> v6 = new ArrayList<>();
        JsonNode ipam = plugin.path("ipam");
        if ("host-local".equals(ipam.path("type").asString(null))) {
            for (JsonNode r : ipam.path("routes")) {
                String dst = r.path("dst").asString(null);
                if (dst == null) {
                    continue;  // k8s.go 153-156: a route with no dst is ignored
                }
                // ParseCIDR failing fails the plugin's ADD (k8s.go 162-167): no pod could have been wired by it
                Cidr cidr = Cidr.parse(dst).orElseThrow(() -> new SnapshotParseException(command, r.toString(),
                        "an ipam.routes dst that net.ParseCIDR rejects"));
                (cidr.isIpv6() ? v6 : v4).add(cidr.ipJson());
            }
        }
        // any route replaces the defaults of both families, an IPv6 one too (k8s.go 174-177)
        if (v4.isEmpty() && v6.isEmpty() || plugin.path("include_default_routes").asBoolean(false)) {
            v4.add(0, DEFAULT_DST);
            v6.add(0, DEFAULT_DST);
        }
        return List.of(List.copyOf(v4.stream().distinct().toList()), List.copyOf(v6.stream().distinct().toList()));
    }

    private static boolean allowsForwarding(JsonNode plugin) {
        return plugin.path("container_settings").path("allow_ip_forwarding").asBoolean(false);
    }
}
