package io.podwire.lab;

import io.podwire.node.Cidr;
import io.podwire.profile.calico.FelixSettings;

import java.util.ArrayList;
import java.util.List;

/**
 * How the lab's Calico is configured, set where a real install sets it, so that podwire reads it as on a real node:
 * Felix's environment (calico-node's FELIX_INTERFACEPREFIX, FELIX_DEVICEROUTEPROTOCOL; calico.yaml sets neither) and
 * the CNI config's IPAM (host-local with `routes`, optionally `include_default_routes`; calico.yaml uses calico-ipam).
 *
 * @param interfacePrefix     FELIX_INTERFACEPREFIX, or null when not set
 * @param deviceRouteProtocol FELIX_DEVICEROUTEPROTOCOL, or null when not set
 * @param ipamRoutes          host-local ipam.routes destinations as written in the config (CIDRs of either family,
 *                            host bits allowed); empty: calico-ipam, no routes
 */
public record LabCalico(String interfacePrefix, Integer deviceRouteProtocol, List<String> ipamRoutes,
                        boolean includeDefaultRoutes) {
    /** calico.yaml's configuration: no FELIX_INTERFACEPREFIX, no FELIX_DEVICEROUTEPROTOCOL, calico-ipam. */
    public static final LabCalico DEFAULT = new LabCalico(null, null, List.of(), false);

    public LabCalico {
        ipamRoutes = List.copyOf(ipamRoutes);
    }

    public static LabCalico interfacePrefix(String prefix) {
        return new LabCalico(prefix, null, List.of(), false);
    }

    public static LabCalico deviceRouteProtocol(int protocol) {
        return new LabCalico(null, protocol, List.of(), false);
    }

    public static LabCalico ipamRoutes(boolean includeDefaultRoutes, String... dsts) {
        return new LabCalico(null, null, List.of(dsts), includeDefaultRoutes);
    }

    /** The prefix the CNI plugin names new host veths with: FELIX_INTERFACEPREFIX's first entry, else cali. */
    public String namingPrefix() {
        return interfacePrefix == null ? FelixSettings.DEFAULT_PREFIX : interfacePrefix.split(",")[0];
    }

    /** Felix's environment variables this configuration sets, as `NAME=value` words. */
    List<String> felixEnvironment() {
        List<String> env = new ArrayList<>();
        if (interfacePrefix != null) {
            env.add("FELIX_INTERFACEPREFIX=" + interfacePrefix);
        }
        if (deviceRouteProtocol != null) {
            env.add("FELIX_DEVICEROUTEPROTOCOL=" + deviceRouteProtocol);
        }
        return env;
    }

    /**
     * The destinations of one family (IPv6 or not) the CNI plugin routes in the pod, via 169.254.1.1 or the host end's
     * link-local address (k8s.go 162, 172-184: ParseCIDR clears host bits; any ipam route replaces both families'
     * defaults), as `ip route add` takes them.
     */
    List<String> podRoutes(boolean ipv6) {
        List<String> dsts = new ArrayList<>();
        if (ipamRoutes.isEmpty() || includeDefaultRoutes) {
            dsts.add(ipv6 ? "::/0" : "default");
        }
        ipamRoutes.stream().map(d -> Cidr.parse(d).orElseThrow(() -> new IllegalArgumentException("no CIDR: " + d)))
                .filter(c -> c.isIpv6() == ipv6).forEach(c -> dsts.add(c.ipJson().equals("default") ? (ipv6 ? "::/0"
                        : "default") : c.ipJson()));
        return dsts;
    }

    /** The `ipam` object of the calico plugin's config, and include_default_routes when set. */
    String ipamJson() {
        if (ipamRoutes.isEmpty()) {
            return "\"ipam\":{\"type\":\"calico-ipam\"}";
        }
        StringBuilder routes = new StringBuilder();
        ipamRoutes.forEach(d -> routes.append(routes.isEmpty() ? "" : ",").append("{\"dst\":\"").append(d).append("\"}"));
        return (includeDefaultRoutes ? "\"include_default_routes\":true," : "")
                + "\"ipam\":{\"type\":\"host-local\",\"ranges\":[[{\"subnet\":\"usePodCidr\"}]],\"routes\":[" + routes + "]}";
    }
}
