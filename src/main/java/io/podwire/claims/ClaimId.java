package io.podwire.claims;

/** The stable claim IDs of the lab (DESIGN.md), each with its lab step, family and sentence. */
public enum ClaimId {
    C1("1, 2", "Pause container",
            "a pause process holds the pod's net, IPC and UTS namespaces and every app container shares all three"),
    C2("3", "Network namespace",
            "the pod netns is pinned under /var/run/netns, listed by ip netns, and is the pause process's netns"),
    C3("4", "Network namespace",
            "inside the pod netns the links are exactly lo and eth0@ifX"),
    C4("5", "Pod addressing",
            "eth0 carries the pod IP as /32 with routes 169.254.1.1 scope link and default via 169.254.1.1"),
    C5("6", "veth pair",
            "node link ifX is a cali veth whose peer is the pod's eth0 in the pod's netns"),
    C6("6, 7", "veth pair",
            "the host veth is named cali + first 11 hex of sha1(namespace.pod)"),
    C7("7", "veth pair",
            "cali links on the node and pods on the node match one to one: none missing, no orphan"),
    C8("8", "veth pair",
            "ethtool -S of the pod's cali veth reports peer_ifindex = the pod's eth0 ifindex"),
    C9("mental model", "Node routing",
            "the node routes the pod IP to its cali veth with proxy_arp on"),
    C10("1", "Pod addressing",
            "all containers of the pod see the same IP and the same interfaces"),
    C11("mental model", "Node routing",
            "pinger reaches the pod over this path (probed: never judged for a pod that was not probed)"),
    C12("5, 6", "Calico records",
            "Felix's record of the pod names its host veth and lists exactly eth0's addresses");

    private final String labStep;
    private final String family;
    private final String sentence;

    ClaimId(String labStep, String family, String sentence) {
        this.labStep = labStep;
        this.family = family;
        this.sentence = sentence;
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

    /** "C8 ethtool -S of the pod's cali veth …": the claim ID first, as every test name starts. */
    public String title() {
        return name() + " " + sentence;
    }
}
