package io.podwire.run;

import io.podwire.verdict.ClaimId;
import io.podwire.node.ExpectedPod;

import java.util.List;
import java.util.Map;

/**
 * What a run tells its record while it goes: the target chosen and described, the pods it sets out to check, the
 * upgrade gate's steps, diagnostics. The providers and the upgrade gate call it; the report package listens (its
 * listener writes the run record and the Allure evidence), so no provider writes the report itself.
 */
public interface RunEvents {

    /** What the run is pointed at, said before the target starts: a run whose target never came up still names it. */
    void targetChosen(String cluster);

    /** A lab target with a fault injected on purpose. */
    void labFaultInjected(String cluster, String fault, ClaimId claim, String pod, String description);

    /** What the cluster is (or is intended to be, before it is up), as its provider knows it. */
    void clusterDescribed(String provider, String kubernetesVersion, String calicoVersion, Map<String, String> images);

    /** A node's container runtime and version, as the target reports it. */
    void nodeDescribed(String node, String containerRuntime);

    /** The pods the run sets out to check; any left without a verdict is listed as not checked. */
    void podsExpected(List<ExpectedPod> pods);

    /** One judged step of the upgrade gate: PASS / FAIL / INCONCLUSIVE, a one-line summary, its file under reports/. */
    void upgradeStep(String from, String to, String step, String verdict, String summary, String file);

    /** A text for the reader of the evidence (diagnostics, logs), attached where the run is. */
    void attached(String name, String text);

    /** Tells nobody: for programs and tests that keep no record. */
    RunEvents NONE = new RunEvents() {
        @Override
        public void targetChosen(String cluster) {
        }

        @Override
        public void labFaultInjected(String cluster, String fault, ClaimId claim, String pod, String description) {
        }

        @Override
        public void clusterDescribed(String provider, String kubernetesVersion, String calicoVersion,
                                     Map<String, String> images) {
        }

        @Override
        public void nodeDescribed(String node, String containerRuntime) {
        }

        @Override
        public void podsExpected(List<ExpectedPod> pods) {
        }

        @Override
        public void upgradeStep(String from, String to, String step, String verdict, String summary, String file) {
        }

        @Override
        public void attached(String name, String text) {
        }
    };
}
