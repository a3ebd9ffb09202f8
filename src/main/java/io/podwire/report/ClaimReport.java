package io.podwire.report;

import io.podwire.Scrubber;
import io.podwire.verdict.ClaimId;
import io.podwire.verdict.ClaimInconclusiveException;
import io.podwire.verdict.Evidence;
import io.podwire.node.ExpectedPod;
import io.podwire.verdict.Verdict;
import io.podwire.verdict.VerdictAssertions;
import io.podwire.node.NodeSnapshotter;
import io.podwire.node.NodeState;
import io.podwire.node.RawSnapshot;
import io.podwire.node.Section;
import io.podwire.run.NotJudged;
import io.qameta.allure.Allure;
import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.model.Label;
import io.qameta.allure.model.Parameter;
import io.qameta.allure.model.Status;
import io.qameta.allure.model.StatusDetails;
import io.qameta.allure.model.StepResult;
import io.qameta.allure.model.TestResult;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Turns verdicts into auditor-grade evidence for the CURRENT JUnit test: Allure labels (epic = the lab, feature =
 * claim family, story = claim ID, severity), parameters (namespace, pod, node), one step per verdict with
 * observe → evaluate → verdict sub-steps, and attachments (commands, the raw lines that decided, parsed values as
 * JSON) on PASS too. Every verdict also goes to the run's verdicts.json. Everything written is scrubbed first.
 */
public final class ClaimReport {
    public static final String EPIC = "Pod network namespace & veth lab";
    static final int MAX_EXCERPT_CHARS = 64 * 1024;
    static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private ClaimReport() {
    }

    /**
     * Records every verdict of one claim, then passes, fails (AssertionError: violated) or errors
     * (ClaimInconclusiveException: could not observe). No verdict at all is inconclusive, never a pass.
     */
    public static void check(ClaimId claim, List<Verdict> verdicts) {
        verdicts.forEach(ClaimReport::record);
        if (verdicts.isEmpty()) {
            throw new ClaimInconclusiveException(claim + " INCONCLUSIVE: no verdict was produced, so nothing was"
                    + " observed — expected: one verdict per pod; observed: none");
        }
        List<ClaimId> others = verdicts.stream().map(Verdict::claim).filter(c -> c != claim).distinct().toList();
        if (!others.isEmpty()) {
            throw new IllegalArgumentException("check(" + claim + ") got verdicts of " + others);
        }
        VerdictAssertions.assertAllHold(verdicts.stream().map(ClaimReport::scrub).toList());
    }

    /** Records one verdict in the current test (and in verdicts.json) without deciding the test's outcome. */
    public static Verdict record(Verdict raw) {
        return record(raw, null);
    }

    /**
     * Records a verdict that a deliberately injected fault made false (fault-injection tests): the same evidence,
     * but marked in its step and in verdicts.json ("injectedFault"), so that CI gates can tell it from a regression.
     */
    public static Verdict recordInjected(Verdict raw, String fault) {
        return record(raw, Scrubber.scrub(fault));
    }

    private static Verdict record(Verdict raw, String fault) {
        Verdict v = scrub(raw);
        String values = valuesJson(v.evidence());
        AllureLifecycle allure = Allure.getLifecycle();
        String test = currentTest(allure).orElse("(outside a test)");
        RunRecorder run = RunRecorder.current();
        RunTarget.LabFault lab = run.target().labFault();
        String labFault = lab != null && lab.marks(v) ? lab.fault() : null;
        run.add(new RunRecorder.Recorded(v, test, values, fault, labFault));
        if (allure.getCurrentTestCaseOrStep().isEmpty()) {
            return v;
        }
        allure.updateTestCase(tr -> label(tr, v.claim()));
        allure.updateTestCase(tr -> parameters(tr, v));
        step(allure, v.claim() + " " + v.podKey() + (v.pod().equals(Verdict.NODE_SCOPE) ? "" : " on node " + v.node())
                + ": " + v.status() + (fault == null ? "" : " (fault injected: " + fault + ")")
                + (labFault == null ? "" : lab.isTarget(v.claim().name(), v.pod())
                ? " (caused by lab fault " + labFault + ", injected on purpose)"
                : " (under lab fault " + labFault + ", injected on purpose for " + lab.claim() + " " + lab.pod() + ")"), status(v.status()),
                v.reason(), s -> {
            s.getParameters().add(new Parameter().setName("namespace").setValue(v.namespace()));
            s.getParameters().add(new Parameter().setName("pod").setValue(v.pod()));
            s.getParameters().add(new Parameter().setName("node").setValue(v.node()));
            // the CNI profile the node was judged by, and how it was chosen (detected, or -Dpodwire.cni=)
            if (v.evidence().values().get("cniProfile") instanceof String profile) {
                s.getParameters().add(new Parameter().setName("CNI profile").setValue(profile));
            }
        }, () -> {
            step(allure, "observe on node " + v.node() + ": " + summary(v.evidence().commands()), Status.PASSED,
                    null, s -> { }, () -> {
                        attach(allure, "commands run on node " + v.node(), commands(v));
                        attach(allure, "raw output lines that decided " + v.claim(), excerpts(v.evidence()));
                    });
            step(allure, "evaluate: expected " + v.expected(), Status.PASSED, null, s -> {
                s.getParameters().add(new Parameter().setName("expected").setValue(v.expected()));
                s.getParameters().add(new Parameter().setName("observed").setValue(v.observed()));
            }, () -> allure.addAttachment("parsed values (JSON)", "application/json", ".json",
                    values.getBytes(StandardCharsets.UTF_8)));
            step(allure, "verdict " + v.status() + ": " + v.reason(), status(v.status()), v.reason(), s -> { }, () -> { });
        });
        return v;
    }

