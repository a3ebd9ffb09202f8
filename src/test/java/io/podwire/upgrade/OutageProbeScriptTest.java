package io.podwire.upgrade;

import io.podwire.node.ExecResult;
import io.podwire.node.NodeAccess;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The probe runs the source container's own ping in its own netns: the node's userland needs no ping (kindest/node). */
class OutageProbeScriptTest {
    private static final Pattern PING = Pattern.compile("(\\S+ \\S+ \\S+ \\S+ \\S+ \\S+ )?ping ");

    @Test
    void everyPingOfTheProbeRunsInTheContainersMountAndNetNamespaces() {
        List<List<String>> seen = new ArrayList<>();
        NodeAccess kindNode = new NodeAccess() {
            @Override
            public String nodeName() {
                return "podwire-control-plane";
            }

            @Override
            public ExecResult exec(String... command) {
                seen.add(List.of(command));
                return new ExecResult(List.of(command), 0, "", "");
            }
        };

        OutageProbe.start(kindNode, 4242, "test/pinger", "10.244.0.7", Duration.ofMillis(100), Duration.ofSeconds(2));

        assertEquals(1, seen.size(), "one exec starts the probe");
        String script = seen.get(0).get(2);
        Matcher m = PING.matcher(script);
        int pings = 0;
        while (m.find()) {
            pings++;
            assertEquals("nsenter --target 4242 --mount --net -- ", m.group(1), "what runs ping #" + pings
                    + " in: " + script);
        }
        assertEquals(2, pings, "ping -V (which ping is it) and the probe itself: " + script);
        assertTrue(script.contains("> /run/podwire-probe/"), "its output lands on the node, outside the container");
    }
}
