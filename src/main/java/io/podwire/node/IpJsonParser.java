package io.podwire.node;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;

/** Parses iproute2's JSON (`ip -j -d link|addr`, `ip -j route`), and one pinned netns's view of both. */
public final class IpJsonParser {
    // several JSON values follow each other in batch output: read them one by one
    public static final ObjectMapper JSON = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private IpJsonParser() {
    }

    public static List<NetLink> links(String command, String text) {
        List<NetLink> links = new ArrayList<>();
        for (JsonNode l : array(command, text)) {
            links.add(link(command, l));
        }
        return links;
    }

    /** `ip -j [-6] route show table main`: routes of one family, asked for by the command. */
    public static List<Route> routes(String command, String text, String family) {
        List<Route> routes = new ArrayList<>();
        for (JsonNode r : array(command, text)) {
            routes.add(route(command, r, family));
        }
        return routes;
    }

    /**
     * One pinned netns's view: `ip -j -d -b` of `addr show`, `route show table all` (both families, every table) and
     * `netconf show` inside it, three JSON arrays one after the other. The netns's net.ipv4.ip_forward is netconf's
     * inet "all" forwarding (the same kernel value: net/ipv4/devinet.c points ip_forward at devconf_all's FORWARDING).
     * A view recorded with only the first two arrays leaves ip_forward unobserved.
     */
    public static NetnsView netnsView(String command, String netns, String text) {
        List<JsonNode> arrays = values(command, text);
        if (arrays.size() < 2 || arrays.size() > 3 || !arrays.stream().allMatch(JsonNode::isArray)) {
            throw new SnapshotParseException(command, firstLine(text),
                    "expected three JSON arrays (addr show, route show table all, netconf show), got " + arrays.size()
                            + " values");
        }
        List<NetLink> links = new ArrayList<>();
        arrays.get(0).forEach(l -> links.add(link(command, l)));
        List<Route> routes = new ArrayList<>();
        arrays.get(1).forEach(r -> routes.add(route(command, r, familyOf(r))));
        Observed<Integer> ipForward = arrays.size() == 3 ? forwarding(command, netns, arrays.get(2), Route.INET)
                : Observed.unavailable(command, "the view holds no netconf (ip_forward) of netns " + netns);
        Observed<Integer> ipv6Forward = arrays.size() == 3 ? forwarding(command, netns, arrays.get(2), Route.INET6)
                : Observed.unavailable(command, "the view holds no netconf (IPv6 forwarding) of netns " + netns);
        return new NetnsView(netns, List.copyOf(links), List.copyOf(routes), ipForward, ipv6Forward, text);
    }

    // a dump of both families gives a route no "family" key: the kernel puts RTA_PREF on every IPv6 route and on no
    // IPv4 one (net/ipv6/route.c rt6_fill_node, net/ipv4/fib_semantics.c fib_dump_info), and iproute2 prints it as "pref"
    private static String familyOf(JsonNode r) {
        return r.has("pref") || r.path("dst").asString("").contains(":") ? Route.INET6 : Route.INET;
    }

    // netconf's "all" entry of a family: forwarding as true/false (iproute2 >= 5.x JSON) or "on"/"off"
    private static Observed<Integer> forwarding(String command, String netns, JsonNode netconf, String family) {
        for (JsonNode c : netconf) {
            if (family.equals(c.path("family").asString()) && "all".equals(c.path("interface").asString())) {
                JsonNode f = c.path("forwarding");
                if (f.isBoolean() || f.isString() && (f.asString().equals("on") || f.asString().equals("off"))) {
                    return Observed.of(f.isBoolean() ? (f.asBoolean() ? 1 : 0) : f.asString().equals("on") ? 1 : 0,
                            command);
                }
                return Observed.unavailable(command, "netconf's " + family + " all forwarding is no on/off: " + f);
            }
        }
        return Observed.unavailable(command, "netconf shows no " + family + " \"all\" entry in netns " + netns);
    }

