package io.podwire.node;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("libcni's cache as the snapshot reads it: files by (container id, ifname), only the result")
class CniResultCacheTest {
    private static final String ID = "a".repeat(64);

    @Test
    void entriesAreFoundByContainerIdAndInterfaceWhateverTheNetworksName() {
        CniResultCache c = CniResultCache.parse("cni_results", "directory /var/lib/cni/results\nfile cni-loopback-" + ID
                + "-lo\n{\"cniVersion\":\"0.3.1\",\"dns\":{}}\nfile k8s-pod-network-" + ID + "-eth0\n"
                + "{\"cniVersion\":\"0.3.1\",\"ips\":[{\"address\":\"10.42.0.10/32\"}]}\nfile other-" + "b".repeat(64)
                + "-eth0\n\n");
        assertTrue(c.kept());
        CniResultCache.Entry e = c.of(ID, "eth0").orElseThrow().value();
        assertEquals("k8s-pod-network", e.network());
        assertEquals("10.42.0.10/32", e.result().path("ips").path(0).path("address").asString());
        assertEquals("cni-loopback", c.of(ID, "lo").orElseThrow().value().network());
        assertFalse(c.of("b".repeat(64), "eth0").orElseThrow().available(), "a file with no v1 result: unobservable");
        assertTrue(c.of("c".repeat(64), "eth0").isEmpty());
    }

    @Test
    void noDirectoryIsNotKept() {
        assertFalse(CniResultCache.parse("cni_results", "absent /var/lib/cni/results\n").kept());
    }
}
