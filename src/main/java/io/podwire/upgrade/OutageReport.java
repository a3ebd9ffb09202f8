package io.podwire.upgrade;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a bounded probe run saw: probes sent and answered, and every run of consecutive unanswered probes as a gap
 * with its start (send time of the first lost probe), end (send time of the first answered one after it) and
 * duration. A gap that lasts until the probe stopped is not recovered. The probe's path, where the caller knows it:
 * the node of each side (null where not known), so that the record says whether the outage was measured across nodes.
 */
public record OutageReport(String from, String to, String command, Duration interval, Duration effectiveInterval,
                           int firstSeq, int sent, int received, List<Gap> gaps, Instant startedAt, String raw,
                           String fromNode, String toNode) {

    /** A report whose path is not known (yet): see {@link #between}. */
    public OutageReport(String from, String to, String command, Duration interval, Duration effectiveInterval,
                        int firstSeq, int sent, int received, List<Gap> gaps, Instant startedAt, String raw) {
        this(from, to, command, interval, effectiveInterval, firstSeq, sent, received, gaps, startedAt, raw, null, null);
    }

    /** The same report, measured from a pod on {@code fromNode} to a pod on {@code toNode}. */
    public OutageReport between(String fromNode, String toNode) {
        return new OutageReport(from, to, command, interval, effectiveInterval, firstSeq, sent, received, gaps, startedAt,
                raw, fromNode, toNode);
    }

    /** true across nodes, false on one node, null where a side's node is not known. */
    public Boolean crossNode() {
        return fromNode == null || toNode == null ? null : !fromNode.equals(toNode);
    }

    public record Gap(int firstLostSeq, int lastLostSeq, Instant start, Instant end, boolean recovered) {
        public int lost() {
            return lastLostSeq - firstLostSeq + 1;
        }

        public Duration duration() {
            return Duration.between(start, end);
        }

        public Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("firstLostSeq", firstLostSeq);
            m.put("lastLostSeq", lastLostSeq);
            m.put("lostProbes", lost());
            m.put("start", start.toString());
            m.put("end", end.toString());
            m.put("durationMs", duration().toMillis());
            m.put("recovered", recovered);
            return m;
        }
    }

    public int lost() {
        return sent - received;
    }

    /** A probe's place in send order, 1 for the first: iputils numbers from 1, busybox from 0. */
    public long ordinal(int seq) {
        return (long) seq - firstSeq + 1;
    }

    public Optional<Gap> longestGap() {
        return gaps.stream().max((a, b) -> a.duration().compareTo(b.duration()));
    }

    public Duration outage() {
        return longestGap().map(Gap::duration).orElse(Duration.ZERO);
    }

    public Map<String, Object> document() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", "podwire.outage/v1");
        m.put("from", from);
        m.put("to", to);
        m.put("fromNode", fromNode);
        m.put("toNode", toNode);
        m.put("crossNode", crossNode());
        m.put("command", command);
        m.put("intervalMs", interval.toMillis());
        m.put("effectiveIntervalMs", effectiveInterval.toNanos() / 1_000_000.0);
        m.put("startedAt", startedAt.toString());
        m.put("probesSent", sent);
        m.put("probesAnswered", received);
        m.put("probesLost", lost());
        m.put("longestGap", longestGap().map(Gap::asMap).orElse(null));
        List<Map<String, Object>> all = new ArrayList<>();
        gaps.forEach(g -> all.add(g.asMap()));
        m.put("gaps", all);
        return m;
    }

    public String toJson() {
        return GateFiles.json(document());
    }

    public String summary() {
        String path = crossNode() == null ? "" : " (" + (crossNode() ? "cross-node, " + fromNode + " -> " + toNode
                : "same node, " + fromNode) + ")";
        String head = "outage probe " + from + " -> " + to + path + ": " + sent + " probes every " + interval.toMillis()
                + " ms, " + lost() + " lost";
        return longestGap().map(g -> head + "; longest gap " + g.duration().toMillis() + " ms (" + g.lost()
                        + " probes, seq " + g.firstLostSeq() + ".." + g.lastLostSeq() + ") from " + g.start() + " to "
                        + g.end() + (g.recovered() ? "" : ", NOT recovered when the probe stopped"))
                .orElse(head + "; no gap");
    }
}