    private static NetLink link(String command, JsonNode l) {
        if (!l.has("ifindex") || !l.has("ifname")) {
            throw new SnapshotParseException(command, l.toString(), "link without ifindex/ifname");
        }
        List<NetLink.IpAddress> addrs = new ArrayList<>();
        for (JsonNode a : l.path("addr_info")) {
            addrs.add(address(a));
        }
        List<String> flags = new ArrayList<>();
        l.path("flags").forEach(f -> flags.add(f.asString()));
        JsonNode peer = l.path("link");
        return new NetLink(l.get("ifindex").asInt(), l.get("ifname").asString(),
                l.path("linkinfo").path("info_kind").asString(null),
                l.has("link_index") ? l.get("link_index").asInt() : null,
                l.has("link_netnsid") ? l.get("link_netnsid").asInt() : null,
                // "link": "NAME" for a peer in the same netns, "link": null for @NONE
                peer.isString() ? peer.asString() : null, List.copyOf(flags),
                l.path("mtu").asInt(), l.path("address").asString(null), l.path("operstate").asString(null),
                List.copyOf(addrs), l.toString());
    }

    // iproute2 prints an address's IFA_F_* state flags as boolean keys (ip/ipaddress.c print_ifa_flags)
    private static final List<String> ADDRESS_FLAGS = List.of("tentative", "dadfailed", "deprecated", "optimistic",
            "nodad", "noprefixroute", "secondary", "permanent");

    private static NetLink.IpAddress address(JsonNode a) {
        List<String> flags = ADDRESS_FLAGS.stream().filter(f -> a.path(f).asBoolean(false)).toList();
        return new NetLink.IpAddress(a.path("family").asString(), a.path("local").asString(), a.path("prefixlen").asInt(),
                flags);
    }

    /** `ip -j -6 addr show`: each link's IPv6 addresses, by link name. */
    public static java.util.Map<String, List<NetLink.IpAddress>> addressesByLink(String command, String text) {
        java.util.Map<String, List<NetLink.IpAddress>> byLink = new java.util.LinkedHashMap<>();
        for (JsonNode l : array(command, text)) {
            if (!l.has("ifname")) {
                throw new SnapshotParseException(command, l.toString(), "link without ifname");
            }
            List<NetLink.IpAddress> addrs = new ArrayList<>();
            l.path("addr_info").forEach(a -> addrs.add(address(a)));
            byLink.put(l.get("ifname").asString(), List.copyOf(addrs));
        }
        return byLink;
    }

    private static Route route(String command, JsonNode r, String family) {
        if (!r.has("dst")) {
            throw new SnapshotParseException(command, r.toString(), "route without dst");
        }
        List<String> flags = new ArrayList<>();
        r.path("flags").forEach(f -> flags.add(f.asString()));
        return new Route(family, r.path("table").asString(Route.MAIN), r.get("dst").asString(), r.path("gateway").asString(null), r.path("dev").asString(null),
                r.path("scope").asString(null), r.path("protocol").asString(Route.BOOT),
                r.path("type").asString(Route.UNICAST), List.copyOf(flags), r.toString());
    }

    private static List<JsonNode> array(String command, String text) {
        List<JsonNode> values = values(command, text);
        if (values.size() != 1 || !values.get(0).isArray()) {
            throw new SnapshotParseException(command, firstLine(text), "expected one JSON array");
        }
        List<JsonNode> items = new ArrayList<>();
        values.get(0).forEach(items::add);
        return items;
    }

    public static List<JsonNode> values(String command, String text) {
        List<JsonNode> values = new ArrayList<>();
        // a parser, not readValues(): MappingIterator would unwrap a root-level array into its elements
        try (JsonParser p = JSON.createParser(text)) {
            while (p.nextToken() != null) {
                values.add(JSON.readTree(p));
            }
        } catch (JacksonException e) {
            throw new SnapshotParseException(command, lineAt(text, e), "not valid JSON: " + e.getOriginalMessage());
        }
        return values;
    }

    private static String lineAt(String text, JacksonException e) {
        int line = e.getLocation() == null ? 1 : e.getLocation().getLineNr();
        return text.lines().skip(Math.max(0, line - 1)).findFirst().orElse(firstLine(text));
    }

    static String firstLine(String text) {
        return text.lines().findFirst().orElse("");
    }
}
