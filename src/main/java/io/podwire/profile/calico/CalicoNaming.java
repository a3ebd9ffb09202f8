package io.podwire.profile.calico;


import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Calico's host veth name: the interface prefix + the first 11 hex characters of sha1("namespace.pod"); the prefix
 * is the first entry of FELIX_INTERFACEPREFIX, else "cali" (projectcalico/calico
 * libcalico-go/lib/backend/k8s/conversion/workload_endpoint_default.go 77-93, VethNameForWorkload).
 */
public final class CalicoNaming {

    private CalicoNaming() {
    }

    /** The name with Calico's default prefix, "cali" (a node whose Felix has no FELIX_INTERFACEPREFIX). */
    public static String hostVethName(String namespace, String pod) {
        return hostVethName(FelixSettings.DEFAULT_PREFIX, namespace, pod);
    }

    public static String hostVethName(String prefix, String namespace, String pod) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-1")
                    .digest((namespace + "." + pod).getBytes(StandardCharsets.UTF_8));
            return prefix + HexFormat.of().formatHex(sha).substring(0, 11);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JVM", e);
        }
    }
}
