package io.podwire.lab;

import io.podwire.claims.ClaimId;
import io.podwire.claims.Verdict;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.Function;

import static io.podwire.claims.ClaimId.C1;
import static io.podwire.claims.ClaimId.C10;
import static io.podwire.claims.ClaimId.C11;
import static io.podwire.claims.ClaimId.C2;
import static io.podwire.claims.ClaimId.C3;
import static io.podwire.claims.ClaimId.C4;
import static io.podwire.claims.ClaimId.C5;
import static io.podwire.claims.ClaimId.C6;
import static io.podwire.claims.ClaimId.C7;
import static io.podwire.claims.ClaimId.C8;
import static io.podwire.claims.ClaimId.C9;

/**
 * The fault catalogue: real mutations of a lab node's kernel state, each making one claim false for one pod.
 * {@code independent} lists the claims that must still hold for every pod under the fault.
 */
public enum LabFault {
    SIDECAR_IN_OWN_IPC_NAMESPACE(C1, "app", "the sidecar restarted with an IPC namespace of its own",
            EnumSet.of(C2, C3, C4, C5, C6, C8, C9, C10, C11),
            lab -> restartContainer(lab.pod("app"), "sidecar",
                    "unshare --ipc -- nsenter --net=/proc/$p/ns/net --uts=/proc/$p/ns/uts --")),
    NETNS_UNPINNED(C2, "web", "the pod netns unmounted from /var/run/netns (pause keeps it alive)",
            EnumSet.of(C1, C10, C11),
            lab -> "umount " + lab.pod("web").netnsPath() + "\nrm " + lab.pod("web").netnsPath() + "\n"),
    EXTRA_LINK_IN_POD_NETNS(C3, "web", "an extra veth pair added inside the pod netns",
            EnumSet.of(C1, C2, C4, C5, C6, C7, C8, C9, C10, C11),
            lab -> "ip -n " + lab.pod("web").netns() + " link add extra0 type veth peer name extra1\n"),
    SLASH24_INSTEAD_OF_SLASH32(C4, "pinger", "the pod IP on eth0 as /24 instead of /32",
            EnumSet.of(C1, C2, C3, C5, C6, C7, C8, C10),
            lab -> {
                WiredPod p = lab.pod("pinger");
                // add the /24 first: removing the last address of eth0 would flush its routes
                return "ip -n " + p.netns() + " addr add " + p.pod().ip() + "/24 dev eth0\n"
                        + "ip -n " + p.netns() + " addr del " + p.pod().ip() + "/32 dev eth0\n";
            }),
    GATEWAY_ROUTE_MISSING(C4, "app", "the pod's `169.254.1.1 dev eth0 scope link` route deleted",
            EnumSet.of(C1, C2, C3, C5, C6, C7, C8, C10),
            lab -> "ip -n " + lab.pod("app").netns() + " route del 169.254.1.1 dev eth0\n"),
    // moving the node end takes it down, so the pod's eth0 loses its carrier too (C3)
    VETH_PEER_IN_WRONG_NETNS(C5, "web", "the node end of the pod's veth moved into another netns",
            EnumSet.of(C1, C2, C4, C10),
            lab -> "ip netns add cni-stray\nip link set " + lab.pod("web").hostVeth() + " netns cni-stray\n"),
    HOST_VETH_RENAMED(C6, "web", "the host veth renamed veth… (route and sysctls restored)",
            EnumSet.of(C1, C2, C3, C4, C9, C10, C11),
            lab -> {
                WiredPod p = lab.pod("web");
                // a link must be down to be renamed, and going down flushes its routes: restore the route after
                return "ip link set " + p.hostVeth() + " down\nip link set " + p.hostVeth() + " name veth0123456789a\n"
                        + "ip link set veth0123456789a up\nip route add " + p.pod().ip() + "/32 dev veth0123456789a scope link\n";
            }),
    ORPHAN_CALI_LINK(C7, Verdict.NODE_SCOPE, "a cali veth left behind with no pod (its netns pinned, no sandbox)",
            EnumSet.of(C1, C2, C3, C4, C5, C6, C8, C9, C10, C11),
            lab -> "ip netns add cni-orphan\nip link add cali0deadbeef00 type veth peer name eth0 netns cni-orphan\n"
                    + "ip link set cali0deadbeef00 up\n"),
    STALE_VETH_WITH_POD_NAME(C8, "pinger",
            "the pod's veth renamed, and a stale veth with the pod's cali name paired with another netns",
            EnumSet.of(C1, C2, C3, C4, C5, C9, C10, C11),
            lab -> {
                WiredPod p = lab.pod("pinger");
                return "ip link set " + p.hostVeth() + " down\nip link set " + p.hostVeth() + " name cali00000000001\n"
                        + "ip link set cali00000000001 up\n"
                        + "ip route add " + p.pod().ip() + "/32 dev cali00000000001 scope link\n"
                        + "echo 1 > /proc/sys/net/ipv4/conf/cali00000000001/proxy_arp\n"
                        + "ip netns add cni-stale\n"
                        // iproute2 honours the peer's index only when the host end's index is given too
                        + "ip link add " + p.hostVeth() + " index 177 type veth peer index 7 name eth9 netns cni-stale\n";
            }),
    PROXY_ARP_OFF(C9, "app", "proxy_arp turned off on the pod's cali link",
            EnumSet.of(C1, C2, C3, C4, C5, C6, C7, C8, C10),
            lab -> "echo 0 > /proc/sys/net/ipv4/conf/" + lab.pod("app").hostVeth() + "/proxy_arp\n"),
    HOST_ROUTE_DELETED(C9, "app", "the node's /32 route to the pod deleted",
            EnumSet.of(C1, C2, C3, C4, C5, C6, C7, C8, C10),
            lab -> "ip route del " + lab.pod("app").pod().ip() + "/32\n"),
    SIDECAR_IN_OTHER_NETNS(C10, "app", "the sidecar restarted in a netns other than the pause process's",
            EnumSet.of(C2, C3, C4, C5, C6, C7, C8, C9, C11),
            lab -> "ip netns add cni-elsewhere\n" + restartContainer(lab.pod("app"), "sidecar",
                    "nsenter --net=/var/run/netns/cni-elsewhere --ipc=/proc/$p/ns/ipc --uts=/proc/$p/ns/uts --"));

