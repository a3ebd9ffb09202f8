package io.podwire.report;

import io.podwire.Scrubber;
import io.podwire.verdict.ClaimId;
import io.podwire.verdict.Verdict;

import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the run was pointed at and why: the target (k3s, kind, kubeconfig, lab), the exact -D properties that chose
 * it (podwire.*, calico.*; $KUBECONFIG's path), and the fault a lab target injected on purpose, if any.
 */
public record RunTarget(String cluster, Map<String, String> chosenBy, LabFault labFault) {
    public static final RunTarget UNKNOWN = new RunTarget(RunEnvironment.UNKNOWN, Map.of(), null);

    /**
     * A fault the lab target injected before the run. Every verdict that is not a PASS in such a run is marked with
     * it: the fault is the one change made on purpose, and which other claims it breaks is kernel behaviour (proxy_arp
     * off breaks C9 and, through it, C11), not something the run can tell apart from a regression. The fault's own
     * claim and pod are its target; the others are marked as seen under the fault.
     */
    public record LabFault(String fault, ClaimId claim, String pod, String description) {
        boolean marks(Verdict v) {
            return v.status() != Verdict.Status.PASS;
        }

        /** The claim and pod the fault is declared to break (LabFault's claim and target pod). */
        boolean isTarget(String verdictClaim, String verdictPod) {
            return claim.name().equals(verdictClaim) && pod.equals(verdictPod);
        }
    }

    public RunTarget {
        chosenBy = Map.copyOf(chosenBy);
    }

    /** The run's own bookkeeping properties say nothing about the target. */
    private static final Set<String> BOOKKEEPING = Set.of(RunFiles.RECORD_PROPERTY,
            "podwire.run.id", "podwire.reports.directory");

    /** The target-choosing properties as this JVM received them (failsafe passes Maven's -D on), scrubbed. */
    static Map<String, String> chosenBy(Properties system, Map<String, String> env) {
        Map<String, String> chosen = new TreeMap<>();
        system.stringPropertyNames().stream()
                .filter(k -> k.startsWith("podwire.") || k.startsWith("calico."))
                .filter(k -> !BOOKKEEPING.contains(k))
                .forEach(k -> chosen.put("-D" + k, Scrubber.scrub(system.getProperty(k))));
        if (env.get("KUBECONFIG") != null) {
            chosen.put("$KUBECONFIG", env.get("KUBECONFIG"));
        }
        if (!chosen.containsKey("-Dpodwire.cluster")) {
            chosen.put("-Dpodwire.cluster", "(not set: the default target)");
        }
        return chosen;
    }

    static RunTarget of(String cluster, LabFault fault) {
        return new RunTarget(RunEnvironment.orUnknown(cluster), chosenBy(System.getProperties(), System.getenv()), fault);
    }
}