    /**
     * Records listed pods that churned by their node's snapshot (gone, terminating, young): in verdicts.json
     * ("notJudged") and as a skipped step of the current test naming the outcome and its reason; never a verdict.
     */
    public static void notJudged(List<NotJudged> pods) {
        AllureLifecycle allure = Allure.getLifecycle();
        for (NotJudged raw : pods) {
            NotJudged n = new NotJudged(raw.namespace(), raw.pod(), raw.node(), raw.outcome(), Scrubber.scrub(raw.reason()));
            RunRecorder.current().notJudged(n);
            if (allure.getCurrentTestCaseOrStep().isPresent()) {
                step(allure, "not judged: " + n.podKey() + " on node " + n.node() + ": " + n.outcome(), Status.SKIPPED,
                        n.reason(), s -> {
                            s.getParameters().add(new Parameter().setName("namespace").setValue(n.namespace()));
                            s.getParameters().add(new Parameter().setName("pod").setValue(n.pod()));
                            s.getParameters().add(new Parameter().setName("node").setValue(n.node()));
                            s.getParameters().add(new Parameter().setName("outcome").setValue(n.outcome().name()));
                        }, () -> { });
            }
        }
    }

    /** Attaches one node's whole snapshot and the script that produced it, once per snapshot, to the current test. */
    public static void attachSnapshot(RawSnapshot snapshot) {
        RunRecorder run = RunRecorder.current();
        run.node(new RunEnvironment.NodeFacts(snapshot.node(), stdout(snapshot, "node.kernel"),
                stdout(snapshot, "node.iproute2"), snapshot.takenAt()));
        run.snapshot(snapshot.node(), Scrubber.scrub(snapshot.output()));
        AllureLifecycle allure = Allure.getLifecycle();
        String test = currentTest(allure).orElse("(outside a test)");
        if (!run.firstSight(snapshot.node(), snapshot.takenAt(), test) || allure.getCurrentTestCaseOrStep().isEmpty()) {
            return;
        }
        step(allure, "snapshot of node " + snapshot.node() + " at " + snapshot.takenAt() + " (one exec, "
                + snapshot.sections().size() + " sections)", Status.PASSED, null, s -> { }, () -> {
            attach(allure, "snapshot script (sh -c SCRIPT podwire-snapshot NONCE)", NodeSnapshotter.SCRIPT);
            attach(allure, "raw snapshot output of node " + snapshot.node(), snapshot.output());
        });
    }

    /** Builds the node's wiring map, attaches it to the current test and prints it again at the end of the run. */
    public static WiringMap attachWiring(List<ExpectedPod> pods, NodeState state) {
        WiringMap map = WiringMap.of(pods, state);
        RunRecorder.current().wiring(map);
        AllureLifecycle allure = Allure.getLifecycle();
        if (allure.getCurrentTestCaseOrStep().isPresent()) {
            step(allure, "wiring map of node " + map.node() + " (" + map.rows().size() + " pods)", Status.PASSED, null,
                    s -> { }, () -> {
                        attach(allure, "wiring map of node " + map.node(), map.table());
                        allure.addAttachment("wiring map of node " + map.node() + " (CSV)", "text/csv", ".csv",
                                map.csv().getBytes(StandardCharsets.UTF_8));
                    });
        }
        return map;
    }

