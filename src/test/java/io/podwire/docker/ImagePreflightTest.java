package io.podwire.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.NotFoundException;
import io.podwire.InfrastructureException;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImagePreflightTest {

    @Test
    void theEngineOwnWordsAreKeptAndItsJsonWrappingDropped() {
        String raw = "Status 500: {\"message\":\"Get \\\"https://registry-1.docker.io/v2/\\\": dial tcp: lookup"
                + " registry-1.docker.io on 10.255.255.53:53: no such host\"}\n";

        assertEquals("Get \"https://registry-1.docker.io/v2/\": dial tcp: lookup registry-1.docker.io on"
                + " 10.255.255.53:53: no such host", ImagePreflight.daemonMessage(raw));
    }

    @Test
    void aMessageWithoutJsonIsKeptAsItIs() {
        assertEquals("pull access denied", ImagePreflight.daemonMessage(" pull access denied\n"));
    }

    /**
     * An engine without a registry: every image is absent and every pull fails as Debian's dockerd reports it. Each
     * call is recorded (method names), so a test sees what the preflight asked.
     */
    private static DockerClient engineWithoutRegistry(List<String> calls) {
        return stub(DockerClient.class, calls, null);
    }

    @SuppressWarnings("unchecked")
    private static <T> T stub(Class<T> type, List<String> calls, String root) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, (proxy, method, args) -> {
            String call = root == null ? method.getName() : root;
            calls.add(method.getName());
            if (method.getName().equals("exec")) {
                if (call.equals("inspectImageCmd")) {
                    throw new NotFoundException("No such image");
                }
                throw new DockerClientException("Could not pull image: Get \"https://registry-1.docker.io/v2/\": dial tcp:"
                        + " lookup registry-1.docker.io: no such host");
            }
            if (method.getReturnType().isInterface()) {
                return stub(method.getReturnType(), calls, call);
            }
            throw new UnsupportedOperationException(method.toString());
        });
    }

    @Test
    void aReaperImageThatCanNotBePulledNamesTheTwoTestcontainersSettings() {
        List<String> calls = new ArrayList<>();

        InfrastructureException e = assertThrows(InfrastructureException.class, () -> ImagePreflight.ensureRyuk(
                engineWithoutRegistry(calls), Optional.of("testcontainers/ryuk:0.14.0")));

        assertTrue(calls.contains("pullImageCmd"), () -> "one pull attempted: " + calls);
        for (String part : List.of("testcontainers/ryuk:0.14.0", "no such host", "TESTCONTAINERS_RYUK_DISABLED=true",
                "TESTCONTAINERS_HOST_OVERRIDE=localhost")) {
            assertTrue(e.getMessage().contains(part), () -> part + " in: " + e.getMessage());
        }
    }

    @Test
    void withRyukDisabledTheEngineIsNotAskedForIt() {
        List<String> calls = new ArrayList<>();

        ImagePreflight.ensureRyuk(engineWithoutRegistry(calls), Optional.empty());

        assertEquals(List.of(), calls);
    }
}
