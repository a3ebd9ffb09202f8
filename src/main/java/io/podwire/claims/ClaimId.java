package io.podwire.claims;

import io.podwire.node.NodeState;
import io.podwire.node.PodSideViews;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The claim catalogue: every claim podwire judges, one entry each, with its stable ID, lab step, family, sentence,
 * what must be observed to judge it, and the pure functions that judge it (per pod, and node-wide where the claim
 * has a node-wide half). The engine, the audits, the lab's filters, the report and the golden test iterate it:
 * nothing selects claims by position or special-cases one by name. Every claim gates: a FAIL fails the run.
 * C4, C5, C6, C7 (node-wide), C8, C9 and C12 take their expectations from the node's CNI profile
 * ({@link ProfileClaims}, io.podwire.profile); the others hold for every CNI.
 */
public enum ClaimId {
    C1("1, 2", "Pause container",
            "a pause process holds the pod's net, IPC and UTS namespaces and every app container shares all three",
            Needs.NODE_SNAPSHOT, (t, s, v) -> PodWiringClaims.c1PauseOwnsNamespaces(t, s)),
    C2("3", "Network namespace",
            "the pod netns is pinned under /var/run/netns, listed by ip netns, and is the pause process's netns",
            Needs.NODE_SNAPSHOT, (t, s, v) -> PodWiringClaims.c2NetnsPinned(t, s)),
    C3("4", "Network namespace",
            "inside the pod netns the links are exactly lo and eth0@ifX",
            Needs.NODE_SNAPSHOT, (t, s, v) -> PodWiringClaims.c3OnlyLoAndEth0(t, s)),
    C4("5", "Pod addressing",
            "eth0 carries exactly the pod IP as /32 and the pod's routes are exactly Calico's",
            Needs.NODE_SNAPSHOT, (t, s, v) -> ProfileClaims.c4(t, s)),
    C5("6", "veth pair",
            "node link ifX is a cali veth whose peer is the pod's eth0 in the pod's netns",
            Needs.NODE_SNAPSHOT, (t, s, v) -> ProfileClaims.c5(t, s)),
    C6("6, 7", "veth pair",
            "the host veth is named cali + first 11 hex of sha1(namespace.pod)",
            Needs.NODE_SNAPSHOT, (t, s, v) -> ProfileClaims.c6(t, s)),
    C7("7", "veth pair",
            "cali links on the node and pods on the node match one to one: none missing, no orphan",
            Needs.NODE_SNAPSHOT, (t, s, v) -> PodWiringClaims.c7PodHasOneCaliLink(t, s),
            ProfileClaims::c7NodeWide),
    C8("8", "veth pair",
            "ethtool -S of the pod's cali veth reports peer_ifindex = the pod's eth0 ifindex",
            Needs.NODE_SNAPSHOT, (t, s, v) -> ProfileClaims.c8(t, s)),
    C9("mental model", "Node routing",
            "the node routes the pod IP to its cali veth with proxy_arp on",
            Needs.NODE_SNAPSHOT, (t, s, v) -> ProfileClaims.c9(t, s)),
    C10("1", "Pod addressing",
            "all containers of the pod see the same IP and the same interfaces",
            Needs.POD_SIDE_VIEW, PodWiringClaims::c10ContainersShareOneView),
    C11("mental model", "Node routing",
            "pinger reaches the pod over this path (probed: never judged for a pod that was not probed)",
            Needs.PROBE, PodWiringClaims::c11PingerReachesPod),
    C12("5, 6", "Calico records",
            "Felix's record of the pod names its host veth and lists exactly eth0's addresses",
            Needs.NODE_SNAPSHOT, (t, s, v) -> ProfileClaims.c12(t, s)),
    C13("5, 6", "CNI records",
            "the runtime's cached CNI result of the pod agrees with the kernel: interface, addresses, routes",
            Needs.NODE_SNAPSHOT, (t, s, v) -> CniRecordClaims.c13CachedResultAgreesWithKernel(t, s));

    /** What must be observed to judge a claim, beyond the expected pods. */
    public enum Needs {
        /** the node's one snapshot exec */
        NODE_SNAPSHOT,
        /** the snapshot and an exec in each of the pod's containers */
        POD_SIDE_VIEW,
        /** the snapshot and the pinger's probe of the pod: no verdict at all for a pod that was not probed */
        PROBE
    }

    /** Where a claim's verdicts belong: every claim is judged per pod; some also once for the whole node. */
    public enum Scope { POD, POD_AND_NODE }

    /** A claim's judgement of one pod: pure, on the pod's resolved trail, the node's state and the pod-side views. */
    @FunctionalInterface
    interface PodJudgement {
        Verdict judge(PodTrail trail, NodeState node, PodSideViews views);
    }

    private final String labStep;
    private final String family;
    private final String sentence;
    private final Needs needs;
    private final PodJudgement perPod;
    private final Function<NodeState, Verdict> nodeWide;

    ClaimId(String labStep, String family, String sentence, Needs needs, PodJudgement perPod) {
        this(labStep, family, sentence, needs, perPod, null);
    }

    ClaimId(String labStep, String family, String sentence, Needs needs, PodJudgement perPod,
            Function<NodeState, Verdict> nodeWide) {
        this.labStep = labStep;
        this.family = family;
        this.sentence = sentence;
        this.needs = needs;
        this.perPod = perPod;
        this.nodeWide = nodeWide;
    }

    public String labStep() {
        return labStep;
    }

    public String family() {
        return family;
    }

    public String sentence() {
        return sentence;
    }

    public Needs needs() {
        return needs;
    }

    public Scope scope() {
        return nodeWide == null ? Scope.POD : Scope.POD_AND_NODE;
    }

    /** Judged from the node's snapshot alone: no exec in any pod, no probe (e.g. a node with hundreds of pods). */
    public boolean nodeSideOnly() {
        return needs == Needs.NODE_SNAPSHOT;
    }

    /** The claims judged from node snapshots alone. */
    public static List<ClaimId> nodeSide() {
        return Arrays.stream(values()).filter(ClaimId::nodeSideOnly).toList();
    }

    /** "C8 ethtool -S of the pod's cali veth …": the claim ID first, as every test name starts. */
    public String title() {
        return name() + " " + sentence;
    }

    Verdict judge(PodTrail trail, NodeState node, PodSideViews views) {
        return perPod.judge(trail, node, views);
    }

    Optional<Verdict> judgeNode(NodeState node) {
        return nodeWide == null ? Optional.empty() : Optional.of(nodeWide.apply(node));
    }

    /** How many verdicts the engine gives for {@code pods} pods judged on the claims {@code judged}, on one node. */
    public static int verdictCount(int pods, List<ClaimId> judged) {
        return judged.stream().mapToInt(c -> pods + (c.scope() == Scope.POD_AND_NODE ? 1 : 0)).sum();
    }
}