    /** What the cluster is, as its provider knows it; goes to the Allure environment and to verdicts.json. */
    public static void describeCluster(String provider, String kubernetesVersion, String calicoVersion,
                                       Map<String, String> imageDigests) {
        RunRecorder.current().cluster(new RunEnvironment.Cluster(Scrubber.scrub(provider), kubernetesVersion,
                calicoVersion, imageDigests));
    }

    /**
     * What the run is pointed at (k3s, kind, kubeconfig, lab), said before the target starts so that a run whose
     * target never came up still names it; the -D properties that chose it are read here.
     */
    public static void describeTarget(String cluster) {
        RunRecorder.current().target(RunTarget.of(cluster, null));
    }

    /** A lab target with a fault injected on purpose: every non-PASS verdict of the run is marked with it. */
    public static void describeTarget(String cluster, String fault, ClaimId claim, String pod, String description) {
        RunRecorder.current().target(RunTarget.of(cluster, new RunTarget.LabFault(fault, claim, pod, description)));
    }

    /**
     * One step of the upgrade gate (wiring diff of a node, the outage, a node's leak check) with its verdict, a one-line
     * summary and its file relative to reports/: it goes to verdicts.json ("upgrade") and the sign-off page.
     */
    public static void recordUpgradeStep(String from, String to, String step, String verdict, String summary, String file) {
        RunRecorder.current().upgradeStep(Scrubber.scrub(from), Scrubber.scrub(to), new RunEnvironment.Upgrade.Step(
                Scrubber.scrub(step), verdict, Scrubber.scrub(summary), file));
    }

    /** A node's container runtime and version, as the target reports it. */
    public static void describeNode(String node, String containerRuntime) {
        RunRecorder.current().containerRuntime(node, Scrubber.scrub(containerRuntime));
    }

    /** The pods the run sets out to check; any of them left without a verdict is listed as not checked. */
    public static void expectPods(List<ExpectedPod> pods) {
        RunRecorder.current().expect(pods);
    }

    /** A scrubbed text attachment on the current test or step (diagnostics, logs). */
    /** Something the run set out to check could not be reached: its record can then never read as completed. */
    public static void infrastructureFailed(String reason) {
        RunRecorder.current().infrastructureFailed(Scrubber.scrub(reason));
    }

    public static void attach(String name, String text) {
        attach(Allure.getLifecycle(), name, text);
    }

    static Verdict scrub(Verdict v) {
        Evidence e = v.evidence() == null ? new Evidence(List.of(), List.of(), Map.of()) : v.evidence();
        Map<String, Object> values = new LinkedHashMap<>();
        e.values().forEach((k, val) -> values.put(k, val instanceof String str ? Scrubber.scrub(str) : val));
        return new Verdict(v.claim(), v.namespace(), v.pod(), v.node(), v.status(), Scrubber.scrub(v.reason()),
                Scrubber.scrub(v.expected()), Scrubber.scrub(v.observed()),
                new Evidence(e.commands().stream().map(Scrubber::scrub).toList(),
                        e.excerpts().stream().map(Scrubber::scrub).toList(), values, e.fact(),
                        e.decidedBy() == null ? null : Scrubber.scrub(e.decidedBy())));
    }

    static String valuesJson(Evidence e) {
        try {
            return Scrubber.scrub(JSON.writeValueAsString(e.values()));
        } catch (RuntimeException notSerializable) {
            Map<String, String> asText = new LinkedHashMap<>();
            e.values().forEach((k, v) -> asText.put(k, String.valueOf(v)));
            return Scrubber.scrub(JSON.writeValueAsString(asText));
        }
    }

    static String severity(ClaimId claim) {
        return claim.severity().name().toLowerCase(java.util.Locale.ROOT);
    }

    static void label(TestResult tr, ClaimId claim) {
        addLabel(tr, "epic", EPIC, true);
        addLabel(tr, "feature", claim.family(), false);
        addLabel(tr, "story", claim.name(), false);
        addLabel(tr, "severity", severity(claim), true);
        if (tr.getDescription() == null && tr.getDescriptionHtml() == null) {
            tr.setDescription(claim.title() + " (lab step " + claim.labStep() + ")");
        }
    }

