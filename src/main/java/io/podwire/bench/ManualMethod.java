package io.podwire.bench;

import io.podwire.profile.calico.CalicoNaming;
import io.podwire.node.ExpectedPod;
import io.podwire.node.ExecResult;
import io.podwire.node.NodeAccess;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lab's own method (seed lab, steps 2–8), done honestly through the same NodeAccess: one exec per command per
 * pod, each output read for the same facts the claims check. It exists to be measured against the one-exec
 * snapshot; it is not a second claim engine (no evidence, just "did every fact hold for this pod").
 * <p>
 * Once per node: {@code crictl pods -q}, {@code crictl ps -q}, {@code ip netns list}, {@code ls -lt /var/run/netns},
 * {@code ip link show | grep cali} (step 7). Per pod: {@code crictl inspectp <sandbox>} (which pod, pause pid, netns),
 * {@code lsns -p <pause pid>} (step 2), per container {@code crictl inspect <id>} and {@code lsns -p <pid>} (step 1),
 * {@code stat -L -c %i /var/run/netns/<ns>} (step 3), {@code ip netns exec <ns> ip link} (step 4),
 * {@code ip netns exec <ns> ip addr} and {@code … ip route} (step 5, from the node), {@code ip link | grep -A1 ^X:}
 * (step 6), {@code ethtool -S caliX} (step 8), {@code cat …/caliX/proxy_arp} and {@code ip route | grep '^IP '}
 * (mental model): 10 execs per pod plus 2 per container.
 */
final class ManualMethod {
    private static final Pattern SANDBOX_NAME = Pattern.compile("\"metadata\":\\{\"name\":\"([^\"]+)\",\"namespace\":\"([^\"]+)\"");
    private static final Pattern PID = Pattern.compile("\"pid\":(\\d+)");
    private static final Pattern NETNS_PATH = Pattern.compile("\"type\":\"network\",\"path\":\"([^\"]+)\"");
    private static final Pattern CONTAINER = Pattern.compile("\"metadata\":\\{\"name\":\"([^\"]+)\"\\}.*\"sandboxID\":\"([^\"]+)\",\"pid\":(\\d+)");
    private static final Pattern LSNS = Pattern.compile("\\s*(\\d+)\\s+(\\w+)\\s+\\d+\\s+(\\d+)\\s.*");
    private static final Pattern ETH0 = Pattern.compile("(?m)^(\\d+): eth0@if(\\d+):");
    private static final Pattern LINK_HEAD = Pattern.compile("(?m)^\\d+: ([^:@\\s]+)(?:@[^:\\s]+)?:");

    /** What one pass of the manual method cost and found. */
    record Result(int podsChecked, int podsHolding, List<String> failures) {
    }

    private final NodeAccess node;

    ManualMethod(NodeAccess node) {
        this.node = node;
    }

    Result run(List<ExpectedPod> pods) {
        // once per node, as a person would before looking at pods one by one
        List<String> sandboxIds = exec("crictl", "pods", "-q").stdout().lines().filter(l -> !l.isBlank()).toList();
        List<String> containerIds = exec("crictl", "ps", "-q").stdout().lines().filter(l -> !l.isBlank()).toList();
        exec("ip", "netns", "list");
        exec("ls", "-lt", "/var/run/netns");
        long caliLinks = exec("sh", "-c", "ip link show | grep cali").stdout().lines()
                .filter(l -> l.matches("\\d+: cali.*")).count();

        Map<String, String[]> sandboxByPod = new HashMap<>(); // pod key -> {sandbox id, pause pid, netns name}
        for (String id : sandboxIds) {
            String json = exec("crictl", "inspectp", id).stdout();
            Matcher name = SANDBOX_NAME.matcher(json);
            Matcher pid = PID.matcher(json);
            Matcher netns = NETNS_PATH.matcher(json);
            if (name.find() && pid.find() && netns.find()) {
                String path = netns.group(1);
                sandboxByPod.put(name.group(2) + "/" + name.group(1),
                        new String[]{id, pid.group(1), path.substring(path.lastIndexOf('/') + 1)});
            }
        }
        Map<String, List<String[]>> containersBySandbox = new HashMap<>(); // sandbox id -> {name, pid}
        for (String id : containerIds) {
            Matcher c = CONTAINER.matcher(exec("crictl", "inspect", id).stdout());
            if (c.find()) {
                containersBySandbox.computeIfAbsent(c.group(2), k -> new ArrayList<>()).add(new String[]{c.group(1), c.group(3)});
            }
        }

        List<String> failures = new ArrayList<>();
        int holding = 0;
        for (ExpectedPod pod : pods) {
            String failure = check(pod, sandboxByPod.get(pod.key()), containersBySandbox);
            if (failure == null) {
                holding++;
            } else {
                failures.add(pod.key() + ": " + failure);
            }
        }
        if (caliLinks != pods.size()) {
            failures.add("node: " + caliLinks + " cali links for " + pods.size() + " pods");
        }
        return new Result(pods.size(), holding, failures);
    }

