package io.podwire.profile.calico;

import io.podwire.node.CniConfigs;
import io.podwire.node.NodeState;
import io.podwire.node.NodeStateReader;
import io.podwire.node.Observed;

/**
 * What Calico's claims read of a node beyond the kernel: its CNI settings (section cni.config with
 * /var/lib/calico/mtu), Felix's interface prefixes and route protocol (felix.env) and Felix's endpoint-status
 * records (calico.endpoint-status); parsed once per node state, in the node's profile slot.
 */
public record CalicoNodeState(Observed<CalicoCniSettings> cni, Observed<FelixSettings> felix,
                              Observed<FelixEndpointStatus> endpointStatus) {

    public static CalicoNodeState of(NodeState node) {
        return node.profileState(CalicoNodeState.class, n -> new CalicoNodeState(
                NodeStateReader.parse(n.raw(), CniConfigs.SECTION, CalicoCniSettings::parse),
                NodeStateReader.parse(n.raw(), "felix.env", FelixSettings::parse),
                FelixEndpointStatus.read(n.raw())));
    }
}
