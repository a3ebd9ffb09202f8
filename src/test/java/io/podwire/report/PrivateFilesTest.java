package io.podwire.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PrivateFilesTest {
    @Test
    void aRawSnapshotIsWrittenAsPrivatelyAsTheRecord(@TempDir Path dir) throws IOException {
        Path snapshot = dir.resolve("reports/snapshots/lab-node.txt");

        RunFiles.writeText(snapshot, "=== podwire-snapshot links\n");

        assertEquals("rw-------", permissions(snapshot));
        assertEquals("rwx------", permissions(snapshot.getParent()));
        assertEquals("rwx------", permissions(dir.resolve("reports")));
    }

    @Test
    void whatAnotherLibraryWroteIsRestrictedToo(@TempDir Path dir) throws IOException {
        Path results = Files.createDirectories(dir.resolve("allure-results/sub"));
        Path result = Files.writeString(results.resolve("abc-attachment.txt"), "x");
        Files.setPosixFilePermissions(result, PosixFilePermissions.fromString("rw-r--r--"));

        PrivateFiles.restrict(dir.resolve("allure-results"));

        assertEquals("rw-------", permissions(result));
        assertEquals("rwx------", permissions(results));
    }

    private static String permissions(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
