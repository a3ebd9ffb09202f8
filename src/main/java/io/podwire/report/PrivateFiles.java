package io.podwire.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Every report file is 0600 and every report directory 0700, alike: the raw snapshot is no less sensitive than the
 * record. Where the file system has no POSIX permissions the files are written as they are.
 */
public final class PrivateFiles {
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {
    }

    /** Writes the text (UTF-8) to a 0600 file, creating missing directories 0700. */
    public static void write(Path file, String text) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            directories(dir);
            Files.writeString(file, text, StandardCharsets.UTF_8);
            restrict(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    /** Creates the directory and its missing parents, each new one 0700. */
    public static void directories(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            return;
        }
        if (absolute.getParent() != null) {
            directories(absolute.getParent());
        }
        RunStart.createPrivateDirectories(absolute);
    }

    /** 0600 for a file, 0700 for a directory and everything in it (e.g. what Allure wrote into its results). */
    public static void restrict(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.toList()) {
                if (Files.getFileAttributeView(p, java.nio.file.attribute.PosixFileAttributeView.class) != null) {
                    Files.setPosixFilePermissions(p, Files.isDirectory(p) ? DIR : FILE);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not restrict " + path, e);
        }
    }
}
