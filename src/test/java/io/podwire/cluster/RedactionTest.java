package io.podwire.cluster;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class RedactionTest {

    @Test
    void kubeconfigKeysLoseTheirValues() {
        assertEquals("    client-key-data: <redacted>\n    token: <redacted>",
                Redaction.redact("    client-key-data: LS0tLS1CRUdJTi\n    token: abc.def.ghi"));
    }

    @Test
    void pemBlocksAreBlanked() {
        String pem = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIB\n-----END EC PRIVATE KEY-----";

        assertEquals("-----BEGIN EC PRIVATE KEY----- <redacted> -----END EC PRIVATE KEY-----", Redaction.redact(pem));
    }

    @Test
    void k3sJoinTokensAndBearerHeadersAreBlanked() {
        String out = Redaction.redact("joined with K10abcdef0123456789abcdef0123::server:s3cr3t and"
                + " Authorization: Bearer eyJhbGciOi");

        assertFalse(out.contains("s3cr3t") || out.contains("eyJhbGciOi"), out);
    }

    @Test
    void ordinaryLogLinesAreUntouched() {
        String line = "I0101 kubelet.go:1 \"Pod ready\" pod=\"test/pinger\"";

        assertEquals(line, Redaction.redact(line));
    }
}
