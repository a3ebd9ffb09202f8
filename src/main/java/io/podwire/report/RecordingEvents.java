package io.podwire.report;

import io.podwire.verdict.ClaimId;
import io.podwire.node.ExpectedPod;
import io.podwire.run.RunEvents;

import java.util.List;
import java.util.Map;

/** The report's listener of a run: every event goes to the run record (verdicts.json, sign-off) and the Allure evidence. */
public final class RecordingEvents implements RunEvents {

    @Override
    public void targetChosen(String cluster) {
        ClaimReport.describeTarget(cluster);
    }

    @Override
    public void labFaultInjected(String cluster, String fault, ClaimId claim, String pod, String description) {
        ClaimReport.describeTarget(cluster, fault, claim, pod, description);
    }

    @Override
    public void clusterDescribed(String provider, String kubernetesVersion, String calicoVersion,
                                 Map<String, String> images) {
        ClaimReport.describeCluster(provider, kubernetesVersion, calicoVersion, images);
    }

    @Override
    public void nodeDescribed(String node, String containerRuntime) {
        ClaimReport.describeNode(node, containerRuntime);
    }

    @Override
    public void podsExpected(List<ExpectedPod> pods) {
        ClaimReport.expectPods(pods);
    }

    @Override
    public void upgradeStep(String from, String to, String step, String verdict, String summary, String file) {
        ClaimReport.recordUpgradeStep(from, to, step, verdict, summary, file);
    }

    @Override
    public void attached(String name, String text) {
        ClaimReport.attach(name, text);
    }
}
