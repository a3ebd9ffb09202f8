package io.podwire.profile;

import io.podwire.node.NetLink;
import io.podwire.node.NodeState;
import io.podwire.node.Observed;

import java.util.Optional;
import java.util.function.Predicate;

/**
 * A CNI's wiring contract: what the generic claims ask of the CNI that wired a node's pods. The generic claims (C1,
 * C2, C3, C7 per pod, C10, C11, the libcni record claim) hold for every CNI and never ask; the others take their
 * expectations from the node's profile, and a claim the CNI makes no promise for is NOT_APPLICABLE with the reason
 * given here, never a pass.
 */
public interface CniProfile {
    /** calico, bridge, ptp: as -Dpodwire.cni= names it. */
    String name();

    /** The CNI plugin source the profile's facts cite. */
    String source();

    /** Which node links are workloads' host ends (C7's orphan check); Calico's depend on Felix's settings. */
    Observed<Predicate<NetLink>> workloadLinks(NodeState node);

    /** The rule of {@link #workloadLinks}, for the evidence. */
    String workloadLinksRule();

    /** Why the host end has no expected name under this CNI (C6 not applicable), or empty when it has one. */
    Optional<String> noHostEndNameRule();

    /** Why this CNI keeps no record of its own beyond libcni's cached result (C12 not applicable), or empty. */
    Optional<String> noOwnRecord();
}
