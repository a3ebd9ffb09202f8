package io.podwire.upgrade;

import io.podwire.run.RunEvents;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The upgrade gate's judgements and files, the same whether a real upgrade or the lab's re-wiring produced them: a
 * wiring diff per node against the allow-list, the outage against the tolerated bound, a leak check per node after
 * pod churn. Each is written under reports/upgrade/ and recorded as a step of the run record (verdicts.json
 * "upgrade", the sign-off page, the bundle).
 */
public final class UpgradeGate {
    /** One judged step: its name, PASS / FAIL / INCONCLUSIVE, a one-line summary, and its file under reports/. */
    public record Step(String name, String verdict, String summary, String file) {
    }

    private final Path dir;
    private final UpgradeSettings settings;
    private final AllowList allowList;
    private final RunEvents events;

    /** A gate writing its files to {@code dir} and telling {@code events} (the run record) each judged step. */
    public UpgradeGate(Path dir, UpgradeSettings settings, AllowList allowList, RunEvents events) {
        this.events = events;
        this.dir = dir;
        this.settings = settings;
        this.allowList = allowList;
    }

    /** Empties the folder: its files are this run's, never an earlier run's. */
    public void clear() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> old = Files.list(dir)) {
            for (Path f : old.toList()) {
                Files.delete(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not empty " + dir, e);
        }
    }

    /** A wiring diff per node of the observation before; a node not observed after is a problem, never a pass. */
    public List<WiringDiff> diff(UpgradeScenario.Observation before, UpgradeScenario.Observation after) {
        List<WiringDiff> diffs = new ArrayList<>();
        for (Map.Entry<String, NodeWiring> e : before.wiring().entrySet()) {
            NodeWiring a = after.wiring().get(e.getKey());
            WiringDiff d = WiringDiff.between(e.getValue(), a == null ? new NodeWiring(e.getKey(), new TreeMap<>(),
                    new TreeMap<>(), List.of("node " + e.getKey() + " was not observed after the upgrade")) : a, allowList);
            String name = "wiring-diff-" + e.getKey() + ".json";
            GateFiles.write(dir, name, d.toJson());
            record(new Step("wiring diff " + e.getKey(), d.verdict(), d.changes().size() + " changes, "
                    + d.allowed().size() + " allowed by " + d.allowListSource() + ", " + d.problems().size()
                    + " not observed", "upgrade/" + name));
            diffs.add(d);
        }
        return diffs;
    }

    /** The probe's result: PASS when probes were sent, every gap recovered and the longest is within the bound. */
    public Step outage(OutageReport outage) {
        GateFiles.write(dir, "outage.json", outage.toJson());
        boolean recovered = outage.gaps().stream().allMatch(OutageReport.Gap::recovered);
        String verdict = outage.sent() == 0 ? "INCONCLUSIVE"
                : recovered && outage.outage().compareTo(settings.maxOutage()) <= 0 ? "PASS" : "FAIL";
        return record(new Step("outage", verdict, outage.sent() + " probes, " + outage.lost() + " lost, longest gap "
                + outage.outage().toMillis() + " ms (tolerated " + settings.maxOutage().toMillis() + " ms)"
                + (recovered ? "" : ", traffic did not recover")
                + (recovered && outage.received() > 0 ? "" : "; " + POLICY_MAY_DROP), "upgrade/outage.json"));
    }

    /**
     * Why a probe that never got through may say nothing about the wiring: podwire allows its own probe in its
     * namespace (manifests/allow-probe.yaml), but a cluster-wide deny evaluated first can still drop it.
     */
    static final String POLICY_MAY_DROP = io.podwire.claims.PodWiringClaims.POLICY_MAY_DROP;

    /** What is left over on each node after the pod churn; anything left fails. */
    public List<WiringChange> leakCheck(String node, NodeWiring churned) {
        List<WiringChange> left = WiringDiff.leftovers(churned);
        String name = "leak-check-" + node + ".json";
        GateFiles.write(dir, name, GateFiles.json(Map.of("node", node, "leftovers",
                left.stream().map(WiringChange::describe).toList())));
        record(new Step("leak check " + node, left.isEmpty() ? "PASS" : "FAIL", left.size() + " leftovers after the"
                + " pinger was deleted and recreated", "upgrade/" + name));
        return left;
    }

    /** summary.md: the readable summary CI appends to the job summary. */
    public void summary(List<WiringDiff> diffs, OutageReport outage) {
        StringBuilder sb = new StringBuilder("## podwire upgrade gate: " + settings.from() + " -> " + settings.to()
                + "\n\n");
        diffs.forEach(d -> sb.append("```\n").append(d.summary()).append("```\n\n"));
        if (outage != null) {
            sb.append("```\n").append(outage.summary()).append("\n```\n");
        }
        GateFiles.write(dir, "summary.md", sb.toString());
    }

    private Step record(Step s) {
        events.upgradeStep(settings.from(), settings.to(), s.name(), s.verdict(), s.summary(), s.file());
        return s;
    }
}
