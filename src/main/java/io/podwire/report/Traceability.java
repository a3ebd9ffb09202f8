package io.podwire.report;

import io.podwire.verdict.ClaimId;
import io.podwire.lab.LabFault;
import io.qameta.allure.Story;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.discovery.ClassNameFilter;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import tools.jackson.databind.JsonNode;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The traceability table lab step → claim ID → test → evidence, generated from the code itself: JUnit discovers
 * every suite test (*Test, *IT) and the ones whose display name starts with a claim ID are that claim's tests;
 * Allure @Story must agree. Evidence = the commands whose output decided that claim in verdicts.json.
 */
final class Traceability {
    private static final Pattern CLAIM_PREFIX = Pattern.compile("^(C\\d{1,2})\\b.*");
    private static final String FAULT_TEST = "io.podwire.lab.FaultInjectionIT";
    private static final String CONFORMANCE_TEST = "io.podwire.conformance.PodWiringIT";
    private static final String[] SUITE_CLASSES = {"^(Test.*|.+[.$]Test.*|.*Tests?)$", ".*IT$", ".*ITCase$"};

    private Traceability() {
    }

    /** One claim test: its claim (from the display name), where it lives, and its @Story values. */
    record Entry(ClaimId claim, String testClass, String method, String displayName, List<String> stories) {
        String kind() {
            // fault-injection tests are named "C4 fault …": they pass when the claim is caught failing
            if (displayName.startsWith(claim + " fault")) {
                return "lab fault injection (claim must fail)";
            }
            return testClass.endsWith("IT") || testClass.endsWith("ITCase") ? "conformance IT (mvn verify)"
                    : "lab self-test (mvn test)";
        }

        Optional<String> mismatch() {
            List<String> claimStories = stories.stream().filter(s -> s.matches("C\\d{1,2}")).toList();
            return claimStories.isEmpty() || claimStories.contains(claim.name()) ? Optional.empty()
                    : Optional.of("@Story " + claimStories + " but display name says " + claim);
        }
    }

