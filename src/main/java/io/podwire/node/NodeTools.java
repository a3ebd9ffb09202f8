package io.podwire.node;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tools the snapshot found on the node (section `node.tools`: each tool and where it is, or `missing`; the
 * runtime's CLI wherever the distribution put it, snapshot.sh find_crictl). Without `ip` or `crictl` no pod can be
 * judged there: that is the node's infrastructure, said with the tool's name, never a claim's violation.
 */
public record NodeTools(Map<String, String> where, String command) {
    public static final String SECTION = "node.tools";
    /** Without these, nothing of any pod can be observed: the node fails as infrastructure. */
    public static final List<String> REQUIRED = List.of("ip", "crictl");
    static final String MISSING = "missing";

    /** Empty when the snapshot has no readable tools section (an older recording): nothing is decided from it. */
    public static Optional<NodeTools> of(RawSnapshot raw) {
        Optional<Section> s = raw.section(SECTION).filter(Section::succeeded);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> where = new LinkedHashMap<>();
        s.get().stdout().lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(l -> {
            int sp = l.indexOf(' ');
            if (sp > 0) {
                where.put(l.substring(0, sp), l.substring(sp + 1).strip());
            }
        });
        return Optional.of(new NodeTools(Map.copyOf(where), s.get().command()));
    }

    /** The required tools the node lacks, in {@link #REQUIRED}'s order. */
    public List<String> missingRequired() {
        return REQUIRED.stream().filter(t -> MISSING.equals(where.getOrDefault(t, MISSING))).toList();
    }
}
