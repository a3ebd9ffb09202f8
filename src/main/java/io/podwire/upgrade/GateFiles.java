package io.podwire.upgrade;

import io.podwire.report.PrivateFiles;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The gate's files: stable, indented JSON, written under reports/upgrade/ next to verdicts.json. */
public final class GateFiles {
    static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private GateFiles() {
    }

    public static String json(Object document) {
        return JSON.writeValueAsString(document) + "\n";
    }

    /** reports/upgrade/ (or -Dpodwire.reports.directory/upgrade). */
    public static Path dir() {
        String reports = System.getProperty("podwire.reports.directory",
                Path.of(System.getProperty("basedir", "."), "reports").toString());
        return Path.of(reports, "upgrade");
    }

    public static Path write(String name, String content) {
        return write(dir(), name, content);
    }

    public static Path write(Path dir, String name, String content) {
        Path file = dir.resolve(name);
        PrivateFiles.write(file, content);
        return file;
    }

    static String resource(String path) {
        try (InputStream in = GateFiles.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is not on the test classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
