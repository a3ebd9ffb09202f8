package io.podwire.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads a test fixture from src/test/resources/fixtures/. */
final class FixtureFiles {
    private FixtureFiles() {
    }

    static String read(String path) {
        try (InputStream in = FixtureFiles.class.getResourceAsStream("/fixtures/" + path)) {
            if (in == null) {
                throw new IllegalStateException("fixture " + path + " is not on the test classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
