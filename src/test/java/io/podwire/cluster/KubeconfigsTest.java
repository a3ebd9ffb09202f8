package io.podwire.cluster;

import io.podwire.InfrastructureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KubeconfigsTest {
    // port 1 refuses at once: a test that got past the context check would fail with "does not answer"
    private static final String KUBECONFIG = """
            apiVersion: v1
            kind: Config
            clusters:
            - name: a
              cluster: {server: "https://127.0.0.1:1"}
            contexts:
            - name: ctx-a
              context: {cluster: a, user: u}
            - name: ctx-b
              context: {cluster: a, user: u}
            current-context: ctx-a
            users:
            - name: u
              user: {token: not-a-real-token}
            """;

    @Test
    void anUnknownContextIsRefusedBeforeAnyConnectionNamingTheContextsThatExist(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("kubeconfig"), KUBECONFIG);

        InfrastructureException e = assertThrows(InfrastructureException.class,
                () -> Kubeconfigs.connect(Optional.of(file), Optional.of("nosuch"), "the kubeconfig provider"));

        assertEquals("the kubeconfig provider: -Dpodwire.kube.context=nosuch is not a context of kubeconfig " + file
                + "; its contexts: ctx-a, ctx-b", e.getMessage());
    }

    @Test
    void aKnownContextIsUsed(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("kubeconfig"), KUBECONFIG);

        InfrastructureException e = assertThrows(InfrastructureException.class,
                () -> Kubeconfigs.connect(Optional.of(file), Optional.of("ctx-b"), "the kubeconfig provider"));

        assertTrue(e.getMessage().contains("context ctx-b) does not answer"), e.getMessage());
    }

    @Test
    void anEmptyADirectoryOrAMalformedKubeconfigIsNamedWithAReason(@TempDir Path dir) throws IOException {
        Path empty = Files.writeString(dir.resolve("empty"), "");
        Path malformed = Files.writeString(dir.resolve("malformed"), "clusters:\n - name: a\n  cluster: [\n");

        assertEquals("p: kubeconfig " + empty + " is empty", message(empty));
        assertEquals("p: kubeconfig " + dir + " is a directory, not a kubeconfig file", message(dir));
        String bad = message(malformed);
        assertTrue(bad.startsWith("p: kubeconfig " + malformed + " is not a valid kubeconfig: "), bad);
        assertFalse(bad.endsWith("Exception"), () -> "a reason, not only an exception class: " + bad);
    }

    private static String message(Path file) {
        return assertThrows(InfrastructureException.class,
                () -> Kubeconfigs.connect(Optional.of(file), Optional.empty(), "p")).getMessage();
    }
}
