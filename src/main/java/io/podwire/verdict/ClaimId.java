package io.podwire.verdict;

import java.util.Arrays;
import java.util.List;

/**
 * The claim catalogue: every claim podwire judges, one entry each, with its stable ID, lab step, family, sentence,
 * what is asserted for any CNI, what must be observed to judge it and where its verdicts belong. The engine
 * (claims/ClaimEngine binds each entry to its judging function, a switch the compiler checks complete), the audits,
 * the lab's filters, the report and the golden test iterate it: nothing selects claims by position or special-cases
 * one by name. Every claim gates: a FAIL fails the run. C4, C5, C6, C7 (node-wide), C9 and C12 take their
 * expectations from the node's CNI profile ({@link CniProfile}: each profile states its own facts); the others hold
 * for every CNI.
 */
public enum ClaimId {
    C1("1, 2", "Pause container",
            Severity.CRITICAL,
            "a pause process holds the pod's net, IPC and UTS namespaces and every app container shares "
                    + "all three",
            "`/pause` is the earliest process in the pod's net, IPC and UTS namespaces; every app "
                    + "container's process shares all three inodes; a sandbox the runtime runs without an infra "
                    + "process (CRI-O `drop_infra_ctr`): every app container is in the three namespaces the runtime "
                    + "pinned (the paths its spec records)",
            Needs.NODE_SNAPSHOT, Scope.POD),
    C2("3", "Network namespace",
            Severity.CRITICAL,
            "the pod netns is at the path the runtime recorded, listed by ip netns where pinned there, and is the "
                    + "pause process's netns",
            "the netns at the path the runtime recorded for the sandbox (containerd `cni-…`, CRI-O's "
                    + "UUID under `/var/run/netns`; containerd's `netns_mounts_under_state_dir` and cri-dockerd's "
                    + "paths elsewhere) holds a network namespace whose inode = pause's netns; under `/var/run/netns`, "
                    + "`ip netns list` shows it",
            Needs.NODE_SNAPSHOT, Scope.POD),
    C3("4", "Network namespace",
            Severity.CRITICAL,
            "inside the pod netns the links are exactly lo and eth0@ifX",
            "inside the pod netns the links are exactly `lo` and `eth0@ifX`, a veth, administratively `UP` "
                    + "(its carrier follows the node end: each end is judged by its own admin state); another link's "
                    + "routes are this claim's, not C4's; the kernel's own fallback tunnels are tolerated, known by name, kind (`tunl0` ipip, `sit0` sit…) "
                    + "and having no peer (`@NONE`)",
            Needs.NODE_SNAPSHOT, Scope.POD),
    C4("5", "Pod addressing",
            Severity.CRITICAL,
            "eth0 carries exactly the pod IP and the pod's routes are exactly the CNI's",
            "eth0 carries exactly the pod IP with the prefix the CNI gives it; of eth0's routes, the pod's main "
                    + "table holds exactly the CNI's, unicast; the pod's forwarding is as the CNI sets it",
            Needs.NODE_SNAPSHOT, Scope.POD),
    C5("6", "veth pair",
            Severity.CRITICAL,
            "the pod's node end is the CNI's host veth, paired with the pod's eth0 in the pod's netns",
            "the node link whose peer is (pod netns, eth0's ifindex) is a veth, administratively `UP`, link X of "
                    + "`eth0@ifX`, with the CNI's MAC, MTU and addresses on the host end",
            Needs.NODE_SNAPSHOT, Scope.POD),
    C6("6, 7", "veth pair",
            Severity.NORMAL,
            "the host veth carries the name the CNI derives for the pod",
            "the pod's node end (found by identity) has the name the CNI's naming rule gives the pod; a CNI "
                    + "whose host-end names are random has no rule: not applicable, with why",
            Needs.NODE_SNAPSHOT, Scope.POD),
    C7("7", "veth pair",
            Severity.CRITICAL,
            "host veths on the node and pods on the node match one to one: none missing, no orphan",
            "exactly one node link, whatever its name, has its peer in the pod's netns; node-wide, every "
                    + "workload link of the CNI (its profile's rule) leads into a ready sandbox's netns (no orphan)",
            Needs.NODE_SNAPSHOT, Scope.POD_AND_NODE),
    C8("8", "veth pair",
            Severity.CRITICAL,
            "ethtool -S of the pod's host veth reports peer_ifindex = the pod's eth0 ifindex",
            "pairing identity: the pod's node end, found by identity (the node link whose peer is the pod's "
                    + "eth0 in the pod's netns: IFLA_LINK and its link-netnsid), is what `ethtool -S` pairs with eth0: "
                    + "its `peer_ifindex` = eth0's ifindex. A wrong name is C6's fault alone, a stale pairing "
                    + "elsewhere C7's (orphan); any CNI",
            Needs.NODE_SNAPSHOT, Scope.POD),
    C9("mental model", "Node routing",
            Severity.CRITICAL,
            "the node routes the pod IP to its host veth as the CNI does",
            "the node's route to the pod IP is the CNI's, unicast, neither `dead` nor `linkdown` (a route of a "
                    + "device without carrier carries nothing), and the node-side settings the CNI makes for it hold",
            Needs.NODE_SNAPSHOT, Scope.POD),
    C10("1", "Pod addressing",
            Severity.CRITICAL,
            "all containers of the pod see the same IP and the same interfaces",
            "every container of the pod sees the same IP and interfaces (its own `/proc/net/dev`, "
                    + "`/proc/net/fib_trie`)",
            Needs.POD_SIDE_VIEW, Scope.POD),
    C11("mental model", "Node routing",
            Severity.CRITICAL,
            "pinger reaches the pod over this path (probed: never judged for a pod that was not probed)",
            "pinger reaches the pod (`ping` from inside the pinger); judged only for the pods it probed: "
                    + "the all-pods audit does not probe, so it has no C11 verdict, never a pass",
            Needs.PROBE, Scope.POD),
    C12("5, 6", "CNI records",
            Severity.CRITICAL,
            "the CNI's own record of the pod names its host veth and lists exactly eth0's addresses",
            "the CNI's own record of the pod (beyond libcni's cache) agrees with the kernel: it names the pod's "
                    + "node end (found by identity) and lists exactly eth0's addresses; a CNI that keeps no such "
                    + "record: not applicable, with why",
            Needs.NODE_SNAPSHOT, Scope.POD),
    C13("5, 6", "CNI records",
            Severity.CRITICAL,
            "the runtime's cached CNI result of the pod agrees with the kernel: interface, addresses, routes",
            "the runtime's cached CNI result of the pod (libcni's `/var/lib/cni/results/<network>-<sandbox "
                    + "id>-eth0`, written by containerd and CRI-O at ADD) agrees with the kernel as CNI's own CHECK "
                    + "checks it: its interface in the pod's netns is eth0 (its MAC where named), eth0 holds each "
                    + "address the result gives it, the pod's table holds each result route, each host-side interface "
                    + "it names is on the node (MAC where named), the pod's node end among them; any CNI",
            Needs.NODE_SNAPSHOT, Scope.POD);

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

