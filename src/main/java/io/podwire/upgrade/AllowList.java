package io.podwire.upgrade;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The changes a team expects from an upgrade, kept in its repository (format: docs/upgrade-gate.md, example:
 * ci/upgrade-allowlist.example.yaml). A change matched by a rule is reported but does not fail the gate.
 * <pre>
 * version: 1
 * allow:
 *   - change: changed        # added | removed | changed | "*"   (default "*")
 *     scope: pod             # pod | node | "*"                  (default "*")
 *     subject: "test/*"      # glob: namespace/pod, or the node name for node changes
 *     field: hostMtu         # glob: a pod field, "pod", or orphanCaliLink | orphanNetns | orphanRoute
 *     before: "1500"         # optional globs on the values (and key, for leftovers)
 *     after: "1450"
 *     reason: "3.32 sets the MTU from the host's uplink"   # required: why this is expected
 * </pre>
 * Globs: `*` any characters, `?` one character; everything else literal. Unknown keys are errors, so a typo never
 * widens or narrows what is allowed without notice.
 */
public record AllowList(String source, List<Rule> rules) {
    // a key written twice in one mapping is an error, never last-wins
    private static final ObjectMapper YAML = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final Set<String> RULE_KEYS = Set.of("change", "scope", "subject", "field", "key", "before", "after",
            "reason");
    private static final Set<String> TOP_KEYS = Set.of("version", "allow");

    public static AllowList none() {
        return new AllowList("(no allow-list)", List.of());
    }

    public static AllowList read(Path file) {
        try {
            return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new InvalidAllowList(file + ": cannot read the allow-list: " + e.getMessage());
        }
    }

    public static AllowList parse(String source, String yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JacksonException e) {
            String line = e.getLocation() == null || e.getLocation().getLineNr() < 1 ? ""
                    : " (line " + e.getLocation().getLineNr() + ")";
            throw new InvalidAllowList(source + ": not valid YAML" + line + ": " + e.getOriginalMessage());
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return new AllowList(source, List.of());
        }
        if (!root.isObject()) {
            throw new InvalidAllowList(source + ": expected a mapping with `version: 1` and `allow:`");
        }
        unknownKeys(source, "the top level", root, TOP_KEYS);
        JsonNode version = root.path("version");
        if (!version.isMissingNode() && !(version.isIntegralNumber() && version.asInt() == 1)) {
            throw new InvalidAllowList(source + ": version " + version + " is not supported;"
                    + " expected version: 1");
        }
        JsonNode allow = root.path("allow");
        if (allow.isMissingNode() || allow.isNull()) {
            return new AllowList(source, List.of());
        }
        if (!allow.isArray()) {
            throw new InvalidAllowList(source + ": `allow` must be a list of rules");
        }
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < allow.size(); i++) {
            JsonNode r = allow.get(i);
            String where = "allow[" + i + "]";
            if (!r.isObject()) {
                throw new InvalidAllowList(source + ": " + where + " must be a mapping");
            }
            unknownKeys(source, where, r, RULE_KEYS);
            String reason = text(source, where, r, "reason", "");
            if (reason.isBlank()) {
                throw new InvalidAllowList(source + ": " + where + " has no `reason`: say why this change is expected");
            }
            String change = text(source, where, r, "change").toLowerCase();
            if (!Set.of("*", "added", "removed", "changed").contains(change)) {
                throw new InvalidAllowList(source + ": " + where + ": change `" + change
                        + "` is not one of added, removed, changed, *");
            }
            String scope = text(source, where, r, "scope").toLowerCase();
            if (!Set.of("*", WiringChange.POD, WiringChange.NODE).contains(scope)) {
                throw new InvalidAllowList(source + ": " + where + ": scope `" + scope + "` is not one of pod, node, *");
            }
            Rule rule = new Rule(where, change, scope, text(source, where, r, "subject"), text(source, where, r, "field"),
                    text(source, where, r, "key"), text(source, where, r, "before"), text(source, where, r, "after"),
                    reason.strip());
            if (rule.matchesEverything()) {
                throw new InvalidAllowList(source + ": " + where + " names nothing it allows, so it would allow every"
                        + " change: give at least a `field` or `subject`");
            }
            rules.add(rule);
        }
        return new AllowList(source, List.copyOf(rules));
    }

    /** The first rule that expects this change, or null. */
    public Rule match(WiringChange c) {
        return rules.stream().filter(r -> r.matches(c)).findFirst().orElse(null);
    }

    private static void unknownKeys(String source, String where, JsonNode node, Set<String> known) {
        for (String k : node.propertyNames()) {
            if (!known.contains(k)) {
                throw new InvalidAllowList(source + ": " + where + ": unknown key `" + k + "`; known keys: "
                        + known.stream().sorted().toList());
            }
        }
    }

    private static String text(String source, String where, JsonNode r, String key) {
        return text(source, where, r, key, "*");
    }

    private static String text(String source, String where, JsonNode r, String key, String dflt) {
        JsonNode v = r.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return dflt;
        }
        if (!v.isValueNode()) {
            throw new InvalidAllowList(source + ": " + where + ": `" + key + "` must be a single value, not " + v);
        }
        return v.asString();
    }

    /** One expected change; every part is a glob ("*" matches anything, also a missing value). */
    public record Rule(String id, String change, String scope, String subject, String field, String key,
                       String before, String after, String reason) {
        public boolean matches(WiringChange c) {
            return glob(change, c.kind().name().toLowerCase()) && glob(scope, c.scope()) && glob(subject, c.subject())
                    && glob(field, c.field()) && glob(key, c.key()) && glob(before, c.before())
                    && glob(after, c.after());
        }

        boolean matchesEverything() {
            return List.of(change, scope, subject, field, key, before, after).stream().allMatch("*"::equals);
        }

        public Map<String, String> asMap() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("rule", id);
            m.put("change", change);
            m.put("scope", scope);
            m.put("subject", subject);
            m.put("field", field);
            m.put("key", key);
            m.put("before", before);
            m.put("after", after);
            m.put("reason", reason);
            return m;
        }

        static boolean glob(String pattern, String value) {
            if ("*".equals(pattern)) {
                return true;
            }
            if (value == null) {
                return false;
            }
            StringBuilder re = new StringBuilder();
            for (char ch : pattern.toCharArray()) {
                re.append(ch == '*' ? ".*" : ch == '?' ? "." : Pattern.quote(String.valueOf(ch)));
            }
            return Pattern.compile(re.toString(), Pattern.DOTALL).matcher(value).matches();
        }
    }

    /** The allow-list file is wrong: the message names the file, the rule and the problem. */
    public static final class InvalidAllowList extends IllegalArgumentException {
        public InvalidAllowList(String message) {
            super(message);
        }
    }
}
