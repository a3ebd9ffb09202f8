package io.podwire.cluster;

import io.podwire.Log;
import io.podwire.claims.ExpectedPod;
import io.podwire.node.FelixEndpointStatus;
import io.podwire.node.Observed;
import io.podwire.node.RawSnapshot;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Felix writes a pod's endpoint-status record once it has programmed the endpoint (felix statusrep/
 * status_file_reporter.go 250-275), which may trail the pod's readiness: a node snapshot that lacks the record of a
 * workload pod on that node is taken again, at most until the bound, so that C12 judges Felix's settled state, not
 * its lag. A record still missing at the bound stays missing: C12 then FAILs, as it should.
 */
public final class FelixRecordsSettle {
    private FelixRecordsSettle() {
    }

    public static RawSnapshot settled(Supplier<RawSnapshot> take, List<ExpectedPod> podsOnNode, Duration bound,
                               Duration every) {
        long deadline = System.nanoTime() + bound.toNanos();
        RawSnapshot raw = take.get();
        List<String> missing = missing(raw, podsOnNode);
        while (!missing.isEmpty() && System.nanoTime() < deadline) {
            Log.info("Felix has not written the endpoint-status record of " + missing + " on node " + raw.node()
                    + " yet: taking the snapshot again in " + Timeouts.human(every) + " (up to " + Timeouts.human(bound) + ")");
            sleep(every);
            raw = take.get();
            missing = missing(raw, podsOnNode);
        }
        return raw;
    }

    /** The pods whose record is missing on a node where Felix keeps records; none where it keeps none. */
    static List<String> missing(RawSnapshot raw, List<ExpectedPod> podsOnNode) {
        Observed<FelixEndpointStatus> status = FelixEndpointStatus.read(raw);
        if (!status.available() || !status.value().kept()) {
            return List.of();
        }
        return podsOnNode.stream().filter(p -> !p.hostNetwork())
                .filter(p -> status.value().of(p.namespace(), p.name()).isEmpty()).map(ExpectedPod::key).toList();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Felix's endpoint-status records", e);
        }
    }
}
