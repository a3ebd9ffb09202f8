package io.podwire.report;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A small JSON Schema checker for the keywords docs/verdicts.schema.json uses (type, const, enum, pattern, minimum,
 * required, properties, additionalProperties, items, local $ref). Any other keyword is refused, so the schema can
 * never claim a check that is not made.
 */
final class JsonShape {
    private static final Set<String> ANNOTATIONS = Set.of("$schema", "$id", "$defs", "title", "description");
    private static final Set<String> KEYWORDS = Set.of("type", "const", "enum", "pattern", "minimum", "required",
            "properties", "additionalProperties", "items", "$ref");

    private final JsonNode root;

    JsonShape(JsonNode schema) {
        this.root = schema;
    }

    /** Every violation as "path: problem"; empty when the document has the shape. */
    List<String> violations(JsonNode doc) {
        List<String> out = new ArrayList<>();
        check(root, doc, "$", out);
        return out;
    }

    private void check(JsonNode schema, JsonNode value, String path, List<String> out) {
        for (Map.Entry<String, JsonNode> kw : schema.properties()) {
            if (!ANNOTATIONS.contains(kw.getKey()) && !KEYWORDS.contains(kw.getKey())) {
                throw new IllegalArgumentException("schema keyword " + kw.getKey() + " at " + path + " is not supported");
            }
        }
        if (schema.has("$ref")) {
            check(resolve(schema.get("$ref").asString()), value, path, out);
        }
        if (schema.has("type") && !typeMatches(schema.get("type"), value)) {
            out.add(path + ": expected type " + schema.get("type") + ", got " + value.getNodeType());
            return;
        }
        if (schema.has("const") && !schema.get("const").equals(value)) {
            out.add(path + ": expected " + schema.get("const") + ", got " + value);
        }
        if (schema.has("enum") && !contains(schema.get("enum"), value)) {
            out.add(path + ": " + value + " is not one of " + schema.get("enum"));
        }
        if (schema.has("pattern") && value.isString()
                && !Pattern.compile(schema.get("pattern").asString()).matcher(value.asString()).find()) {
            out.add(path + ": \"" + value.asString() + "\" does not match " + schema.get("pattern").asString());
        }
        if (schema.has("minimum") && value.isNumber() && value.asDouble() < schema.get("minimum").asDouble()) {
            out.add(path + ": " + value + " is below " + schema.get("minimum"));
        }
        if (value.isObject()) {
            object(schema, value, path, out);
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                check(schema.get("items"), value.get(i), path + "[" + i + "]", out);
            }
        }
    }

    private void object(JsonNode schema, JsonNode value, String path, List<String> out) {
        for (JsonNode r : schema.path("required")) {
            if (!value.has(r.asString())) {
                out.add(path + ": missing required field " + r.asString());
            }
        }
        JsonNode props = schema.path("properties");
        for (Map.Entry<String, JsonNode> field : value.properties()) {
            String p = path + "." + field.getKey();
            if (props.has(field.getKey())) {
                check(props.get(field.getKey()), field.getValue(), p, out);
            } else if (schema.has("additionalProperties")) {
                JsonNode extra = schema.get("additionalProperties");
                if (extra.isBoolean() && !extra.asBoolean()) {
                    out.add(p + ": field not in the documented shape");
                } else if (extra.isObject()) {
                    check(extra, field.getValue(), p, out);
                }
            }
        }
    }

    private JsonNode resolve(String ref) {
        if (!ref.startsWith("#/")) {
            throw new IllegalArgumentException("only local $ref is supported: " + ref);
        }
        JsonNode n = root;
        for (String part : ref.substring(2).split("/")) {
            n = n.path(part);
        }
        if (n.isMissingNode()) {
            throw new IllegalArgumentException("$ref " + ref + " points nowhere");
        }
        return n;
    }

    private static boolean typeMatches(JsonNode type, JsonNode value) {
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (typeMatches(t, value)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.asString()) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isString();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            default -> throw new IllegalArgumentException("unknown type " + type);
        };
    }

    private static boolean contains(JsonNode options, JsonNode value) {
        for (JsonNode o : options) {
            if (o.equals(value)) {
                return true;
            }
        }
        return false;
    }
}
