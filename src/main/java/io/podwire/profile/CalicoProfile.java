package io.podwire.profile;

import io.podwire.node.FelixSettings;
import io.podwire.node.NetLink;
import io.podwire.node.NodeState;
import io.podwire.node.Observed;

import java.util.Optional;
import java.util.function.Predicate;

/**
 * Calico's contract (projectcalico/calico cni-plugin and felix, the README's Calico tables): its claims' facts are
 * judged by claims/PodWiringClaims and CalicoRecordClaims, unchanged; the profile names its workload links (any of
 * Felix's interface prefixes: felix endpoint_mgr.go 312).
 */
public final class CalicoProfile implements CniProfile {
    public static final CalicoProfile INSTANCE = new CalicoProfile();

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
        return node.felix().map(f -> l -> f.isWorkloadInterface(l.name()));
    }

    @Override
    public String workloadLinksRule() {
        return "a link whose name starts with one of Felix's interface prefixes (default " + FelixSettings.DEFAULT_PREFIX + ")";
    }

    @Override
    public Optional<String> noHostEndNameRule() {
        return Optional.empty();
    }

    @Override
    public Optional<String> noOwnRecord() {
        return Optional.empty();
    }
}