    /** Discovers the suite's tests in io.podwire without running them and without any listener. */
    static List<Entry> discover() {
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false)
                .enablePostDiscoveryFilterAutoRegistration(false)
                .enableLauncherSessionListenerAutoRegistration(false)
                .enableLauncherDiscoveryListenerAutoRegistration(false).build());
        TestPlan plan = launcher.discover(LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectPackage("io.podwire"))
                .filters(ClassNameFilter.includeClassNamePatterns(SUITE_CLASSES)).build());
        List<Entry> out = new ArrayList<>(entries(plan));
        out.addAll(conformanceEntries());
        out.addAll(faultEntries());
        return sorted(out);
    }

    /** One row per claim of the catalogue: PodWiringIT runs each, parameterised, named by the claim's title. */
    static List<Entry> conformanceEntries() {
        return Arrays.stream(ClaimId.values()).map(c -> new Entry(c, CONFORMANCE_TEST,
                "claimHoldsForEveryPod[" + c.name() + "]", c.title(), List.of())).toList();
    }

    /** One row per fault of the catalogue: FaultInjectionIT runs each, parameterised, as "Cn fault NAME: …". */
    static List<Entry> faultEntries() {
        return Arrays.stream(LabFault.values()).map(f -> new Entry(f.claim(), FAULT_TEST,
                "faultBreaksItsClaimForItsPodAndNothingUndeclared[" + f.name() + "]", f.claim() + " fault " + f.name()
                + ": " + f.description(), List.of())).toList();
    }

    static List<Entry> entries(TestPlan plan) {
        List<Entry> out = new ArrayList<>();
        for (TestIdentifier root : plan.getRoots()) {
            for (TestIdentifier id : plan.getDescendants(root)) {
                Optional<TestSource> source = id.getSource();
                if (source.isPresent() && source.get() instanceof MethodSource ms) {
                    entry(id.getDisplayName(), ms).ifPresent(out::add);
                }
            }
        }
        return sorted(out);
    }

    /** By claim, then test class and method; each test once (a class can be reached through several roots). */
    private static List<Entry> sorted(List<Entry> entries) {
        return entries.stream().distinct().sorted(Comparator.comparing((Entry e) -> e.claim().ordinal())
                .thenComparing(Entry::testClass).thenComparing(Entry::method)).toList();
    }

    /** A claim test when its display name starts with a known claim ID. */
    static Optional<Entry> entry(String displayName, MethodSource ms) {
        Matcher m = CLAIM_PREFIX.matcher(displayName);
        if (!m.matches() || Arrays.stream(ClaimId.values()).noneMatch(c -> c.name().equals(m.group(1)))) {
            return Optional.empty();
        }
        return Optional.of(new Entry(ClaimId.valueOf(m.group(1)), ms.getClassName(), ms.getMethodName(), displayName,
                stories(ms)));
    }

    private static List<String> stories(MethodSource ms) {
        List<String> s = new ArrayList<>();
        try {
            Method m = ms.getJavaMethod();
            Arrays.stream(m.getDeclaringClass().getAnnotationsByType(Story.class)).forEach(a -> s.add(a.value()));
            Arrays.stream(m.getAnnotationsByType(Story.class)).forEach(a -> s.add(a.value()));
        } catch (RuntimeException notLoadable) {
            // a method JUnit found but reflection can't load: the table still lists it, without stories
        }
        return List.copyOf(s);
    }

    /** Evidence per claim: the distinct commands in verdicts.json, with per-pod names made generic. */
    static Map<ClaimId, Set<String>> evidence(Path verdictsJson) {
        Map<ClaimId, Set<String>> out = new TreeMap<>();
        if (!Files.isRegularFile(verdictsJson)) {
            return out;
        }
        for (JsonNode r : VerdictsFile.read(verdictsJson).path("verdicts")) {
            ClaimId claim = ClaimId.valueOf(r.path("claim").asString());
            r.path("commands").forEach(c -> out.computeIfAbsent(claim, k -> new LinkedHashSet<>()).add(generic(c.asString())));
        }
        return out;
    }

    static String generic(String command) {
        return command.replaceAll("cali[0-9a-f]{11}", "caliXXXXXXXXXXX")
                .replaceAll("cni-[0-9a-f]{8}-[0-9a-f-]{27}", "cni-UUID")
                .replaceAll("/proc/\\d+/", "/proc/PID/")
                .replaceAll("/tmp/[^ ]+", "/tmp/…");
    }

    static String markdown(List<Entry> entries, Map<ClaimId, Set<String>> evidence) {
        StringBuilder sb = new StringBuilder("""
                # Traceability: lab step → claim → test → evidence

                Generated at the end of every test run from the code (JUnit discovery of `@DisplayName("C… …")`,
                Allure `@Story`) and from `reports/verdicts.json` (the commands whose output decided each claim).
                Do not edit: it is rewritten on each run.

                | lab step | claim | what is claimed | test | kind | evidence (commands that decided it) |
                |---|---|---|---|---|---|
                """);
        for (ClaimId claim : ClaimId.values()) {
            List<Entry> tests = entries.stream().filter(e -> e.claim() == claim).toList();
            String ev = String.join("<br>", evidence.getOrDefault(claim, Set.of()).stream()
                    .map(c -> "`" + cell(c) + "`").toList());
            ev = ev.isEmpty() ? "no verdict recorded yet" : ev;
            if (tests.isEmpty()) {
                sb.append(row(claim, "**no test yet**", "", ev));
            }
            for (Entry e : tests) {
                String test = "`" + simple(e.testClass()) + "#" + e.method() + "`"
                        + e.mismatch().map(w -> " ⚠ " + w).orElse("");
                sb.append(row(claim, test, e.kind(), ev));
            }
        }
        return sb.toString();
    }

    static void write(Path file, List<Entry> entries, Path verdictsJson) {
        RunFiles.writeText(file, markdown(entries, evidence(verdictsJson)));
    }

    private static String row(ClaimId claim, String test, String kind, String evidence) {
        return "| " + cell(claim.labStep()) + " | " + claim + " | " + cell(claim.sentence()) + " | " + test + " | "
                + kind + " | " + evidence + " |\n";
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    private static String simple(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