    /** Adds a label unless that exact one is there; for single-valued labels, unless any of that name is there. */
    private static void addLabel(TestResult tr, String name, String value, boolean single) {
        boolean present = tr.getLabels().stream().anyMatch(l -> l.getName().equals(name)
                && (single || value.equals(l.getValue())));
        if (!present) {
            tr.getLabels().add(new Label().setName(name).setValue(value));
        }
    }

    /** One test may judge several pods: its parameters then list them all, comma-separated. */
    static void parameters(TestResult tr, Verdict v) {
        merge(tr, "namespace", v.namespace());
        merge(tr, "pod", v.pod().equals(Verdict.NODE_SCOPE) ? "* (node-wide)" : v.pod());
        merge(tr, "node", v.node());
    }

    private static void merge(TestResult tr, String name, String value) {
        Optional<Parameter> p = tr.getParameters().stream().filter(x -> x.getName().equals(name)).findFirst();
        if (p.isEmpty()) {
            tr.getParameters().add(new Parameter().setName(name).setValue(value).setExcluded(true));
        } else if (!List.of(p.get().getValue().split(", ")).contains(value)) {
            p.get().setValue(p.get().getValue() + ", " + value);
        }
    }

    private static void step(AllureLifecycle allure, String name, Status status, String message,
                             Consumer<StepResult> setup, Runnable body) {
        String uuid = UUID.randomUUID().toString();
        StepResult step = new StepResult().setName(shorten(Scrubber.scrub(name))).setStatus(status);
        if (message != null) {
            step.setStatusDetails(new StatusDetails().setMessage(Scrubber.scrub(message)));
        }
        setup.accept(step);
        allure.startStep(uuid, step);
        try {
            body.run();
        } finally {
            allure.stopStep(uuid);
        }
    }

    private static void attach(AllureLifecycle allure, String name, String text) {
        if (allure.getCurrentTestCaseOrStep().isPresent()) {
            allure.addAttachment(Scrubber.scrub(name), "text/plain", ".txt",
                    Scrubber.scrub(text == null ? "" : text).getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String commands(Verdict v) {
        StringBuilder sb = new StringBuilder();
        v.evidence().commands().forEach(c -> sb.append("[").append(v.node()).append("]$ ").append(c).append('\n'));
        RunRecorder.current().snapshotAttachedTo(v.node()).ifPresent(t -> sb.append("\n# the whole snapshot of node ")
                .append(v.node()).append(" (every command's full output) is attached once, to test: ").append(t).append('\n'));
        return sb.length() == 0 ? "(no command recorded)\n" : sb.toString();
    }

    static String excerpts(Evidence e) {
        String all = e.excerpts().isEmpty() ? "(no raw excerpt recorded)" : String.join("\n\n", e.excerpts());
        if (all.length() <= MAX_EXCERPT_CHARS) {
            return all;
        }
        return all.substring(0, MAX_EXCERPT_CHARS) + "\n[… " + (all.length() - MAX_EXCERPT_CHARS)
                + " more characters cut: the whole snapshot is attached once per node]";
    }

    private static String summary(List<String> commands) {
        if (commands.isEmpty()) {
            return "(no command)";
        }
        return "`" + commands.get(0) + "`" + (commands.size() > 1 ? " and " + (commands.size() - 1) + " more" : "");
    }

    private static String shorten(String s) {
        String oneLine = s.replace('\n', ' ');
        return oneLine.length() <= 240 ? oneLine : oneLine.substring(0, 239) + "…";
    }

    static Status status(Verdict.Status s) {
        return switch (s) {
            case PASS -> Status.PASSED;
            case FAIL -> Status.FAILED;
            case INCONCLUSIVE -> Status.BROKEN;
            case NOT_APPLICABLE -> Status.SKIPPED;
        };
    }

    private static Optional<String> currentTest(AllureLifecycle allure) {
        if (allure.getCurrentTestCase().isEmpty()) {
            return Optional.empty();
        }
        String[] name = new String[1];
        allure.updateTestCase(tr -> name[0] = tr.getFullName() != null ? tr.getFullName() : tr.getName());
        return Optional.ofNullable(name[0]);
    }

    static String stdout(RawSnapshot s, String section) {
        return s.section(section).filter(Section::succeeded).map(Section::stdout).map(String::strip).orElse(null);
    }
}
