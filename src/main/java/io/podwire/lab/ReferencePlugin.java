package io.podwire.lab;

/**
 * Debian's reference CNI plugins (package containernetworking-plugins 1.1.1, /usr/lib/cni) as the lab runs them, each
 * with the network config its best-known user gives it: no lab code wires these pods, the plugins do.
 * <ul>
 *   <li>bridge as flannel delegates to it (k3s's default CNI): bridge cni0, the pod's default route via the bridge's
 *       gateway address, hairpin mode, forceAddress, host-local IPAM over the node's subnet with the cluster route
 *       (flannel-io/cni-plugin flannel_linux.go builds this delegate); no ipMasq (flannel masquerades itself, and the
 *       lab has no iptables);</li>
 *   <li>ptp as kindnet configures it (kind's default CNI): host-local IPAM over the node's pod subnet with a default
 *       route, no ipMasq (kindnet's own masquerade agent does it).</li>
 * </ul>
 * cniVersion 0.4.0: both plugins answer ADD and CHECK in it (plugins v1.1.1 supports 0.1.0 - 1.0.0).
 */
public enum ReferencePlugin {
    BRIDGE("cbr0", "10-flannel-bridge.conflist", "10.42.0.0/24", """
            {"type":"bridge","bridge":"cni0","isGateway":true,"isDefaultGateway":true,"forceAddress":true,\
            "hairpinMode":true,"ipMasq":false,"ipam":{"type":"host-local","ranges":[[{"subnet":"10.42.0.0/24"}]],\
            "routes":[{"dst":"10.42.0.0/16"}]}}"""),
    PTP("kindnet", "10-kindnet.conflist", "10.244.0.0/24", """
            {"type":"ptp","ipMasq":false,"mtu":1500,"ipam":{"type":"host-local","ranges":[[{"subnet":"10.244.0.0/24"}]],\
            "routes":[{"dst":"0.0.0.0/0"}]}}""");

    /** Where Debian installs the plugins: CNI_PATH of every call. */
    public static final String CNI_PATH = "/usr/lib/cni";
    public static final String CNI_VERSION = "0.4.0";

    private final String network;
    private final String configFile;
    private final String subnet;
    private final String plugin;

    ReferencePlugin(String network, String configFile, String subnet, String plugin) {
        this.network = network;
        this.configFile = configFile;
        this.subnet = subnet;
        this.plugin = plugin;
    }

    /** The plugin's type, which is its binary's name under {@link #CNI_PATH}. */
    public String type() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The network's name: the conflist's `name`, part of every libcni cache file's name. */
    public String network() {
        return network;
    }

    public String subnet() {
        return subnet;
    }

    public String configPath() {
        return "/etc/cni/net.d/" + configFile;
    }

    /** The conflist the runtime loads, as the file on the node holds it. */
    public String conflist() {
        return "{\"cniVersion\":\"" + CNI_VERSION + "\",\"name\":\"" + network + "\",\"plugins\":[" + plugin + "]}\n";
    }

    /**
     * The plugin's stdin as libcni builds it for the one plugin of the list: the plugin's config with the list's
     * name and cniVersion injected (libcni api.go buildOneConfig; no prevResult for the first plugin).
     */
    public String stdin() {
        return "{\"cniVersion\":\"" + CNI_VERSION + "\",\"name\":\"" + network + "\"," + plugin.substring(1);
    }
}
