package io.podwire.report;

import io.podwire.Scrubber;
import io.podwire.node.ExpectedPod;
import io.podwire.verdict.PodTrail;
import io.podwire.node.EthtoolStats;
import io.podwire.node.NetLink;
import io.podwire.node.NodeState;
import io.podwire.node.Observed;
import io.podwire.node.Sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Per node: pod → namespace → pause pid → netns → eth0 ifindex / IP → host veth name and ifindex → peer_ifindex,
 * walked as the lab does (sandbox → pause pid + netns path; netns view → eth0; node link eth0@ifX → host veth;
 * `ethtool -S` of the host veth → peer_ifindex). The mapping Calico users ask for (projectcalico/calico #8598,
 * #9770, #7977). Where the walk stops, the row says why in its note instead of guessing.
 */
public record WiringMap(String node, Instant snapshotAt, List<Row> rows) {

    public static final List<String> COLUMNS = List.of("pod", "namespace", "pause pid", "netns", "eth0 ifindex",
            "pod IP", "host veth", "host ifindex", "peer_ifindex", "note");

    public record Row(String pod, String namespace, Integer pausePid, String netns, Integer eth0Ifindex, String podIp,
                      String hostVeth, Integer hostIfindex, Long peerIfindex, String note) {
        List<String> cells() {
            return List.of(pod, namespace, text(pausePid), text(netns), text(eth0Ifindex), text(podIp),
                    text(hostVeth), text(hostIfindex), text(peerIfindex), note);
        }

        private static String text(Object o) {
            return o == null ? "-" : o.toString();
        }
    }

    /** The map of the expected pods scheduled on this snapshot's node (pods of other nodes are left out). */
    public static WiringMap of(List<ExpectedPod> pods, NodeState state) {
        List<Row> rows = new ArrayList<>();
        for (ExpectedPod pod : pods) {
            if (pod.node() == null || pod.node().equals(state.node())) {
                rows.add(row(pod, state));
            }
        }
        return new WiringMap(state.node(), state.raw().takenAt(), List.copyOf(rows));
    }

    /** One row from the pod's trail, resolved by identity as the claims resolve it: the map shows what they judged. */
    private static Row row(ExpectedPod pod, NodeState s) {
        if (pod.hostNetwork()) {
            return new Row(pod.name(), pod.namespace(), null, null, null, pod.ip(), null, null, null,
                    "hostNetwork pod: no netns or veth of its own");
        }
        PodTrail t = PodTrail.resolve(pod, s);
        List<String> notes = new ArrayList<>();
        Sandbox sandbox = get(t.sandbox(), notes, "runtime");
        NetLink eth0 = sandbox == null ? null : get(t.eth0(), notes, "pod netns");
        NetLink host = eth0 == null ? null : get(t.nodeEnd(), notes, "node end");
        Long peer = host == null ? null : Optional.ofNullable(get(s.ethtool(host.name()), notes, "ethtool"))
                .map(EthtoolStats::peerIfindex).orElse(null);
        if (peer != null && peer.longValue() != eth0.ifindex()) {
            notes.add("peer_ifindex " + peer + " is not eth0's ifindex " + eth0.ifindex());
        }
        String ip = eth0 == null ? null : eth0.addresses().stream().filter(a -> "inet".equals(a.family())).findFirst()
                .map(NetLink.IpAddress::cidr).orElse(null);
        return new Row(pod.name(), pod.namespace(), sandbox == null ? null : sandbox.pid(),
                t.netns().available() ? t.netnsNames(s) : null, eth0 == null ? null : eth0.ifindex(), ip,
                host == null ? null : host.name(), host == null ? null : host.ifindex(), peer, note(notes));
    }

    private static <T> T get(Observed<T> o, List<String> notes, String what) {
        if (!o.available()) {
            notes.add(what + ": " + o.problem());
            return null;
        }
        return o.value();
    }

    private static String note(List<String> notes) {
        return notes.isEmpty() ? "" : String.join("; ", notes);
    }

    /** Aligned plain-text table, as printed at the end of a run. */
    public String table() {
        List<List<String>> all = new ArrayList<>();
        all.add(COLUMNS);
        rows.forEach(r -> all.add(r.cells()));
        int[] width = new int[COLUMNS.size()];
        all.forEach(cells -> {
            for (int i = 0; i < cells.size(); i++) {
                width[i] = Math.max(width[i], cells.get(i).length());
            }
        });
        StringBuilder sb = new StringBuilder("Wiring map of node " + node + " (snapshot " + snapshotAt + ")\n");
        for (List<String> cells : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < cells.size(); i++) {
                line.append(i == 0 ? "" : "  ").append(String.format("%-" + Math.max(1, width[i]) + "s", cells.get(i)));
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return Scrubber.scrub(sb.toString());
    }

    /** CSV with a header row (Allure renders text/csv attachments as a table). */
    public String csv() {
        StringBuilder sb = new StringBuilder(String.join(",", COLUMNS)).append('\n');
        rows.forEach(r -> sb.append(String.join(",", r.cells().stream().map(WiringMap::csvCell).toList())).append('\n'));
        return Scrubber.scrub(sb.toString());
    }

    /** Markdown section for reports/wiring-map.md. */
    public String markdown() {
        StringBuilder sb = new StringBuilder("## Node " + node + "\n\nSnapshot taken " + snapshotAt + ".\n\n| "
                + String.join(" | ", COLUMNS) + " |\n|" + "---|".repeat(COLUMNS.size()) + "\n");
        rows.forEach(r -> sb.append("| ").append(String.join(" | ", r.cells().stream()
                .map(c -> c.replace("|", "\\|")).toList())).append(" |\n"));
        return Scrubber.scrub(sb.toString());
    }

    private static String csvCell(String c) {
        return c.contains(",") || c.contains("\"") ? "\"" + c.replace("\"", "\"\"") + "\"" : c;
    }

    /** Rows by "namespace/pod", for lookups in tests and callers. */
    public Map<String, Row> byPod() {
        Map<String, Row> m = new java.util.LinkedHashMap<>();
        rows.forEach(r -> m.put(r.namespace() + "/" + r.pod(), r));
        return m;
    }
}
