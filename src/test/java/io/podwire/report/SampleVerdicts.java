package io.podwire.report;

import io.podwire.verdict.ClaimId;
import io.podwire.verdict.Evidence;
import io.podwire.verdict.Verdict;
import io.podwire.node.NodeState;
import io.podwire.node.NodeStateReader;
import io.podwire.node.RawSnapshot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hand-made verdicts and a real lab snapshot for the report tests. */
final class SampleVerdicts {
    static final String NODE = "lab-node-1";
    static final Instant TAKEN = Instant.parse("2026-11-29T06:30:00Z");

    private SampleVerdicts() {
    }

    static Verdict c8Pass(String pod) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("hostVeth", "cali0123456789a");
        values.put("peer_ifindex", 2);
        values.put("eth0 ifindex", 2);
        return new Verdict(ClaimId.C8, "test", pod, NODE, Verdict.Status.PASS,
                "ethtool -S cali0123456789a reports peer_ifindex 2, which is eth0's ifindex in the pod netns",
                "peer_ifindex 2", "peer_ifindex 2",
                new Evidence(List.of("ethtool -S cali0123456789a", "ip -all netns exec ip -j -d -b <addr show; route show>"),
                        List.of("NIC statistics:\n     peer_ifindex: 2", "{\"ifindex\":2,\"ifname\":\"eth0\",\"link_index\":7}"),
                        values));
    }

    static Verdict c8Fail(String pod) {
        return new Verdict(ClaimId.C8, "test", pod, NODE, Verdict.Status.FAIL,
                "ethtool -S cali0123456789a reports peer_ifindex 9, but the pod's eth0 has ifindex 2",
                "peer_ifindex 2", "peer_ifindex 9",
                new Evidence(List.of("ethtool -S cali0123456789a"), List.of("     peer_ifindex: 9"),
                        Map.of("peer_ifindex", 9, "eth0 ifindex", 2)));
    }

    static Verdict c8Inconclusive(String pod) {
        return new Verdict(ClaimId.C8, "test", pod, NODE, Verdict.Status.INCONCLUSIVE,
                "could not observe: `ethtool -S cali0123456789a` exited 127: ethtool: not found",
                "peer_ifindex = eth0 ifindex", "nothing: `ethtool -S cali0123456789a` gave no usable output",
                new Evidence(List.of("ethtool -S cali0123456789a"), List.of("sh: ethtool: not found"), Map.of()));
    }

    /** A lab node with pods test/pinger, test/app (two containers) and test/web, as the lab node snapshot saw it. */
    static RawSnapshot labSnapshot() {
        try (InputStream in = SampleVerdicts.class.getResourceAsStream("/fixtures/lab/snapshot-3pods.txt")) {
            if (in == null) {
                throw new IllegalStateException("fixtures/lab/snapshot-3pods.txt is not on the test classpath");
            }
            return RawSnapshot.parse(NODE, TAKEN, "NONCE", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static NodeState labState() {
        return NodeStateReader.read(labSnapshot());
    }
}
