package io.podwire.run;

import io.podwire.profile.calico.CalicoNodeState;
import io.podwire.node.ExpectedPod;
import io.podwire.profile.calico.FelixEndpointStatus;
import io.podwire.node.NodeState;
import io.podwire.node.Observed;

import java.time.Duration;
import java.util.List;

/**
 * When a node's snapshot is judged as it is, and when it is taken again (at most until the bound). Felix writes a
 * pod's endpoint-status record once it has programmed the endpoint (felix statusrep/status_file_reporter.go
 * 250-275), which may trail the pod's readiness: a snapshot lacking the record of an expected pod is retaken, so
 * that C12 judges Felix's settled state, not its lag. A record still missing at the bound stays missing: C12 FAILs.
 */
public record SettlePolicy(Duration bound, Duration every) {

    /** Judge the first snapshot as it is. */
    public static final SettlePolicy NONE = new SettlePolicy(Duration.ZERO, Duration.ZERO);

    public SettlePolicy {
        if (bound.isNegative() || every.isNegative() || (!bound.isZero() && every.isZero())) {
            throw new IllegalArgumentException("a settle bound and interval must be positive: " + bound + ", " + every);
        }
    }

    /** Retake while Felix has not written an expected pod's record, every {@code every}, up to {@code bound}. */
    public static SettlePolicy felixRecords(Duration bound, Duration every) {
        return new SettlePolicy(bound, every);
    }

    /** The expected pods whose record is missing on a node where Felix keeps records; none where it keeps none. */
    public static List<String> missingRecords(NodeState state, List<ExpectedPod> expected) {
        Observed<FelixEndpointStatus> status = CalicoNodeState.of(state).endpointStatus();
        if (!status.available() || !status.value().kept()) {
            return List.of();
        }
        return expected.stream().filter(p -> !p.hostNetwork())
                .filter(p -> status.value().of(p.namespace(), p.name()).isEmpty()).map(ExpectedPod::key).toList();
    }
}
