package io.podwire.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class RunBundleTest {
    private static final String SNAPSHOT = "snapshots/lab-node-1.txt";

    /** What a run leaves in reports/: the record, the page, a raw snapshot, the environment. */
    private static Path reports(Path dir) throws IOException {
        Files.writeString(dir.resolve("verdicts.json"), "{\"status\": \"completed\"}\n");
        Files.writeString(dir.resolve("signoff.html"), "<html>sign-off</html>\n");
        Files.createDirectories(dir.resolve("snapshots"));
        Files.writeString(dir.resolve(SNAPSHOT), "=== podwire-snapshot links\n2: cali661a0e7385d@if2: <BROADCAST>\n");
        Files.createDirectories(dir.resolve("allure-results"));
        Files.writeString(dir.resolve("allure-results/environment.properties"), "Target=lab\n");
        Files.writeString(dir.resolve("allure-results/abc-result.json"), "{}");
        return dir;
    }

    @Test
    void aFreshBundleVerifiesAndHoldsTheRunsFilesAndNothingElse(@TempDir Path dir) throws IOException {
        Path bundle = RunBundle.write(reports(dir));

        assertEquals(List.of(), RunBundle.verify(bundle));
        assertEquals(List.of("SHA256SUMS", "allure-results/environment.properties", "signoff.html", SNAPSHOT, "verdicts.json"),
                List.copyOf(RunBundle.entries(bundle).keySet()));
    }

    @Test
    void oneChangedByteOfASnapshotFailsVerification(@TempDir Path dir) throws IOException {
        Path bundle = RunBundle.write(reports(dir));
        Path tampered = dir.resolve("tampered.zip");
        rewrite(bundle, tampered, SNAPSHOT, bytes -> bytes[bytes.length - 2] ^= 1);

        List<String> problems = RunBundle.verify(tampered);

        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).startsWith(SNAPSHOT + ": sha256 "), problems.get(0));
    }

    @Test
    void aFileSlippedInThatTheManifestDoesNotListFailsVerification(@TempDir Path dir) throws IOException {
        Path bundle = RunBundle.write(reports(dir));
        Path extended = dir.resolve("extended.zip");
        rewrite(bundle, extended, null, bytes -> { });

        assertEquals(List.of("extra.txt: in the bundle but not listed in SHA256SUMS"), RunBundle.verify(extended));
    }

    @Test
    void anEarlierRunsAllureReportStaysOutAndTheUpgradeGatesFilesGoIn(@TempDir Path dir) throws IOException {
        reports(dir);
        Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Files.writeString(dir.resolve("verdicts.json"), "{\"status\": \"completed\", \"startedAt\": \"" + started + "\"}\n");
        Files.createDirectories(dir.resolve("upgrade"));
        Files.writeString(dir.resolve("upgrade/wiring-diff.json"), "{}");
        Files.createDirectories(dir.resolve("allure-report"));
        Path index = Files.writeString(dir.resolve("allure-report/index.html"), "<html>yesterday</html>");
        Files.setLastModifiedTime(index, FileTime.from(started.minus(1, ChronoUnit.DAYS)));

        assertEquals(List.of("SHA256SUMS", "allure-results/environment.properties", "signoff.html", SNAPSHOT,
                "upgrade/wiring-diff.json", "verdicts.json"), List.copyOf(RunBundle.entries(RunBundle.write(dir)).keySet()));

        Files.setLastModifiedTime(index, FileTime.from(started.plusSeconds(1)));
        assertTrue(RunBundle.entries(RunBundle.write(dir)).containsKey("allure-report/index.html"), "this run's report");
    }

    @Test
    void aNameInTheBundleTwiceFailsVerificationEvenWhenTheLastCopyMatches(@TempDir Path dir) throws IOException {
        Path bundle = RunBundle.write(reports(dir));
        Path shadowed = dir.resolve("shadowed.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(shadowed))) {
            // ZipOutputStream refuses a second entry of a name: write a same-length name, then rename it in the bytes
            zip.putNextEntry(new ZipEntry("verdicts.jsoX"));
            zip.write("{\"status\": \"forged\"}\n".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            for (Map.Entry<String, byte[]> e : RunBundle.entries(bundle).entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        byte[] bytes = Files.readAllBytes(shadowed);
        String latin = new String(bytes, StandardCharsets.ISO_8859_1).replace("verdicts.jsoX", "verdicts.json");
        Files.write(shadowed, latin.getBytes(StandardCharsets.ISO_8859_1));

        assertEquals(List.of("verdicts.json: in the bundle more than once"), RunBundle.verify(shadowed));
    }

    /** The command docs/evidence.md gives auditors: unzip, then sha256sum -c on the manifest. */
    @Test
    void theDocumentedShellCommandVerifiesAndCatchesTheChangedByte(@TempDir Path dir) throws Exception {
        assumeTrue(onPath("unzip") && onPath("sha256sum"), "the documented command needs unzip and sha256sum");
        Path bundle = RunBundle.write(reports(dir));
        Path tampered = dir.resolve("tampered.zip");
        rewrite(bundle, tampered, SNAPSHOT, bytes -> bytes[0] ^= 1);

        assertEquals(0, documentedCheck(bundle, dir.resolve("ok")), "the untouched bundle verifies");
        assertNotEquals(0, documentedCheck(tampered, dir.resolve("bad")), "the changed byte is caught");
    }

    private static int documentedCheck(Path bundle, Path into) throws Exception {
        String cmd = "mkdir -p \"$2\" && unzip -q \"$1\" -d \"$2\" && cd \"$2\" && sha256sum --strict --quiet -c SHA256SUMS";
        Process p = new ProcessBuilder("bash", "-c", cmd, "check", bundle.toString(), into.toString())
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }

    private static boolean onPath(String tool) {
        return Stream.of(System.getenv("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }

    private interface Edit {
        void apply(byte[] bytes);
    }

    /** Copies the zip, editing one entry's bytes in place (same length), or adding extra.txt when entry is null. */
    private static void rewrite(Path from, Path to, String entry, Edit edit) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(to))) {
            for (Map.Entry<String, byte[]> e : RunBundle.entries(from).entrySet()) {
                byte[] bytes = e.getValue();
                if (e.getKey().equals(entry)) {
                    edit.apply(bytes);
                }
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(bytes);
                zip.closeEntry();
            }
            if (entry == null) {
                zip.putNextEntry(new ZipEntry("extra.txt"));
                zip.write("added later".getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
    }
}
