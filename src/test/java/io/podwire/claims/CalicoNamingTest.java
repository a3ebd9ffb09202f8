package io.podwire.claims;

import io.podwire.profile.calico.CalicoNaming;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

@DisplayName("Calico host veth naming (VethNameForWorkload)")
class CalicoNamingTest {

    @Test
    @DisplayName("cali + first 11 hex of sha1(namespace.pod), 15 characters")
    void hostVethNameIsDerivedFromNamespaceAndPod() {
        assertEquals("calia900becc4a6", CalicoNaming.hostVethName("test", "pinger"), "test.pinger");
        assertEquals("cali661a0e7385d", CalicoNaming.hostVethName("test", "app"), "test.app");
        // Calico's conversion_test.go vector: sha1("namespace.podname")[:11] = 82111e10a96
        assertEquals("cali82111e10a96", CalicoNaming.hostVethName("namespace", "podname"), "upstream test vector");
        assertEquals(15, CalicoNaming.hostVethName("a-very-long-namespace", "a-very-long-pod-name").length(), "length");
    }
}
