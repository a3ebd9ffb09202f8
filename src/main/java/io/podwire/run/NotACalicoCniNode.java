package io.podwire.run;

import io.podwire.InfrastructureException;
import io.podwire.node.CniConfigs;

/**
 * The node's pods are wired by another CNI (Calico, if present, enforces policy only: EKS, AKS with tigera-operator):
 * podwire's claims are Calico's CNI wiring, so none of them is judged there, and the run says why instead of failing
 * C5/C9 for pods that are correctly wired by their own CNI.
 */
public final class NotACalicoCniNode extends InfrastructureException {
    private final transient CniConfigs cni;

    public NotACalicoCniNode(String node, CniConfigs cni, String command) {
        super("not a Calico-CNI node: on " + node + " the runtime loads " + cni.describe() + " (`" + command
                + "`), none of which chains Calico's plugin (type calico): another CNI wires the pods and Calico, if"
                + " installed, enforces policy only; Calico's wiring claims (C1-C12 as podwire states them) do not"
                + " apply, none was judged (docs/providers.md, support table)");
        this.cni = cni;
    }

    public CniConfigs cni() {
        return cni;
    }
}
