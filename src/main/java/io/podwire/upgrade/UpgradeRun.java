package io.podwire.upgrade;

/**
 * One upgrade gate run, whatever performs the change: a real Calico upgrade on a cluster (UpgradeScenario), or the
 * lab node's re-wiring as a Calico restart does it (LabUpgradeScenario). CalicoUpgradeIT drives either, step by step.
 */
public interface UpgradeRun extends AutoCloseable {
    UpgradeSettings settings();

    /** The starting point: the cluster with Calico `from` and the workload Ready (or the lab node wired). */
    void installFrom();

    /** One snapshot per node of the workload, every claim, and the wiring. */
    UpgradeScenario.Observation observe(String label);

    /** The change, while the pinger probes the app; returns what the probe saw once traffic flows again. */
    OutageReport upgradeWhileProbing(UpgradeScenario.Observation before);

    /** Deletes and recreates the pinger, as a rollout of a workload would. */
    void churnPinger();

    /** The target's state for the report, before anything is torn down; never throws. */
    void collectDiagnostics(String reason);

    @Override
    void close();
}
