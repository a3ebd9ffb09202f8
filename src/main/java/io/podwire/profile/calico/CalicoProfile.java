package io.podwire.profile.calico;

import io.podwire.node.NetLink;
import io.podwire.node.NodeState;
import io.podwire.node.Observed;
import io.podwire.verdict.ClaimId;
import io.podwire.verdict.CniProfile;
import io.podwire.verdict.PodTrail;
import io.podwire.verdict.Verdict;

import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Calico's contract (projectcalico/calico cni-plugin and felix): C4, C5, C6, C9 judged by {@link CalicoWiringClaims},
 * C12 by {@link CalicoRecordClaims}, from the node's Calico settings ({@link CalicoNodeState}); its workload links
 * are those named with one of Felix's interface prefixes (felix endpoint_mgr.go 312).
 */
public final class CalicoProfile implements CniProfile {
    public static final CalicoProfile INSTANCE = new CalicoProfile();

    /** What the calico profile asserts beyond the catalogue's words: the README's claim table shows it. */
    private static final Map<ClaimId, String> DETAILS = Map.of(
            ClaimId.C4, "eth0 carries exactly the pod IP as /32; of eth0's routes, the pod's main table holds exactly "
                    + "`169.254.1.1 dev eth0 scope link` and `default via 169.254.1.1 dev eth0` (the host-local "
                    + "`ipam.routes` instead where the CNI config names them), unicast, proto boot; the pod's "
                    + "`ip_forward` is 0 (1 with `allow_ip_forwarding`)",
            ClaimId.C5, "the node end is `cali…@ifY` (any of Felix's interface prefixes), a veth, administratively "
                    + "`UP`, link X of `eth0@ifX`; its MAC is `ee:ee:ee:ee:ee:ee`; both ends have Calico's MTU",
            ClaimId.C6, "the host veth is Felix's first interface prefix (`cali` unless `FELIX_INTERFACEPREFIX` is "
                    + "set) + first 11 hex of sha1(\"ns.pod\") (Calico `VethNameForWorkload`; `test.pinger` → "
                    + "`calia900becc4a6`)",
            ClaimId.C7, "node-wide, every `cali…` link (any of Felix's interface prefixes) leads into a ready "
                    + "sandbox's netns",
            ClaimId.C9, "node route `<podIP> dev caliX scope link` of Felix's `DeviceRouteProtocol` (boot by "
                    + "default), to the pod's node end; on it `proxy_arp=1`, `proxy_delay=0`, `forwarding=1`, "
                    + "`route_localnet=1`, IPv6 `accept_ra=0`",
            ClaimId.C12, "Felix's endpoint-status file names the pod's node end (C6's name) as `ifaceName`, lists "
                    + "exactly eth0's addresses as `ipv4Nets`/`ipv6Nets`, and its `mac`, where the datastore keeps "
                    + "one, is eth0's");

    private CalicoProfile() {
    }

    @Override
    public String name() {
        return "calico";
    }

    @Override
    public String source() {
        return "projectcalico/calico cni-plugin/pkg/dataplane/linux/dataplane_linux.go, felix (README: the Calico tables)";
    }

    @Override
    public Observed<Predicate<NetLink>> workloadLinks(NodeState node) {
        return CalicoNodeState.of(node).felix().map(f -> l -> f.isWorkloadInterface(l.name()));
    }

    @Override
    public String workloadLinksRule(NodeState node) {
        Observed<FelixSettings> felix = CalicoNodeState.of(node).felix();
        return "a link whose name starts with one of Felix's interface prefixes " + (felix.available()
                ? felix.value().interfacePrefixes() + " (" + felix.value().prefixSource() + ")"
                : "(default " + FelixSettings.DEFAULT_PREFIX + ")");
    }

    @Override
    public Optional<String> detail(ClaimId claim) {
        return Optional.ofNullable(DETAILS.get(claim));
    }

    @Override
    public Verdict podAddressing(PodTrail trail, NodeState node) {
        return CalicoWiringClaims.c4Slash32AndGatewayRoutes(trail, node);
    }

    @Override
    public Verdict hostEnd(PodTrail trail, NodeState node) {
        return CalicoWiringClaims.c5HostEndIsCaliVethIntoPodNetns(trail, node);
    }

    @Override
    public Verdict hostEndName(PodTrail trail, NodeState node) {
        return CalicoWiringClaims.c6HostVethNameFromWorkload(trail, node);
    }

    @Override
    public Verdict nodeRouting(PodTrail trail, NodeState node) {
        return CalicoWiringClaims.c9NodeRoutesPodThroughCali(trail, node);
    }

    @Override
    public Verdict ownRecord(PodTrail trail, NodeState node) {
        return CalicoRecordClaims.c12FelixRecordAgreesWithKernel(trail, node);
    }
}
