package io.podwire.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The first thing a Maven run does (exec-maven-plugin, phase initialize): replaces reports/verdicts.json with a
 * `started` record under a fresh run id and removes the previous run's derived files, so a run that fails anywhere
 * in Maven (a typo in -Dit.test, a bad property, a killed fork) leaves a record that does not say completed. The
 * conformance JVM takes the run id from this record and replaces it at its end. JDK only and one file: Maven runs it
 * with `java RunStart.java` before anything is compiled.
 */
public final class RunStart {
    static final String STARTED = "started";
    /** What a gate reads while the run is under way, or after it ended before the conformance JVM wrote. */
    static final String NOT_FINISHED = "the run started and did not write its record: it ended before the conformance"
            + " tests finished (a Maven error, a killed fork) or is still running";
    /** Files of a previous run that this run rewrites (RunBundle.FILE by name: this file must compile alone): none of them may be shown beside this run's record. */
    static final List<String> PREVIOUS_RUN = List.of("signoff.html", "signoff.md", "claims.md", "wiring-map.md",
            "run-bundle.zip", "snapshots", "upgrade", "allure-report");

    private RunStart() {
    }

    /** `java RunStart.java REPORTS_DIR [--label=LABEL]`: writes the started record; prints its run id. */
    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: RunStart REPORTS_DIR [--label=LABEL]");
            System.exit(2);
        }
        String label = args.length > 1 && args[1].startsWith("--label=") ? args[1].substring(8) : "";
        String runId = start(Path.of(args[0]), label, Instant.now());
        System.out.println("podwire: run " + runId + " started; " + Path.of(args[0]).resolve("verdicts.json")
                + " says so until the conformance tests replace it");
    }

    /** Writes the started record and clears the previous run's files; returns the new run id. */
    static String start(Path reports, String label, Instant now) {
        String runId = newRunId(label, now);
        try {
            createPrivateDirectories(reports);
            for (String name : PREVIOUS_RUN) {
                delete(reports.resolve(name));
            }
            Path tmp = Files.createTempFile(reports, ".verdicts", ".json.tmp");
            Files.writeString(tmp, startedRecord(runId, now), StandardCharsets.UTF_8);
            Files.move(tmp, reports.resolve("verdicts.json"), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("could not mark the run as started in " + reports, e);
        }
        return runId;
    }

    /** LABEL-20260101T120000Z-1a2b3c (or run-…): a label the user re-uses never names two runs. */
    static String newRunId(String label, Instant now) {
        byte[] random = new byte[3];
        new SecureRandom().nextBytes(random);
        String prefix = label == null || label.isBlank() ? "run" : label.strip().replaceAll("[^A-Za-z0-9._-]", "_");
        String stamp = now.truncatedTo(ChronoUnit.SECONDS).toString().replace("-", "").replace(":", "");
        return prefix + "-" + stamp + "-" + HexFormat.of().formatHex(random);
    }

    static String startedRecord(String runId, Instant now) {
        return "{\n  \"schema\" : \"podwire.verdicts/v1\",\n  \"runId\" : \"" + runId + "\",\n  \"status\" : \""
                + STARTED + "\",\n  \"infrastructureFailures\" : [ \"" + NOT_FINISHED + "\" ],\n  \"notChecked\" : [ ],\n"
                + "  \"startedAt\" : \"" + now + "\",\n  \"verdicts\" : [ ]\n}\n";
    }

    /** Report directories are 0700 where the file system has POSIX permissions (the files in them are 0600). */
    static void createPrivateDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            if (parent != null && Files.getFileStore(parent).supportsFileAttributeView("posix")) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(
                        Set.copyOf(PosixFilePermissions.fromString("rwx------"))));
            } else {
                Files.createDirectory(dir);
            }
        } catch (FileAlreadyExistsException e) {
            // created meanwhile by another writer: fine
        }
    }

    private static void delete(Path p) throws IOException {
        if (Files.isDirectory(p)) {
            try (Stream<Path> walk = Files.walk(p)) {
                for (Path f : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                    Files.delete(f);
                }
            }
        } else {
            Files.deleteIfExists(p);
        }
    }
}
