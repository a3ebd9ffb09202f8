package io.podwire.cluster;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every workflow in ci/github/: inputs never pasted into a shell, reports that fail loudly, pinned releases. */
class GithubWorkflowsTest {
    private static final Path DIR = Path.of(System.getProperty("basedir", "."), "ci", "github");

    @Test
    void noRunLinePastesAnExpressionIntoTheShell() throws IOException {
        // GitHub's hardening guide: an expression in `run:` is substituted before the shell parses it (injection)
        runs().forEach((where, run) -> assertFalse(run.contains("${{"), where + " pastes an expression: " + run));
    }

    @Test
    void theAllureReportIsBuiltByCiReportShAndAFailureIsNotHidden() throws IOException {
        Map<String, String> runs = runs();
        runs.forEach((where, run) -> {
            assertFalse(run.contains("|| true") && run.contains("allure"), where + " hides a report failure: " + run);
            assertFalse(run.contains("allure:report"), where + " calls allure-maven offline directly: " + run);
        });
        assertTrue(runs.values().stream().anyMatch(r -> r.strip().equals("ci/report.sh")), "ci/report.sh is run");
    }

    @Test
    void kindIsPinnedToItsLatestStableReleaseAndThatReleasesNodeImage() throws IOException {
        JsonNode env = read(DIR.resolve("conformance.yml")).path("jobs").path("kind").path("env");

        // kind tags: v0.32.0 is the newest release; v0.33.0 exists only as v0.33.0-alpha
        assertEquals("v0.32.0", env.path("KIND_VERSION").asString());
        // kind v0.32.0 pkg/apis/config/defaults/image.go
        assertEquals("kindest/node:v1.36.1@sha256:3489c7674813ba5d8b1a9977baea8a6e553784dab7b84759d1014dbd78f7ebd5",
                env.path("KIND_NODE_IMAGE").asString());
    }

    @Test
    void everyWorkflowReadsTheRepositoryOnlyAndUsesTheNode24ReleasesOfItsActions() throws IOException {
        // Node-24 majors (GitHub runs actions on Node 24 since June 2026): checkout v5, setup-java v5, upload-artifact v6
        Map<String, String> current = Map.of("actions/checkout", "v5", "actions/setup-java", "v5",
                "actions/upload-artifact", "v6");
        try (DirectoryStream<Path> files = Files.newDirectoryStream(DIR, "*.yml")) {
            for (Path f : files) {
                JsonNode wf = read(f);
                assertEquals("read", wf.path("permissions").path("contents").asString(), f + ": permissions.contents");
                assertEquals(1, wf.path("permissions").size(), f + ": no permission beyond contents: read");
                for (String job : wf.path("jobs").propertyNames()) {
                    for (JsonNode step : wf.path("jobs").path(job).path("steps")) {
                        String uses = step.path("uses").asString("");
                        if (!uses.isEmpty()) {
                            String action = uses.substring(0, uses.indexOf('@'));
                            assertEquals(current.get(action), uses.substring(uses.indexOf('@') + 1), f + " " + job + ": " + uses);
                        }
                    }
                }
            }
        }
    }

    @Test
    void noWorkflowSourcesPrepareMachineShWhichInstallsDebianOnlyPackages() throws IOException {
        // ci/prepare-machine.sh installs Debian's chromium (Ubuntu runners have no such package) and builds the lab image
        runs().forEach((where, run) -> assertFalse(run.contains("prepare-machine.sh"), where + ": " + run));
    }

    /** Every step's `run:` of every workflow, keyed by file, job and step. */
    private static Map<String, String> runs() throws IOException {
        Map<String, String> runs = new LinkedHashMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(DIR, "*.yml")) {
            for (Path f : files) {
                JsonNode jobs = read(f).path("jobs");
                for (String job : jobs.propertyNames()) {
                    for (JsonNode step : jobs.path(job).path("steps")) {
                        if (step.has("run")) {
                            runs.put(f.getFileName() + " " + job + " / " + step.path("name").asString("?"),
                                    step.path("run").asString());
                        }
                    }
                }
            }
        }
        assertFalse(runs.isEmpty(), "run steps found in " + DIR);
        return runs;
    }

    private static JsonNode read(Path f) throws IOException {
        return YAMLMapper.builder().build().readTree(Files.readString(f));
    }
}
