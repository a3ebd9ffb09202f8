package io.podwire.report;

import io.podwire.InfrastructureException;
import io.podwire.claims.ClaimEngine;
import io.podwire.claims.ClaimId;
import io.podwire.claims.ExpectedPod;
import io.podwire.claims.Verdict;
import io.podwire.node.NodeState;
import io.podwire.node.NodeStateReader;
import io.podwire.node.PodSideViews;
import io.podwire.node.RawSnapshot;
import io.qameta.allure.Allure;
import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.FileSystemResultsWriter;
import io.qameta.allure.model.Label;
import io.qameta.allure.model.Status;
import io.qameta.allure.model.TestResult;
import io.qameta.allure.util.ResultsUtils;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A report of fixture claims for developing and checking the HTML report without a cluster: the real claim
 * engine and ClaimReport on two recorded lab snapshots (a correctly wired node, and one whose web pod's netns
 * was unpinned), plus an infrastructure failure. Only the JUnit driver is simulated, so that these fixture
 * results go to their own directory and never into reports/allure-results.
 */
final class ReportDemo {
    static final Path DIR = Path.of("target/report-demo");
    static final String HEALTHY = "lab-node-1";
    static final String FAULTY = "lab-node-2";

    private ReportDemo() {
    }

    /** Writes DIR/allure-results (+ categories and environment) and DIR/verdicts.json, replacing earlier ones. */
    static Path write(Path dir) {
        Path results = dir.resolve("allure-results");
        clear(results);
        try {
            Files.deleteIfExists(dir.resolve("verdicts.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AllureLifecycle previousLifecycle = Allure.getLifecycle();
        RunRecorder recorder = new RunRecorder();
        RunRecorder previousRecorder = RunRecorder.use(recorder);
        AllureLifecycle lifecycle = new AllureLifecycle(new FileSystemResultsWriter(results));
        Allure.setLifecycle(lifecycle);
        try {
            ClaimReport.describeCluster("lab node (podwire lab container; no Kubernetes)", "n/a (lab)",
                    "n/a (lab: Calico's wiring done by hand)", Map.of());
            healthyNode(lifecycle);
            faultyNode(lifecycle);
            infrastructure(lifecycle);
        } finally {
            Allure.setLifecycle(previousLifecycle);
            RunRecorder.use(previousRecorder);
        }
        try {
            Files.copy(AllureCategories.FILE, results.resolve("categories.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RunFiles files = new RunFiles(dir, results, Path.of("."));
        RunEnvironment env = recorder.environment("report-demo", "demo", RunFiles.gitCommit(Path.of(".")));
        files.mergeEnvironment(env.allureEntries());
        VerdictsFile.write(files.verdictsJson(), env, recorder.verdicts());
        return results;
    }

    private static void healthyNode(AllureLifecycle lifecycle) {
        RawSnapshot raw = snapshot("/fixtures/lab/snapshot-3pods.txt", HEALTHY);
        NodeState state = NodeStateReader.read(raw);
        List<ExpectedPod> pods = pods(HEALTHY);
        List<Verdict> verdicts = ClaimEngine.evaluate(pods, state, PodSideViews.none());
        for (ClaimId claim : ClaimId.values()) {
            test(lifecycle, "Lab node, correct wiring (report demo)", claim.title(), "holds" + claim.name(), () -> {
                ClaimReport.attachSnapshot(raw);
                if (claim == ClaimId.C1) {
                    ClaimReport.attachWiring(pods, state);
                }
                ClaimReport.check(claim, verdicts.stream().filter(v -> v.claim() == claim).toList());
            });
        }
    }

    private static void faultyNode(AllureLifecycle lifecycle) {
        RawSnapshot raw = snapshot("/fixtures/lab/snapshot-web-netns-unpinned.txt", FAULTY);
        NodeState state = NodeStateReader.read(raw);
        List<ExpectedPod> pods = pods(FAULTY);
        List<Verdict> c2 = ClaimEngine.evaluate(pods, state, PodSideViews.none()).stream()
                .filter(v -> v.claim() == ClaimId.C2).toList();
        test(lifecycle, "Lab node, fault injected: web's netns unpinned (report demo)",
                ClaimId.C2.title(), "unpinnedNetnsViolatesC2", () -> {
                    ClaimReport.attachSnapshot(raw);
                    ClaimReport.check(ClaimId.C2, c2);
                });
    }

    private static void infrastructure(AllureLifecycle lifecycle) {
        test(lifecycle, "k3s cluster (report demo)", ClaimId.C1.title(), "k3sClusterC1", () -> {
            throw new InfrastructureException("k3s did not start: image rancher/k3s:v1.31.4-k3s1 could not be"
                    + " pulled from docker.io (registry unreachable); mirror it and pass -Dpodwire.k3s.image=…");
        });
    }

    private static void test(AllureLifecycle lifecycle, String suite, String name, String method, Runnable body) {
        String uuid = UUID.randomUUID().toString();
        String fullName = "io.podwire.report.demo." + suite.replaceAll("\\W+", "") + "." + method;
        lifecycle.scheduleTestCase(new TestResult().setUuid(uuid).setName(name).setFullName(fullName)
                .setHistoryId(UUID.nameUUIDFromBytes(fullName.getBytes(StandardCharsets.UTF_8)).toString())
                .setTestCaseId(fullName).setLabels(new java.util.ArrayList<>(List.of(
                        new Label().setName("suite").setValue(suite),
                        new Label().setName("package").setValue("io.podwire.report.demo"),
                        new Label().setName("testMethod").setValue(method),
                        new Label().setName("framework").setValue("junit-platform"),
                        new Label().setName("language").setValue("java")))));
        lifecycle.startTestCase(uuid);
        try {
            body.run();
            lifecycle.updateTestCase(uuid, t -> t.setStatus(Status.PASSED));
        } catch (RuntimeException | AssertionError e) {
            lifecycle.updateTestCase(uuid, t -> t.setStatus(ResultsUtils.getStatus(e).orElse(Status.BROKEN))
                    .setStatusDetails(ResultsUtils.getStatusDetails(e).orElse(null)));
        } finally {
            lifecycle.stopTestCase(uuid);
            lifecycle.writeTestCase(uuid);
        }
    }

    private static List<ExpectedPod> pods(String node) {
        return List.of(new ExpectedPod("test", "pinger", node, "10.42.0.10", List.of("pinger"), false),
                new ExpectedPod("test", "app", node, "10.42.0.11", List.of("nginx", "sidecar"), false),
                new ExpectedPod("test", "web", node, "10.42.0.12", List.of("web"), false));
    }

    private static RawSnapshot snapshot(String resource, String node) {
        try (InputStream in = ReportDemo.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the test classpath");
            }
            return RawSnapshot.parse(node, Instant.parse("2026-11-29T06:30:00Z"), "NONCE",
                    new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void clear(Path dir) {
        try {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not clear " + dir, e);
        }
    }
}
