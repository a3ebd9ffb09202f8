package io.podwire.node;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A value of the wrong JSON type or beyond its number type makes what it feeds unobserved, never loses the node. */
class TypedParseFailuresTest {
    private static final String TEXT = RecordedSnapshots.text(RecordedSnapshots.THREE_PODS);

    @Test
    @DisplayName("wrong types and overflows in node.links leave the links unobserved and the runtime's records seen")
    void wrongTypesInLinksStayInTheirSection() {
        String links = RecordedSnapshots.stdout(TEXT, "node.links");
        for (String hostile : List.of(
                links.replaceFirst("\"ifindex\":\\s*1,", "\"ifindex\":99999999999999999999999,"),
                links.replaceFirst("\"ifindex\":\\s*1,", "\"ifindex\":{\"a\":1},"),
                links.replaceFirst("\"ifname\":\\s*\"lo\"", "\"ifname\":[1,2]"),
                "{\"not\":\"an array\"}\n")) {
            assertFalse(hostile.equals(links), "the hostile value was put in");
            NodeState s = NodeStateReader.read(RecordedSnapshots.rawOf(RecordedSnapshots.withSection(TEXT, "node.links", "ip -j -d link show",
                    0, hostile, "")));
            assertEquals(Observed.State.UNOBSERVABLE, s.linksByIndex().state(), hostile.substring(0, Math.min(60, hostile.length())));
            assertTrue(s.linksByIndex().problem().contains("cannot parse"), s.linksByIndex().problem());
            assertTrue(s.sandboxesByPod().available(), "the runtime's records are still read");
        }
    }

    @Test
    @DisplayName("a pause pid beyond int, or a string, leaves the sandboxes unobserved and the links seen")
    void wrongPidTypesStayInTheirSection() {
        String sandboxes = RecordedSnapshots.stdout(TEXT, "runtime.sandboxes");
        for (String pid : List.of("99999999999999999999", "\"1\"", "1e3")) {
            String hostile = sandboxes.replaceFirst("\"pid\":\\s*\\d+", "\"pid\":" + pid);
            assertFalse(hostile.equals(sandboxes), "the hostile value was put in");
            NodeState s = NodeStateReader.read(RecordedSnapshots.rawOf(RecordedSnapshots.withSection(TEXT, "runtime.sandboxes",
                    "crictl inspectp", 0, hostile, "")));
            assertEquals(Observed.State.UNOBSERVABLE, s.sandboxesByPod().state(), pid);
            assertTrue(s.sandboxesByPod().problem().contains("info.pid"), s.sandboxesByPod().problem());
            assertTrue(s.linksByIndex().available(), "the links are still read");
        }
    }
}