    private final ClaimId claim;
    private final String targetPod;
    private final String description;
    private final Set<ClaimId> independent;
    private final Function<LabNode, String> script;

    LabFault(ClaimId claim, String targetPod, String description, Set<ClaimId> independent,
             Function<LabNode, String> script) {
        this.claim = claim;
        this.targetPod = targetPod;
        this.description = description;
        this.independent = independent;
        this.script = script;
    }

    public ClaimId claim() {
        return claim;
    }

    /** The pod whose claim breaks, or Verdict.NODE_SCOPE for a node-wide claim. */
    public String targetPod() {
        return targetPod;
    }

    public String description() {
        return description;
    }

    public Set<ClaimId> independent() {
        return independent;
    }

    /** Mutates the lab node's kernel state. */
    public void inject(LabNode lab) {
        lab.run("inject " + name(), script.apply(lab));
    }

    /** Replaces a container's process by one started with other namespaces, and updates the runtime's record. */
    private static String restartContainer(WiredPod pod, String container, String enter) {
        String id = pod.containerIds().get(container);
        return "read -r p < $S/pids/" + pod.sandboxId() + "\n"
                + "read -r old < $S/pids/" + id + "\nkill $old\nrm $S/pids/" + id + "\n"
                + "setsid -f " + enter + " bash -c \"echo \\$\\$ > $S/pids/" + id + "; exec -a " + container
                + " sleep infinity\" </dev/null >/dev/null 2>&1\n"
                + "wait_pid " + id + "\n"
                + "record_container " + id + " " + pod.sandboxId() + " " + container + " " + pod.pod().namespace()
                + " " + pod.pod().name() + "\n";
    }
}
