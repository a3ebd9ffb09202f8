package io.podwire.verdict;

import io.podwire.node.NetLink;
import io.podwire.node.NodeState;
import io.podwire.node.Observed;

import java.util.Optional;
import java.util.function.Predicate;

/**
 * A CNI's wiring contract: what the generic claims (claims/) ask of the CNI that wired a node's pods. The generic
 * claims (C1, C2, C3, C7, C8, C10, C11, C13) hold for every CNI and ask a profile only which links are its workload
 * links; C4, C5, C6, C9 and C12 are the CNI's own facts, judged here, each a pure function of the pod's trail and the
 * node's state. A claim the CNI makes no promise for is NOT_APPLICABLE with the reason, never a pass. Each
 * implementation cites the CNI source its facts come from (io.podwire.profile.calico, io.podwire.profile.plugins).
 */
public interface CniProfile {
    /** calico, bridge, ptp: as -Dpodwire.cni= names it. */
    String name();

    /** The CNI plugin source the profile's facts cite. */
    String source();

    /** Which node links are workloads' host ends (C7's orphan check). */
    Observed<Predicate<NetLink>> workloadLinks(NodeState node);

    /** The rule of {@link #workloadLinks} on this node, for the evidence. */
    String workloadLinksRule(NodeState node);

    /** What this CNI asserts for a claim beyond the catalogue's words (Markdown, with its sources), if anything. */
    Optional<String> detail(ClaimId claim);

    /** C4: eth0's addresses, the pod's routes and forwarding, as the CNI sets them. */
    Verdict podAddressing(PodTrail trail, NodeState node);

    /** C5: the host end's facts (kind, state, MAC, MTU, addresses, master). */
    Verdict hostEnd(PodTrail trail, NodeState node);

    /** C6: the host end's name, or NOT_APPLICABLE where the CNI names it at random. */
    Verdict hostEndName(PodTrail trail, NodeState node);

    /** C9: the node's route to the pod and the node-side settings the CNI makes for it. */
    Verdict nodeRouting(PodTrail trail, NodeState node);

    /** C12: the CNI's own record of the pod, or NOT_APPLICABLE where it keeps none beyond libcni's cache (C13). */
    Verdict ownRecord(PodTrail trail, NodeState node);
}
