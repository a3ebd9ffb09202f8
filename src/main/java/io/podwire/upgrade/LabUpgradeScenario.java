package io.podwire.upgrade;

import io.podwire.InfrastructureException;
import io.podwire.Log;
import io.podwire.node.ExpectedPod;
import io.podwire.lab.LabCalico;
import io.podwire.lab.LabNode;
import io.podwire.lab.LabObservation;
import io.podwire.lab.LabPod;
import io.podwire.lab.WiredPod;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The upgrade gate demonstrated on a lab node (`-Dpodwire.cluster=lab -Dpodwire.upgrade.lab=true`): the lab's pods
 * wired as containerd + Calico do; then what a Calico restart that re-adds pod veths does (CNI DEL + ADD of every pod
 * but the probe's source, one after the other, each with a short window) while the pinger probes the app; the same
 * observations, diff, outage and leak check as on a cluster. No Kubernetes and no Calico release: the kernel state is
 * real, the "upgrade" is the lab's re-wiring.
 */
public final class LabUpgradeScenario implements UpgradeRun {
    /** How long each re-wired pod's veth is gone: long enough for several probes at the default 100 ms interval. */
    static final Duration REWIRE_WINDOW = Duration.ofMillis(300);

    private final UpgradeSettings settings;
    private LabNode lab;

    public LabUpgradeScenario(UpgradeSettings settings) {
        this.settings = settings;
    }

    @Override
    public UpgradeSettings settings() {
        return settings;
    }

    @Override
    public void installFrom() {
        Log.info("upgrade demo on the lab node: " + settings.from() + " -> " + settings.to());
        lab = LabNode.start();
        lab.wire(LabPod.standard(), LabCalico.DEFAULT);
    }

    /** The lab's expected pods, as a run record should name them. */
    public List<ExpectedPod> pods() {
        return lab().expectedPods();
    }

    @Override
    public UpgradeScenario.Observation observe(String label) {
        LabObservation seen = LabObservation.of(lab());
        List<ExpectedPod> pods = lab().expectedPods();
        return new UpgradeScenario.Observation(label, pods, Map.of(LabNode.NODE_NAME, seen.state()),
                Map.of(LabNode.NODE_NAME, NodeWiring.of(pods, seen.state())), seen.verdicts());
    }

    /** Every pod but the pinger re-wired in turn while the pinger probes the app, then 20 more answers awaited. */
    @Override
    public OutageReport upgradeWhileProbing(UpgradeScenario.Observation before) {
        OutageProbe probe = LabUpgrades.probe(lab(), "app", settings.probeInterval(), settings.probeMax())
                .awaitAnswered(10);
        try {
            for (WiredPod pod : lab().pods()) {
                if (!pod.pod().name().equals(UpgradeScenario.PINGER)) {
                    Log.info("re-wiring " + pod.pod().key() + ": " + LabUpgrades.rewire(lab(), pod, REWIRE_WINDOW).describe());
                }
            }
            probe.awaitAnswered(probe.answeredSoFar() + UpgradeScenario.SETTLE_PROBES);
        } finally {
            probe.stop();
        }
        return probe.collect();
    }

    /** The pinger removed with CNI DEL and wired again: it gets a new netns and veth. */
    @Override
    public void churnPinger() {
        WiredPod pinger = lab().pod(UpgradeScenario.PINGER);
        lab().unwire(pinger);
        lab().wire(LabPod.standard().stream().filter(p -> p.name().equals(UpgradeScenario.PINGER)).toList());
    }

    @Override
    public void collectDiagnostics(String reason) {
        // the lab node's whole state is in each observation's snapshot; nothing else to collect
    }

    private LabNode lab() {
        if (lab == null) {
            throw new InfrastructureException("no lab node: it failed to start earlier");
        }
        return lab;
    }

    @Override
    public void close() {
        if (lab != null) {
            lab.close();
        }
    }
}
