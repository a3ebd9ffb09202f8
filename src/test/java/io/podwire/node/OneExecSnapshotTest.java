package io.podwire.node;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A node's snapshot costs exactly one exec, whatever the number of pods. */
@DisplayName("Snapshot: exactly one exec per node")
class OneExecSnapshotTest {

    @Test
    @DisplayName("taking a snapshot runs the script in exactly one exec")
    void snapshotIsOneExec() {
        AnsweringNode node = new AnsweringNode("lab-node", RecordedSnapshots.text(RecordedSnapshots.THREE_PODS));
        RawSnapshot raw = NodeSnapshotter.take(node);
        List<List<String>> execs = node.commands();
        assertEquals(1, execs.size(), "execs per snapshot");
        assertEquals(List.of("sh", "-c", NodeSnapshotter.SCRIPT, "podwire-snapshot"), execs.get(0),
                "the one exec runs the snapshot script, the nonce in no argument");
        assertEquals(RecordedSnapshots.raw(RecordedSnapshots.THREE_PODS).sections().keySet(), raw.sections().keySet(), "all sections read");
    }
}