    private final String labStep;
    private final String family;
    private final Severity severity;
    private final String sentence;
    private final String detail;
    private final Needs needs;
    private final Scope scope;

    ClaimId(String labStep, String family, Severity severity, String sentence, String detail, Needs needs,
            Scope scope) {
        this.labStep = labStep;
        this.family = family;
        this.severity = severity;
        this.sentence = sentence;
        this.detail = detail;
        this.needs = needs;
        this.scope = scope;
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
        return scope;
    }

    /** Judged from the node's snapshot alone: no exec in any pod, no probe (e.g. a node with hundreds of pods). */
    public boolean nodeSideOnly() {
        return needs == Needs.NODE_SNAPSHOT;
    }

    /** The claims judged from node snapshots alone. */
    public static List<ClaimId> nodeSide() {
        return Arrays.stream(values()).filter(ClaimId::nodeSideOnly).toList();
    }

    /** "C8 ethtool -S of the pod's host veth …": the claim ID first, as every test name starts. */
    public String title() {
        return name() + " " + sentence;
    }

    /** How many verdicts the engine gives for {@code pods} pods judged on the claims {@code judged}, on one node. */
    public static int verdictCount(int pods, List<ClaimId> judged) {
        return judged.stream().mapToInt(c -> pods + (c.scope() == Scope.POD_AND_NODE ? 1 : 0)).sum();
    }
}
