package io.podwire.upgrade;

/**
 * One difference between the wiring before and after: a pod or leftover that appeared (ADDED) or went (REMOVED), or
 * a pod field whose value changed (CHANGED). {@code allowedBy} is the allow-list rule that expected it, or null.
 *
 * @param scope   "pod" (subject = namespace/pod) or "node" (subject = node name, field = leftover kind)
 * @param field   a pod field (NodeWiring.POD_FIELDS), "pod" for the pod itself, or a leftover kind
 * @param key     the leftover's key (link, netns or route) for node changes; empty for pod changes
 */
public record WiringChange(Kind kind, String scope, String subject, String field, String key, String before,
                           String after, AllowList.Rule allowedBy) {

    public enum Kind { ADDED, REMOVED, CHANGED }

    public static final String POD = "pod";
    public static final String NODE = "node";

    public boolean allowed() {
        return allowedBy != null;
    }

    WiringChange allow(AllowList.Rule rule) {
        return new WiringChange(kind, scope, subject, field, key, before, after, rule);
    }

    /** One line for the summary: `CHANGED pod test/app ifindexPair: 12<->2 -> 15<->2 (allowed: reason)`. */
    public String describe() {
        String what = kind + " " + scope + " " + subject + " " + field + (key.isEmpty() ? "" : " " + key);
        String values = switch (kind) {
            case ADDED -> after;
            case REMOVED -> before;
            case CHANGED -> before + " -> " + after;
        };
        return what + ": " + values + (allowed() ? " (allowed: " + allowedBy.reason() + ")" : "");
    }
}
