package io.podwire.lab;

/**
 * Debian's reference CNI plugins (package containernetworking-plugins 1.1.1, /usr/lib/cni) as the lab runs them, each
 * with the network config its best-known user gives it: no lab code wires these pods, the plugins do.
 * <ul>
 *   <li>bridge as k3s's flannel delegates to it (k3s's default CNI): the runtime loads k3s's flannel conflist
 *       (k3s-io/k3s pkg/agent/flannel/setup_linux.go cniConf) and flanneld's /run/flannel/subnet.env (k3s
 *       pkg/agent/flannel/subnetfile_unix.go WriteSubnetFile; vxlan's MTU 1450); the flannel plugin, which Debian
 *       does not ship, would hand bridge the delegate it builds from the two (flannel-io/cni-plugin flannel_linux.go
 *       doCmdAdd 84-115, getDelegateIPAM 40-79): that delegate is this plugin's stdin, written out here, and the
 *       profile derives it again from the files on the node (profile/plugins/FlannelDelegate), so a misreading of
 *       either shows;</li>
 *   <li>ptp as kindnet configures it (kind's default CNI): host-local IPAM over the node's pod subnet with a default
 *       route, no ipMasq (kindnet's own masquerade agent does it).</li>
 * </ul>
 * cniVersion 0.4.0 on stdin: both plugins answer ADD and CHECK in it (plugins v1.1.1 supports 0.1.0 - 1.0.0).
 */
public enum ReferencePlugin {
    BRIDGE("cbr0", "10-flannel.conflist", "10.42.0.0/24", """
            {"cniVersion":"1.0.0","name":"cbr0","plugins":[{"type":"flannel","delegate":{"hairpinMode":true,\
            "forceAddress":true,"isDefaultGateway":true}},{"type":"portmap","capabilities":{"portMappings":true}},\
            {"type":"bandwidth","capabilities":{"bandwidth":true}}]}""", """
            {"hairpinMode":true,"forceAddress":true,"isDefaultGateway":true,"type":"bridge","ipMasq":false,\
            "mtu":1450,"isGateway":true,"ipam":{"type":"host-local","ranges":[[{"subnet":"10.42.0.0/24"}]],\
            "routes":[{"dst":"10.42.0.0/16"}]}}""",
            "/run/flannel/subnet.env", "FLANNEL_NETWORK=10.42.0.0/16\nFLANNEL_SUBNET=10.42.0.1/24\nFLANNEL_MTU=1450\n"
            + "FLANNEL_IPMASQ=true\n"),
    PTP("kindnet", "10-kindnet.conflist", "10.244.0.0/24", null, """
            {"type":"ptp","ipMasq":false,"mtu":1500,"ipam":{"type":"host-local","ranges":[[{"subnet":"10.244.0.0/24"}]],\
            "routes":[{"dst":"0.0.0.0/0"}]}}""", null, null);

    /** Where Debian installs the plugins: CNI_PATH of every call. */
    public static final String CNI_PATH = "/usr/lib/cni";
    public static final String CNI_VERSION = "0.4.0";

    private final String network;
    private final String configFile;
    private final String subnet;
    private final String conflist;
    private final String plugin;
    private final String daemonFile;
    private final String daemonFileContent;

    /**
     * @param conflist   the conflist the runtime loads (null: the one plugin's own list)
     * @param plugin     the plugin's config, as it gets it on stdin (without name and cniVersion)
     * @param daemonFile a file the CNI's daemon writes on the node (flanneld's subnet.env), or null
     */
    ReferencePlugin(String network, String configFile, String subnet, String conflist, String plugin, String daemonFile,
                    String daemonFileContent) {
        this.network = network;
        this.configFile = configFile;
        this.subnet = subnet;
        this.conflist = conflist;
        this.plugin = plugin;
        this.daemonFile = daemonFile;
        this.daemonFileContent = daemonFileContent;
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
        return conflist != null ? conflist + "\n"
                : "{\"cniVersion\":\"" + CNI_VERSION + "\",\"name\":\"" + network + "\",\"plugins\":[" + plugin + "]}\n";
    }

    /** The file the CNI's daemon keeps on the node and its content (flanneld's subnet.env), if any. */
    public java.util.Optional<java.util.Map.Entry<String, String>> daemonFile() {
        return daemonFile == null ? java.util.Optional.empty() : java.util.Optional.of(java.util.Map.entry(daemonFile,
                daemonFileContent));
    }

    /**
     * The plugin's stdin as libcni builds it for the one plugin of the list: the plugin's config with the list's
     * name and cniVersion injected (libcni api.go buildOneConfig; no prevResult for the first plugin).
     */
    public String stdin() {
        return "{\"cniVersion\":\"" + CNI_VERSION + "\",\"name\":\"" + network + "\"," + plugin.substring(1);
    }
}
