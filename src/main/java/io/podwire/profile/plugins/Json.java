package io.podwire.profile.plugins;

import io.podwire.node.NetLink;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** The few `ip -j -d link` fields NetLink does not carry: a port's master and its bridge port flags. */
public final class Json {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private Json() {
    }

    public static JsonNode tree(String json) {
        try {
            return JSON.readTree(json == null ? "{}" : json);
        } catch (JacksonException e) {
            return JSON.createObjectNode();
        }
    }

    /** An empty JSON object to build on. */
    public static tools.jackson.databind.node.ObjectNode object() {
        return JSON.createObjectNode();
    }

    /** The link's master (`ip -d link`'s `master cni0`), or null. */
    public static String master(NetLink l) {
        return tree(l.json()).path("master").asString(null);
    }

    /** The bridge port's hairpin flag (`info_slave_data.hairpin`), or null when the link is no bridge port. */
    public static Boolean hairpin(NetLink l) {
        JsonNode d = tree(l.json()).path("linkinfo").path("info_slave_data");
        return d.has("hairpin") ? d.path("hairpin").asBoolean() : null;
    }
}
