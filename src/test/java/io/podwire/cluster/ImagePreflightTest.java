package io.podwire.cluster;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
