package io.podwire.upgrade;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What changed in one node's wiring between two snapshots (before and after an upgrade), each change marked as
 * allowed by a rule of the team's allow-list or not. The gate passes when every observation could be made and every
 * change is allowed. Output is stable for CI: changes sorted, JSON keys in a fixed order (schema podwire.wiring-diff/v1).
 */
public record WiringDiff(String node, List<WiringChange> changes, List<String> problems, String allowListSource) {
    public static final String SCHEMA = "podwire.wiring-diff/v1";
    private static final Comparator<WiringChange> ORDER = Comparator.comparing(WiringChange::scope).reversed()
            .thenComparing(WiringChange::subject).thenComparing(WiringChange::field).thenComparing(WiringChange::key)
            .thenComparing(WiringChange::kind);

    public static WiringDiff between(NodeWiring before, NodeWiring after, AllowList allow) {
        List<WiringChange> changes = new ArrayList<>();
        for (String pod : new TreeSet<>(union(before.pods().keySet(), after.pods().keySet()))) {
            SortedMap<String, String> b = before.pods().get(pod);
            SortedMap<String, String> a = after.pods().get(pod);
            if (b == null) {
                changes.add(change(WiringChange.Kind.ADDED, WiringChange.POD, pod, "pod", "", null, summary(a)));
            } else if (a == null) {
                changes.add(change(WiringChange.Kind.REMOVED, WiringChange.POD, pod, "pod", "", summary(b), null));
            } else {
                for (String field : NodeWiring.POD_FIELDS) {
                    String vb = b.getOrDefault(field, NodeWiring.ABSENT);
                    String va = a.getOrDefault(field, NodeWiring.ABSENT);
                    if (!vb.equals(va)) {
                        changes.add(change(WiringChange.Kind.CHANGED, WiringChange.POD, pod, field, "", vb, va));
                    }
                }
            }
        }
        String node = after.node();
        for (String kind : new TreeSet<>(union(before.leftovers().keySet(), after.leftovers().keySet()))) {
            Map<String, String> b = before.leftovers().getOrDefault(kind, new TreeMap<>());
            Map<String, String> a = after.leftovers().getOrDefault(kind, new TreeMap<>());
            a.keySet().stream().filter(k -> !b.containsKey(k)).forEach(k -> changes.add(
                    change(WiringChange.Kind.ADDED, WiringChange.NODE, node, kind, k, null, a.get(k))));
            b.keySet().stream().filter(k -> !a.containsKey(k)).forEach(k -> changes.add(
                    change(WiringChange.Kind.REMOVED, WiringChange.NODE, node, kind, k, b.get(k), null)));
        }
        List<WiringChange> judged = changes.stream().map(c -> {
            AllowList.Rule r = allow.match(c);
            return r == null ? c : c.allow(r);
        }).sorted(ORDER).toList();
        List<String> problems = new ArrayList<>();
        before.problems().forEach(p -> problems.add("before: " + p));
        after.problems().forEach(p -> problems.add("after: " + p));
        return new WiringDiff(node, judged, List.copyOf(problems), allow.source());
    }

    /** Leftovers present in one snapshot, as ADDED changes: what a leak check after pod churn must find empty. */
    public static List<WiringChange> leftovers(NodeWiring w) {
        return between(new NodeWiring(w.node(), w.pods(), new TreeMap<>(), List.of()), w, AllowList.none()).changes()
                .stream().filter(c -> c.scope().equals(WiringChange.NODE)).toList();
    }

    public List<WiringChange> unexpected() {
        return changes.stream().filter(c -> !c.allowed()).toList();
    }

    public List<WiringChange> allowed() {
        return changes.stream().filter(WiringChange::allowed).toList();
    }

    /** Every observation made, and no change outside the allow-list. */
    public boolean passes() {
        return problems.isEmpty() && unexpected().isEmpty();
    }

    public String verdict() {
        // an unexpected change that was seen fails whatever else could not be observed
        return !unexpected().isEmpty() ? "FAIL" : !problems.isEmpty() ? "INCONCLUSIVE" : "PASS";
    }

    /** The JSON document CI keeps (reports/upgrade/wiring-diff-&lt;node&gt;.json). */
    public Map<String, Object> document() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", SCHEMA);
        doc.put("node", node);
        doc.put("verdict", verdict());
        doc.put("allowList", allowListSource);
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("changes", changes.size());
        counts.put("unexpected", unexpected().size());
        counts.put("allowed", allowed().size());
        counts.put("problems", problems.size());
        doc.put("summary", counts);
        List<Map<String, Object>> list = new ArrayList<>();
        for (WiringChange c : changes) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("change", c.kind().name().toLowerCase());
            m.put("scope", c.scope());
            m.put("subject", c.subject());
            m.put("field", c.field());
            m.put("key", c.key());
            m.put("before", c.before());
            m.put("after", c.after());
            m.put("allowed", c.allowed());
            m.put("allowedBy", c.allowed() ? c.allowedBy().asMap() : null);
            list.add(m);
        }
        doc.put("changes", list);
        doc.put("problems", problems);
        return doc;
    }

    public String toJson() {
        return GateFiles.json(document());
    }

    /** The readable summary for the report and the console. */
    public String summary() {
        StringBuilder sb = new StringBuilder("wiring diff on node " + node + ": " + verdict() + " — " + changes.size()
                + " change(s), " + unexpected().size() + " unexpected, " + allowed().size() + " allowed by "
                + allowListSource + "\n");
        if (changes.isEmpty() && problems.isEmpty()) {
            sb.append("  no change in pod wiring and no leftover appeared or went\n");
        }
        unexpected().forEach(c -> sb.append("  UNEXPECTED ").append(c.describe()).append('\n'));
        allowed().forEach(c -> sb.append("  allowed    ").append(c.describe()).append('\n'));
        problems.forEach(p -> sb.append("  NOT OBSERVED ").append(p).append('\n'));
        return sb.toString();
    }

    private static WiringChange change(WiringChange.Kind kind, String scope, String subject, String field, String key,
                                       String before, String after) {
        return new WiringChange(kind, scope, subject, field, key, before, after, null);
    }

    private static String summary(Map<String, String> fields) {
        return "hostVeth " + fields.get("hostVeth") + ", netns " + fields.get("netns") + ", "
                + fields.get("podAddresses");
    }

    private static <T> java.util.Set<T> union(java.util.Set<T> a, java.util.Set<T> b) {
        java.util.Set<T> u = new TreeSet<>(a);
        u.addAll(b);
        return u;
    }
}
