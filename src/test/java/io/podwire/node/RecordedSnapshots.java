package io.podwire.node;

import io.podwire.profile.calico.FelixEndpointStatus;

import io.podwire.profile.calico.CalicoNaming;
import io.podwire.lab.LabWiring;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Snapshots recorded from a lab node (nonce NONCE), committed under src/test/resources/fixtures/lab. They predate
 * the sections issue 13 added (the Calico CNI config, the host ends' sysctls beyond proxy_arp, each netns's
 * netconf, for ip_forward; Felix's endpoint-status records and environment): {@link #text} adds them as the lab
 * wires them, {@link #recorded} gives the bytes as recorded.
 */
public final class RecordedSnapshots {
    public static final String NONCE = "NONCE";
    public static final String THREE_PODS = "/fixtures/lab/snapshot-3pods.txt";
    public static final String WEB_NETNS_UNPINNED = "/fixtures/lab/snapshot-web-netns-unpinned.txt";

    public static final String SYSCTLS_COMMAND = "grep -H . /proc/sys/net/ipv4/conf/*/proxy_arp "
            + "/proc/sys/net/ipv4/neigh/*/proxy_delay /proc/sys/net/ipv4/conf/*/forwarding "
            + "/proc/sys/net/ipv4/conf/*/route_localnet /proc/sys/net/ipv6/conf/*/accept_ra";
    public static final String CNI_COMMAND = "head -v -c 65536 <first *.conf|*.conflist|*.json in C order of "
            + "/etc/cni/net.d and of /var/lib/rancher/k3s/agent/etc/cni/net.d> /var/lib/calico/mtu";
    /** The CNI config the lab writes (LabWiring), as the snapshot's head -v prints it. */
    public static final String LAB_CNI_CONFIG = "==> " + LabWiring.CNI_CONFIG + " <==\n" + LabWiring.cniConfig(LabWiring.MTU);
    /**
     * EKS: the shape amazon-vpc-cni-k8s installs (misc/10-aws.conflist: plugins aws-cni, egress-cni, portmap; its
     * placeholders as aws-node's entrypoint fills them), with Calico as policy engine beside it.
     */
    public static final String EKS_AWS_CNI = """
            ==> /etc/cni/net.d/10-aws.conflist <==
            {"cniVersion": "0.4.0", "name": "aws-cni", "disableCheck": true, "plugins": [
              {"name": "aws-cni", "type": "aws-cni", "vethPrefix": "eni", "mtu": "9001", "podSGEnforcingMode": "strict",
               "pluginLogFile": "/var/log/aws-routed-eni/plugin.log", "pluginLogLevel": "DEBUG",
               "capabilities": {"io.kubernetes.cri.pod-annotations": true}},
              {"name": "egress-cni", "type": "egress-cni", "mtu": "9001", "enabled": "false", "randomizeSNAT": "prng",
               "nodeIP": "", "ipam": {"type": "host-local", "ranges": [[{"subnet": "169.254.172.0/22"}]],
               "routes": [{"dst": "::/0"}], "dataDir": "/run/cni/v4pd/egress-v6-ipam"},
               "pluginLogFile": "/var/log/aws-routed-eni/egress-v6-plugin.log", "pluginLogLevel": "DEBUG"},
              {"type": "portmap", "capabilities": {"portMappings": true}, "snat": true}]}
            """;
    /** AKS: the shape Azure CNI installs (Azure/azure-container-networking cni/azure-linux.conflist). */
    public static final String AKS_AZURE_CNI = """
            ==> /etc/cni/net.d/10-azure.conflist <==
            {"cniVersion": "0.3.0", "name": "azure", "plugins": [
              {"type": "azure-vnet", "mode": "transparent", "ipsToRouteViaHost": ["169.254.20.10"],
               "ipam": {"type": "azure-vnet-ipam"}},
              {"type": "portmap", "capabilities": {"portMappings": true}, "snat": true}]}
            """;

    public static final String FELIX_ENV_COMMAND = "FELIX_INTERFACEPREFIX, FELIX_DEVICEROUTEPROTOCOL of /proc/<felix>/environ";
    /** Felix's settings as the lab's Felix stand-in shows them under calico.yaml's configuration: neither set. */
    public static final String LAB_FELIX_ENV = "felix pid 20\n";
    /** How the snapshot shows a netns view's command (snapshot.sh netns_view_section), for netns NAME. */
    public static String viewCommand(String netns) {
        return "printf 'addr show\\nroute show table all\\nnetconf show\\n' | ip netns exec " + netns + " ip -j -d -b -";
    }

    /** `ip -j netconf show` in a pod netns as iproute2 6.1 prints it, with the given IPv4 forwarding (ip_forward). */
    public static String netconf(boolean ipv4Forwarding) {
        StringBuilder sb = new StringBuilder("[");
        for (String family : new String[]{"inet", "inet6"}) {
            for (String dev : new String[]{"lo", "eth0", "all", "default"}) {
                boolean on = family.equals("inet") && ipv4Forwarding && (dev.equals("all") || dev.equals("eth0"));
                sb.append(sb.length() > 1 ? "," : "").append("{\"family\":\"").append(family)
                        .append("\",\"interface\":\"").append(dev).append("\",\"forwarding\":").append(on)
                        .append(family.equals("inet") ? ",\"rp_filter\":\"off\"" : "")
                        .append(",\"mc_forwarding\":false,\"proxy_neigh\":false,\"ignore_routes_with_linkdown\":false}");
            }
        }
        return sb.append("]\n").toString();
    }

    private RecordedSnapshots() {
    }

    /** The recorded snapshot with the sections added since, as the lab wires them (see the class comment). */
    public static String text(String resource) {
        String text = recorded(resource);
        if (!text.contains("@@" + NONCE + " begin sysctl.proxy_arp ")) {
            return text;  // no recorded snapshot: a runtime record or a newer recording
        }
        String proxyArp = stdout(text, "sysctl.proxy_arp");
        StringBuilder sysctls = new StringBuilder();
        proxyArp.lines().filter(l -> l.contains("/cali")).forEach(l -> sysctls.append(calicoSysctls(
                l.substring("/proc/sys/net/ipv4/conf/".length(), l.indexOf("/proxy_arp")))));
        text = withoutSection(text, "sysctl.proxy_arp");
        text = withSection(text, "sysctl.interfaces", SYSCTLS_COMMAND, 0, sysctls.toString(), "");
        text = withSection(text, "cni.config", CNI_COMMAND, 0, LAB_CNI_CONFIG, "");
        text = withSection(text, "felix.env", FELIX_ENV_COMMAND, 0, LAB_FELIX_ENV, "");
        for (String view : text.lines().filter(l -> l.startsWith("@@" + NONCE + " begin netns.view."))
                .map(l -> l.split(" ")[2]).toList()) {
            String netns = view.substring("netns.view.".length());
            text = withSection(text, view, viewCommand(netns), 0, stdout(text, view) + netconf(false),
                    "");
        }
        List<String[]> pods = CrictlParser.sandboxes("crictl inspectp", stdout(text, "runtime.sandboxes")).stream()
                .map(sb -> new String[]{sb.namespace(), sb.podName(), sb.ip()}).toList();
        return withSection(text, FelixEndpointStatus.SECTION, FELIX_RECORDS_COMMAND, 0, felixRecords(pods), "");
    }

    public static final String FELIX_RECORDS_COMMAND =
            "for f in /var/run/calico/endpoint-status/*; do echo \"file ${f##*/}\"; cat \"$f\"; echo; done";

    /** The calico.endpoint-status section's stdout for pods {namespace, name, ip}, as the lab's Felix writes them. */
    public static String felixRecords(List<String[]> pods) {
        StringBuilder sb = new StringBuilder("directory " + FelixEndpointStatus.DIRECTORY + "\n");
        for (String[] p : pods) {
            sb.append("file ").append(FelixEndpointStatus.fileName(p[0], p[1])).append("\n{\"ifaceName\":\"")
                    .append(CalicoNaming.hostVethName(p[0], p[1])).append("\",\"ipv4Nets\":[\"").append(p[2])
                    .append("/32\"]}\n");
        }
        return sb.toString();
    }

    /** The snapshot text as it was recorded. */
    public static String recorded(String resource) {
        try (InputStream in = RecordedSnapshots.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the test classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static RawSnapshot raw(String resource) {
        return RawSnapshot.parse("lab-node", Instant.EPOCH, NONCE, text(resource));
    }

    /** A snapshot text in the fixtures' framing (nonce NONCE), split into sections. */
    public static RawSnapshot rawOf(String text) {
        return RawSnapshot.parse("lab-node", Instant.EPOCH, NONCE, text);
    }

    public static NodeState state(String resource) {
        return NodeStateReader.read(raw(resource));
    }

    /** Parses a snapshot text in the fixtures' framing (nonce NONCE). */
    public static NodeState stateOf(String text) {
        return NodeStateReader.read(RawSnapshot.parse("lab-node", Instant.EPOCH, NONCE, text));
    }

    /** The stdout of one section of a snapshot text. */
    public static String stdout(String text, String section) {
        String begin = "@@" + NONCE + " begin " + section + " ";
        int at = text.indexOf(begin);
        if (at < 0) {
            throw new IllegalArgumentException("no section " + section);
        }
        int body = text.indexOf('\n', at) + 1;
        return text.substring(body, text.indexOf("\n@@" + NONCE + " status " + section + " ", body - 1) + 1);
    }

    /** The sysctl lines of one host end wired as Calico's CNI wires it. */
    public static String calicoSysctls(String cali) {
        return "/proc/sys/net/ipv4/conf/" + cali + "/proxy_arp:1\n/proc/sys/net/ipv4/neigh/" + cali + "/proxy_delay:0\n"
                + "/proc/sys/net/ipv4/conf/" + cali + "/forwarding:1\n/proc/sys/net/ipv4/conf/" + cali
                + "/route_localnet:1\n/proc/sys/net/ipv6/conf/" + cali + "/accept_ra:0\n";
    }

    /** The snapshot text without one section. */
    public static String withoutSection(String text, String section) {
        int at = text.indexOf("@@" + NONCE + " begin " + section + " ");
        String endTag = "\n@@" + NONCE + " end " + section + "\n";
        return text.substring(0, at) + text.substring(text.indexOf(endTag, at) + endTag.length());
    }

    /** The snapshot text with one section replaced, or added at the end when it is not there yet. */
    public static String withSection(String text, String section, String command, int exit, String stdout,
                                     String stderr) {
        String framed = "@@" + NONCE + " begin " + section + " " + command + "\n" + stdout + "\n@@" + NONCE + " status "
                + section + " " + exit + "\n" + stderr + "\n@@" + NONCE + " end " + section + "\n";
        String begin = "@@" + NONCE + " begin " + section + " ";
        int at = text.indexOf(begin);
        if (at < 0) {
            return text + framed;
        }
        String endTag = "\n@@" + NONCE + " end " + section + "\n";
        int end = text.indexOf(endTag, at) + endTag.length();
        return text.substring(0, at) + framed + text.substring(end);
    }

    /** The recorded output with one section's status and stderr replaced, as if that command had failed. */
    public static NodeState withFailedSection(String resource, String section, int exit, String stderr) {
        String text = text(resource);
        String status = "\n@@" + NONCE + " status " + section + " ";
        int at = text.indexOf(status);
        int end = text.indexOf("\n@@" + NONCE + " end " + section + "\n", at);
        String patched = text.substring(0, at) + status + exit + "\n" + stderr + text.substring(end);
        return NodeStateReader.read(RawSnapshot.parse("lab-node", Instant.EPOCH, NONCE, patched));
    }
}
