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
            Severity.CRITICAL,
            "a pause process holds the pod's net, IPC and UTS namespaces and every app container shares "
                    + "all three",
            "`/pause` is the earliest process in the pod's net, IPC and UTS namespaces; every app "
                    + "container's process shares all three inodes",
            Needs.NODE_SNAPSHOT, (t, s, v) -> PodWiringClaims.c1PauseOwnsNamespaces(t, s)),
    C2("3", "Network namespace",
            Severity.CRITICAL,
            "the pod netns is pinned under /var/run/netns, listed by ip netns, and is the pause process's netns",
            "the netns at the path the runtime recorded for the sandbox (containerd `cni-…`, CRI-O's "
                    + "UUID) is pinned under `/var/run/netns`, `ip netns list` shows it, its inode = pause's netns",
            Needs.NODE_SNAPSHOT, (t, s, v) -> PodWiringClaims.c2NetnsPinned(t, s)),
    C3("4", "Network namespace",
            Severity.CRITICAL,
            "inside the pod netns the links are exactly lo and eth0@ifX",
            "inside the pod netns the links are exactly `lo` and `eth0@ifX`, a veth, administratively `UP` "
                    + "(its carrier follows the node end: each end is judged by its own admin state); another link's "
                    + "routes are this claim's, not C4's; the kernel's own fallback tunnels are tolerated, known by name, kind (`tunl0` ipip, `sit0` sit…) "
                    + "and having no peer (`@NONE`)",
            Needs.NODE_SNAPSHOT, (t, s, v) -> PodWiringClaims.c3OnlyLoAndEth0(t, s)),
    C4("5", "Pod addressing",
            Severity.CRITICAL,
            "eth0 carries exactly the pod IP as /32 and the pod's routes are exactly Calico's",
            "eth0 carries exactly the pod IP as /32; of eth0's routes, the pod's main table holds exactly `169.254.1.1 dev "
                    + "eth0 scope link` and `default via 169.254.1.1 dev eth0` (the host-local `ipam.routes` "
                    + "instead where the CNI config names them), unicast, proto boot; the pod's `ip_forward` is 0 "
                    + "(1 with `allow_ip_forwarding`)",
            Needs.NODE_SNAPSHOT, (t, s, v) -> ProfileClaims.c4(t, s)),
    C5("6", "veth pair",
            Severity.CRITICAL,
            "node link ifX is a cali veth whose peer is the pod's eth0 in the pod's netns",
            "the node link whose peer is (pod netns, eth0's ifindex) is `cali…@ifY` (any of Felix's "
                    + "interface prefixes), a veth, administratively `UP`, and is link X of `eth0@ifX`; its MAC is "
                    + "`ee:ee:ee:ee:ee:ee`; both ends have Calico's MTU",
            Needs.NODE_SNAPSHOT, (t, s, v) -> ProfileClaims.c5(t, s)),
    C6("6, 7", "veth pair",
            Severity.NORMAL,
            "the host veth is named cali + first 11 hex of sha1(namespace.pod)",
            "the host veth is Felix's first interface prefix (`cali` unless `FELIX_INTERFACEPREFIX` is "
                    + "set) + first 11 hex of sha1(\"ns.pod\") (Calico `VethNameForWorkload`; `test.pinger` → "
                    + "`calia900becc4a6`)",
            Needs.NODE_SNAPSHOT, (t, s, v) -> ProfileClaims.c6(t, s)),
    C7("7", "veth pair",
            Severity.CRITICAL,
            "cali links on the node and pods on the node match one to one: none missing, no orphan",
            "exactly one node link, whatever its name, has its peer in the pod's netns; node-wide, every "
                    + "cali link leads into a ready sandbox's netns (no orphan)",
            Needs.NODE_SNAPSHOT, (t, s, v) -> PodWiringClaims.c7PodHasOneCaliLink(t, s),
            ProfileClaims::c7NodeWide),
    C8("8", "veth pair",
            Severity.CRITICAL,
            "ethtool -S of the pod's cali veth reports peer_ifindex = the pod's eth0 ifindex",
            "pairing identity: the pod's node end, found by identity (the node link whose peer is the pod's "
                    + "eth0 in the pod's netns: IFLA_LINK and its link-netnsid), is what `ethtool -S` pairs with eth0: "
                    + "its `peer_ifindex` = eth0's ifindex. A wrong name is C6's fault alone, a stale cali pairing "
                    + "elsewhere C7's (orphan)",
            Needs.NODE_SNAPSHOT, (t, s, v) -> PodWiringClaims.c8EthtoolPeerIsPodEth0(t, s)),
    C9("mental model", "Node routing",
            Severity.CRITICAL,
            "the node routes the pod IP to its cali veth with proxy_arp on",
            "node route `<podIP> dev caliX scope link`, unicast, neither `dead` nor `linkdown` (a route of a "
                    + "device without carrier carries nothing), of Felix's `DeviceRouteProtocol` (boot "
                    + "by default), to the pod's node end; on it `proxy_arp=1`, `proxy_delay=0`, `forwarding=1`, "
                    + "`route_localnet=1`, IPv6 `accept_ra=0`",
            Needs.NODE_SNAPSHOT, (t, s, v) -> ProfileClaims.c9(t, s)),
    C10("1", "Pod addressing",
            Severity.CRITICAL,
            "all containers of the pod see the same IP and the same interfaces",
            "every container of the pod sees the same IP and interfaces (its own `/proc/net/dev`, "
                    + "`/proc/net/fib_trie`)",
            Needs.POD_SIDE_VIEW, PodWiringClaims::c10ContainersShareOneView),
    C11("mental model", "Node routing",
            Severity.CRITICAL,
            "pinger reaches the pod over this path (probed: never judged for a pod that was not probed)",
            "pinger reaches the pod (`ping` from inside the pinger); judged only for the pods it probed: "
                    + "the all-pods audit does not probe, so it has no C11 verdict, never a pass",
            Needs.PROBE, PodWiringClaims::c11PingerReachesPod),
    C12("5, 6", "Calico records",
            Severity.CRITICAL,
            "Felix's record of the pod names its host veth and lists exactly eth0's addresses",
            "Calico's own record of the pod agrees with the kernel: Felix's endpoint-status file names "
                    + "the pod's node end (found by identity; C6's name) as `ifaceName`, lists exactly eth0's "
                    + "addresses as `ipv4Nets`/`ipv6Nets`, and its `mac`, where the datastore keeps one, is eth0's",
            Needs.NODE_SNAPSHOT, (t, s, v) -> ProfileClaims.c12(t, s)),
    C13("5, 6", "CNI records",
            Severity.CRITICAL,
            "the runtime's cached CNI result of the pod agrees with the kernel: interface, addresses, routes",
            "the runtime's cached CNI result of the pod (libcni's `/var/lib/cni/results/<network>-<sandbox "
                    + "id>-eth0`, written by containerd and CRI-O at ADD) agrees with the kernel as CNI's own CHECK "
                    + "checks it: its interface in the pod's netns is eth0 (its MAC where named), eth0 holds each "
                    + "address the result gives it, the pod's table holds each result route, each host-side interface "
                    + "it names is on the node (MAC where named), the pod's node end among them; any CNI",
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

    /** How much a violation weighs in the report (Allure severity): a wrong name breaks no traffic by itself. */
    public enum Severity { CRITICAL, NORMAL }

    /** Where a claim's verdicts belong: every claim is judged per pod; some also once for the whole node. */
    public enum Scope { POD, POD_AND_NODE }

    /** A claim's judgement of one pod: pure, on the pod's resolved trail, the node's state and the pod-side views. */
    @FunctionalInterface
    interface PodJudgement {
        Verdict judge(PodTrail trail, NodeState node, PodSideViews views);
    }

    private final String labStep;
    private final String family;
    private final Severity severity;
    private final String sentence;
    private final String detail;
    private final Needs needs;
    private final PodJudgement perPod;
    private final Function<NodeState, Verdict> nodeWide;

    ClaimId(String labStep, String family, Severity severity, String sentence, String detail, Needs needs,
            PodJudgement perPod) {
        this(labStep, family, severity, sentence, detail, needs, perPod, null);
    }

    ClaimId(String labStep, String family, Severity severity, String sentence, String detail, Needs needs,
            PodJudgement perPod, Function<NodeState, Verdict> nodeWide) {
        this.labStep = labStep;
        this.family = family;
        this.severity = severity;
        this.sentence = sentence;
        this.detail = detail;
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

    public Severity severity() {
        return severity;
    }

    public String sentence() {
        return sentence;
    }

    /** What exactly is asserted, with the values and sources (Markdown): the README's claim table shows it. */
    public String detail() {
        return detail;
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
