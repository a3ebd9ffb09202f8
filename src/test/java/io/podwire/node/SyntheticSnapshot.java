package io.podwire.node;

import io.podwire.profile.calico.FelixEndpointStatus;

import io.podwire.profile.calico.CalicoNaming;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The snapshot-script output of a correctly wired node with any number of pods, in the lab node's formats (the
 * recorded fixtures), for tests that need hundreds of pods without Docker. Pod i: netns cni-i (nsid i), node link
 * cali… ifindex 100 + i peered with eth0 (ifindex 2) in it, pause pid 1000 + 10i, containers 1000 + 10i + 1 + k;
 * the sandbox records the pod IP and the label app = pod name less its -N suffix.
 */
public final class SyntheticSnapshot {
    private static final long NET = 4026540000L;
    private static final long IPC = 4026550000L;
    private static final long UTS = 4026560000L;
    private static final String UP = "[\"BROADCAST\",\"MULTICAST\",\"UP\",\"LOWER_UP\"]";

    private SyntheticSnapshot() {
    }

    public static NodeState state(List<ExpectedPod> pods) {
        return NodeStateReader.read(RawSnapshot.parse("lab-node", Instant.EPOCH, RecordedSnapshots.NONCE, text(pods)));
    }

    public static String text(List<ExpectedPod> pods) {
        StringBuilder out = new StringBuilder();
        List<String> links = new ArrayList<>(List.of("{\"ifindex\":1,\"ifname\":\"lo\",\"mtu\":65536,\"operstate\":\"UNKNOWN\"}"));
        StringBuilder linkText = new StringBuilder("1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN\n"
                + "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n");
        List<String> routes = new ArrayList<>(List.of("{\"dst\":\"default\",\"gateway\":\"172.17.0.1\",\"dev\":\"eth0\"}"));
        StringBuilder netnsList = new StringBuilder();
        StringBuilder inodes = new StringBuilder("4 4026531840 /proc/self/ns/net\n");
        List<String[]> views = new ArrayList<>();
        StringBuilder sysctls = new StringBuilder();
        StringBuilder stat = new StringBuilder();
        StringBuilder cmdline = new StringBuilder();
        StringBuilder ns = new StringBuilder();
        List<String> sandboxes = new ArrayList<>();
        List<String> containers = new ArrayList<>();
        // libcni's cache of each pod's ADD, as section cni.results prints it (the file name, then the result alone)
        StringBuilder cniResults = new StringBuilder("directory " + CniResultCache.DIRECTORY + "\n");
        for (int i = 0; i < pods.size(); i++) {
            ExpectedPod pod = pods.get(i);
            String cali = CalicoNaming.hostVethName(pod.namespace(), pod.name());
            String netns = "cni-" + i;
            int ifindex = 100 + i;
            int pause = 1000 + 10 * i;
            links.add("{\"ifindex\":" + ifindex + ",\"ifname\":\"" + cali + "\",\"link_index\":2,\"link_netnsid\":" + i
                    + ",\"flags\":" + UP + ",\"mtu\":1500,\"address\":\"ee:ee:ee:ee:ee:ee\",\"operstate\":\"UP\",\"linkinfo\":{\"info_kind\":\"veth\"}}");
            linkText.append(ifindex).append(": ").append(cali).append("@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500\n")
                    .append("    link/ether ee:ee:ee:ee:ee:ee brd ff:ff:ff:ff:ff:ff link-netns ").append(netns).append('\n')
                    .append("    veth addrgenmode eui64\n");
            routes.add("{\"dst\":\"" + pod.ip() + "\",\"dev\":\"" + cali + "\",\"scope\":\"link\"}");
            netnsList.append(netns).append(" (id: ").append(i).append(")\n");
            inodes.append("4 ").append(NET + i).append(" /var/run/netns/").append(netns).append('\n');
            views.add(new String[]{netns, new StringBuilder()
                    .append("[{\"ifindex\":1,\"ifname\":\"lo\",\"mtu\":65536,\"addr_info\":[{\"family\":\"inet\",\"local\":\"127.0.0.1\",\"prefixlen\":8}]},")
                    .append("{\"ifindex\":2,\"ifname\":\"eth0\",\"link_index\":").append(ifindex)
                    .append(",\"link_netnsid\":0,\"flags\":").append(UP).append(",\"mtu\":1500,\"linkinfo\":{\"info_kind\":\"veth\"},\"addr_info\":[{\"family\":\"inet\",\"local\":\"")
                    .append(pod.ip()).append("\",\"prefixlen\":32}]}]\n")
                    .append("[{\"dst\":\"default\",\"gateway\":\"169.254.1.1\",\"dev\":\"eth0\",\"scope\":\"global\"},")
                    .append("{\"dst\":\"169.254.1.1\",\"dev\":\"eth0\",\"scope\":\"link\"}]\n").append(RecordedSnapshots.netconf(false))
                    .toString()});
            sysctls.append(RecordedSnapshots.calicoSysctls(cali));
            String sandboxId = String.format("sb%062d", i);
            cniResults.append("file k8s-pod-network-").append(sandboxId).append("-eth0\n{\"cniVersion\":\"0.3.1\",\"dns\":{},")
                    .append("\"interfaces\":[{\"name\":\"").append(cali).append("\"},{\"name\":\"eth0\",\"sandbox\":")
                    .append("\"/var/run/netns/").append(netns).append("\"}],\"ips\":[{\"address\":\"").append(pod.ip())
                    .append("/32\",\"interface\":1,\"version\":\"4\"}]}\n");
            process(stat, cmdline, ns, pause, i, "/pause");
            sandboxes.add("{\"status\":{\"id\":\"" + sandboxId + "\",\"metadata\":{\"name\":\"" + pod.name()
                    + "\",\"namespace\":\"" + pod.namespace() + "\"},\"state\":\"SANDBOX_READY\",\"network\":{\"ip\":\"" + pod.ip()
                    + "\"},\"labels\":{\"app\":\"" + pod.name().replaceAll("-\\d+$", "") + "\"}},\"info\":{\"pid\":" + pause
                    + ",\"runtimeSpec\":{\"linux\":{\"namespaces\":[{\"type\":\"network\",\"path\":\"/var/run/netns/" + netns + "\"}]}}}}");
            for (int k = 0; k < pod.containers().size(); k++) {
                int pid = pause + 1 + k;
                process(stat, cmdline, ns, pid, i, pod.containers().get(k));
                containers.add("{\"status\":{\"id\":\"" + String.format("c%d%062d", k, i) + "\",\"metadata\":{\"name\":\""
                        + pod.containers().get(k) + "\"},\"state\":\"CONTAINER_RUNNING\"},\"info\":{\"sandboxID\":\""
                        + sandboxId + "\",\"pid\":" + pid + "}}");
            }
        }
        section(out, "node.links", "ip -j -d link show", "[" + String.join(",", links) + "]\n");
        section(out, "node.links.text", "ip -d link show", linkText.toString());
        section(out, "node.routes", "ip -j route show table main", "[" + String.join(",", routes) + "]\n");
        section(out, "netns.list", "ip netns list", netnsList.toString());
        section(out, "netns.inodes", "stat -L -c '%d %i %n' /proc/self/ns/net; find /var/run/netns/ -mindepth 1 -maxdepth 1 -exec stat -L -c '%d %i %n' {} +", inodes.toString());
        for (String[] v : views) {
            section(out, "netns.view." + v[0], RecordedSnapshots.viewCommand(v[0]), v[1]);
        }
        for (ExpectedPod pod : pods) {
            String cali = CalicoNaming.hostVethName(pod.namespace(), pod.name());
            section(out, "ethtool." + cali, "ethtool -S " + cali, "NIC statistics:\n     peer_ifindex: 2\n     rx_queue_0_drops: 0\n");
        }
        section(out, "sysctl.interfaces", RecordedSnapshots.SYSCTLS_COMMAND, sysctls.toString());
        section(out, "cni.config", RecordedSnapshots.CNI_COMMAND, RecordedSnapshots.LAB_CNI_CONFIG);
        section(out, "felix.env", RecordedSnapshots.FELIX_ENV_COMMAND, RecordedSnapshots.LAB_FELIX_ENV);
        section(out, "proc.stat", "head -v -c 1024 /proc/[0-9]*/stat", stat.toString());
        section(out, "proc.cmdline", "head -v -c 4096 /proc/[0-9]*/cmdline", cmdline.toString());
        section(out, "proc.ns", "stat -L -c '%n %i' /proc/[0-9]*/ns/net /proc/[0-9]*/ns/ipc /proc/[0-9]*/ns/uts", ns.toString());
        section(out, FelixEndpointStatus.SECTION, RecordedSnapshots.FELIX_RECORDS_COMMAND, RecordedSnapshots.felixRecords(pods.stream()
                .map(p -> new String[]{p.namespace(), p.name(), p.ip()}).toList()));
        section(out, CniResultCache.SECTION, "cni_results", cniResults.toString());
        section(out, "runtime.sandboxes", "runtime_sandboxes", "[" + String.join(",", sandboxes) + "]\n");
        section(out, "runtime.containers", "runtime_containers", "[" + String.join(",", containers) + "]\n");
        return out.toString();
    }

