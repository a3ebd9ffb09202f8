package io.podwire.upgrade;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ci/github/upgrade-matrix.yml is valid YAML with the version matrix, the upgrade job and the published artifacts. */
@DisplayName("CI workflow: Calico version matrix and upgrade job")
class UpgradeMatrixWorkflowTest {
    private static final Path WORKFLOW = Path.of(System.getProperty("basedir", "."), "ci/github/upgrade-matrix.yml");

    @Test
    @DisplayName("The conformance job runs the two newest Calico minor lines (3.32, 3.31) on two k3s versions")
    void conformanceMatrixCoversTheTwoNewestCalicoLinesAndTwoK3sVersions() throws IOException {
        JsonNode matrix = workflow().path("jobs").path("conformance").path("strategy").path("matrix");
        List<String> calico = strings(matrix.path("calico"));
        assertEquals(List.of("3.32", "3.31"), calico.stream().map(v -> v.substring(0, v.lastIndexOf('.'))).toList(),
                "Calico minor lines in the matrix: " + calico);
        List<String> k3s = strings(matrix.path("k3s"));
        assertEquals(2, k3s.size(), "k3s versions: " + k3s);
        assertTrue(k3s.stream().allMatch(v -> v.matches("v1\\.\\d+\\.\\d+-k3s\\d+")), "k3s image tags: " + k3s);
        String run = steps(workflow().path("jobs").path("conformance"));
        assertTrue(run.contains("\"-Dcalico.version=$CALICO_VERSION\"")
                && run.contains("\"-Dpodwire.k3s.image=rancher/k3s:$K3S_TAG\""), run);
        JsonNode env = step(workflow().path("jobs").path("conformance"), "mvn verify").path("env");
        assertEquals("${{ matrix.calico }}", env.path("CALICO_VERSION").asString(), "matrix Calico through env");
        assertEquals("${{ matrix.k3s }}", env.path("K3S_TAG").asString(), "matrix k3s through env");
    }

    @Test
    @DisplayName("The upgrade job runs CalicoUpgradeIT from the previous minor line to the newest")
    void upgradeJobGoesFromThePreviousMinorLineToTheNewest() throws IOException {
        JsonNode wf = workflow();
        JsonNode inputs = wf.path("on").path("workflow_dispatch").path("inputs");
        assertEquals("3.31.7", inputs.path("calico-from").path("default").asString(), "default from");
        assertEquals("3.32.1", inputs.path("calico-to").path("default").asString(), "default to");
        String run = steps(wf.path("jobs").path("upgrade"));
        assertTrue(run.contains("-Dit.test=CalicoUpgradeIT"), run);
        assertTrue(run.contains("\"-Dcalico.from=$CALICO_FROM\"") && run.contains("\"-Dcalico.to=$CALICO_TO\""), run);
        assertEquals("${{ inputs.calico-from || '3.31.7' }}", wf.path("env").path("CALICO_FROM").asString(),
                "dispatch input through env");
        assertEquals("${{ inputs.calico-to || '3.32.1' }}", wf.path("env").path("CALICO_TO").asString(),
                "dispatch input through env");
        assertTrue(run.contains("-Dpodwire.upgrade.allowlist="), "the team's allow-list is passed when present: " + run);
    }

    @Test
    @DisplayName("Every job runs on the hosted runner as it is and publishes the Allure report and the verdicts as artifacts")
    void everyJobPublishesReports() throws IOException {
        JsonNode jobs = workflow().path("jobs");
        for (String job : List.of("conformance", "upgrade")) {
            String run = steps(jobs.path(job));
            // a hosted runner has Docker and registry access; prepare-machine.sh is for podwire's own machines
            assertFalse(run.contains("prepare-machine.sh"), job + " sources prepare-machine.sh: " + run);
            assertTrue(run.contains("ci/report.sh"), job + " builds the Allure report with ci/report.sh");
            JsonNode upload = null;
            for (JsonNode step : jobs.path(job).path("steps")) {
                if (step.path("uses").asString("").startsWith("actions/upload-artifact@")) {
                    upload = step;
                }
            }
            assertTrue(upload != null, job + " uploads artifacts");
            String paths = upload.path("with").path("path").asString();
            assertTrue(paths.contains("reports/allure-report/") && paths.contains("reports/verdicts.json"),
                    job + " artifact paths: " + paths);
            assertEquals("always()", upload.path("if").asString(), job + ": artifacts also when the gate fails");
        }
        assertTrue(steps(jobs.path("upgrade")).contains("reports/upgrade/"), "the gate's files are published");
    }

    /** The first step of a job whose name starts with the given words. */
    private static JsonNode step(JsonNode job, String name) {
        for (JsonNode step : job.path("steps")) {
            if (step.path("name").asString("").startsWith(name)) {
                return step;
            }
        }
        throw new AssertionError("no step named " + name + "…");
    }

    private static JsonNode workflow() throws IOException {
        return YAMLMapper.builder().build().readTree(Files.readString(WORKFLOW));
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }

    /** All `run` scripts and `with.path` values of a job, joined: what the job actually executes and keeps. */
    private static String steps(JsonNode job) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode step : job.path("steps")) {
            sb.append(step.path("run").asString("")).append('\n');
            sb.append(step.path("with").path("path").asString("")).append('\n');
        }
        return sb.toString();
    }
}
