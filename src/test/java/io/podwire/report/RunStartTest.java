package io.podwire.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunStartTest {
    private static final String COMPLETED = "{\"schema\":\"podwire.verdicts/v1\",\"runId\":\"yesterday\","
            + "\"status\":\"completed\",\"infrastructureFailures\":[],\"verdicts\":[]}";

    @Test
    void aCompletedRecordOfAnEarlierRunNoLongerSaysCompletedOnceARunStarts(@TempDir Path reports) throws IOException {
        Files.writeString(reports.resolve("verdicts.json"), COMPLETED);
        Files.writeString(reports.resolve("signoff.md"), "| C1 | PASS |");
        Files.writeString(reports.resolve("run-bundle.zip"), "old");
        Files.createDirectories(reports.resolve("snapshots"));
        Files.writeString(reports.resolve("snapshots/node-old.txt"), "old snapshot");
        Files.createDirectories(reports.resolve("allure-report/data"));
        Files.writeString(reports.resolve("allure-report/data/old.json"), "{}");
        Files.createDirectories(reports.resolve("upgrade"));
        Files.writeString(reports.resolve("upgrade/diff.md"), "old diff");

        String runId = RunStart.start(reports, "", Instant.parse("2026-12-06T07:00:00Z"));

        JsonNode record = VerdictsFile.read(reports.resolve("verdicts.json"));
        assertEquals("started", record.path("status").asString());
        assertEquals(runId, record.path("runId").asString());
        assertEquals(List.of(RunStart.NOT_FINISHED), List.of(record.path("infrastructureFailures").get(0).asString()));
        for (String old : List.of("signoff.md", "run-bundle.zip", "snapshots", "allure-report", "upgrade")) {
            assertFalse(Files.exists(reports.resolve(old)), () -> "the previous run's " + old + " is still there");
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(reports.resolve("verdicts.json"))));
    }

    @Test
    void aRunIdLabelUsedTwiceStillNamesTwoRuns(@TempDir Path reports) {
        Instant sameSecond = Instant.parse("2026-12-06T07:00:00Z");

        String first = RunStart.start(reports, "nightly", sameSecond);
        String second = RunStart.start(reports, "nightly", sameSecond);

        assertTrue(first.startsWith("nightly-20261206T070000Z-"), first);
        assertNotEquals(first, second);
    }

    @Test
    void theConformanceJvmTakesTheRunIdOfTheStartedRecord(@TempDir Path dir) {
        Path reports = dir.resolve("reports");
        String runId = RunStart.start(reports, "label with \"quotes\"", Instant.now());
        RunFiles files = new RunFiles(reports, reports.resolve("allure-results"), dir);

        assertEquals(runId, files.runId());
        assertTrue(runId.startsWith("label_with__quotes_-"), runId);
    }

    @Test
    void withoutAStartedRecordTheConformanceJvmMakesAFreshId(@TempDir Path reports) throws IOException {
        Files.writeString(reports.resolve("verdicts.json"), COMPLETED);
        RunFiles files = new RunFiles(reports, reports.resolve("allure-results"), reports);

        assertNotEquals("yesterday", files.runId());
    }

    @Test
    void aNewReportsDirectoryIsPrivate(@TempDir Path dir) throws IOException {
        Path reports = dir.resolve("a/reports");

        RunStart.start(reports, "", Instant.now());

        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(reports)));
    }
}