    /** One process of pod i: started in order of pid (so pause is the earliest in its namespaces). */
    private static void process(StringBuilder stat, StringBuilder cmdline, StringBuilder ns, int pid, int pod, String argv0) {
        stat.append(stat.length() == 0 ? "" : "\n").append("==> /proc/").append(pid).append("/stat <==\n")
                .append(pid).append(" (sleep) S 1 ").append(pid).append(' ').append(pid)
                .append(" 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 ").append(200000 + pid).append(" 2560000 300\n");
        cmdline.append(cmdline.length() == 0 ? "" : "\n").append("==> /proc/").append(pid).append("/cmdline <==\n")
                .append(argv0).append("\0infinity\0");
        ns.append("/proc/").append(pid).append("/ns/net ").append(NET + pod).append('\n')
                .append("/proc/").append(pid).append("/ns/ipc ").append(IPC + pod).append('\n')
                .append("/proc/").append(pid).append("/ns/uts ").append(UTS + pod).append('\n');
    }

    private static void section(StringBuilder out, String name, String command, String stdout) {
        out.append("@@").append(RecordedSnapshots.NONCE).append(" begin ").append(name).append(' ').append(command).append('\n')
                .append(stdout)
                .append("\n@@").append(RecordedSnapshots.NONCE).append(" status ").append(name).append(" 0\n")
                .append("\n@@").append(RecordedSnapshots.NONCE).append(" end ").append(name).append('\n');
    }
}