    /** The lab's steps for one pod; null when every fact held, else the first one that did not. */
    private String check(ExpectedPod pod, String[] sandbox, Map<String, List<String[]>> containersBySandbox) {
        if (sandbox == null) {
            return "no sandbox";
        }
        String pausePid = sandbox[1];
        String netns = sandbox[2];
        Map<String, String[]> pauseNs = lsns(pausePid);                 // step 2: type -> {inode, lowest pid}
        for (String kind : List.of("net", "ipc", "uts")) {
            String[] ns = pauseNs.get(kind);
            if (ns == null || !ns[1].equals(pausePid)) {
                return "pause " + pausePid + " does not own its " + kind + " namespace";
            }
        }
        for (String[] c : containersBySandbox.getOrDefault(sandbox[0], List.of())) {       // step 1
            Map<String, String[]> ns = lsns(c[1]);
            for (String kind : List.of("net", "ipc", "uts")) {
                if (ns.get(kind) == null || !ns.get(kind)[0].equals(pauseNs.get(kind)[0])) {
                    return "container " + c[0] + " is not in the pause " + kind + " namespace";
                }
            }
        }
        String pinned = exec("stat", "-L", "-c", "%i", "/var/run/netns/" + netns).stdout().strip();   // step 3
        if (!pinned.equals(pauseNs.get("net")[0])) {
            return "pinned netns inode " + pinned + " is not pause's " + pauseNs.get("net")[0];
        }
        String links = exec("ip", "netns", "exec", netns, "ip", "link").stdout();                   // step 4
        Matcher eth0 = ETH0.matcher(links);
        List<String> names = new ArrayList<>();
        LINK_HEAD.matcher(links).results().forEach(m -> names.add(m.group(1)));
        if (!eth0.find() || !names.equals(List.of("lo", "eth0"))) {
            return "pod netns links are " + names;
        }
        String eth0Index = eth0.group(1);
        String hostIndex = eth0.group(2);
        if (!exec("ip", "netns", "exec", netns, "ip", "addr").stdout().contains("inet " + pod.ip() + "/32 ")) {  // step 5
            return "eth0 does not carry " + pod.ip() + "/32";
        }
        String routes = exec("ip", "netns", "exec", netns, "ip", "route").stdout();
        if (!routes.contains("default via 169.254.1.1 dev eth0") || !routes.contains("169.254.1.1 dev eth0 scope link")) {
            return "pod routes are " + routes.strip();
        }
        String cali = CalicoNaming.hostVethName(pod.namespace(), pod.name());
        String block = exec("sh", "-c", "ip link | grep -A1 ^" + hostIndex + ":").stdout();        // step 6
        if (!block.startsWith(hostIndex + ": " + cali + "@if" + eth0Index + ":") || !block.contains("link-netns")) {
            return "node link " + hostIndex + " is " + block.lines().findFirst().orElse("absent");
        }
        if (!exec("ethtool", "-S", cali).stdout().contains("peer_ifindex: " + eth0Index + "\n")) {  // step 8
            return "ethtool -S " + cali + " peer_ifindex is not " + eth0Index;
        }
        if (!exec("cat", "/proc/sys/net/ipv4/conf/" + cali + "/proxy_arp").stdout().strip().equals("1")) {
            return "proxy_arp is off on " + cali;
        }
        if (!exec("sh", "-c", "ip route | grep '^" + pod.ip() + " '").stdout().contains("dev " + cali + " scope link")) {
            return "no node route " + pod.ip() + " dev " + cali;
        }
        return null;
    }

    /** `lsns -p PID`: namespace type -> {inode, lowest pid in it}. */
    private Map<String, String[]> lsns(String pid) {
        Map<String, String[]> ns = new HashMap<>();
        for (String line : exec("lsns", "-p", pid).stdout().lines().toList()) {
            Matcher m = LSNS.matcher(line);
            if (m.matches()) {
                ns.put(m.group(2), new String[]{m.group(1), m.group(3)});
            }
        }
        return ns;
    }

    private ExecResult exec(String... command) {
        return node.exec(command);
    }
}
