package io.podwire.claims;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Calico's host veth name: "cali" + the first 11 hex characters of sha1("namespace.pod"), 15 characters in all
 * (projectcalico/calico libcalico-go/lib/backend/k8s/conversion/workload_endpoint_default.go, VethNameForWorkload).
 */
public final class CalicoNaming {
    public static final String PREFIX = "cali";

    private CalicoNaming() {
    }

    public static String hostVethName(String namespace, String pod) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-1")
                    .digest((namespace + "." + pod).getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(sha).substring(0, 11);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JVM", e);
        }
    }
}
