package io.podwire.docker;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ImageRefTest {

    @Test
    void anImageWithoutRegistryLivesOnDockerHub() {
        assertEquals(new ImageRef("rancher/k3s:v1.34.9-k3s1", "docker.io", "registry-1.docker.io"),
                ImageRef.parse("rancher/k3s:v1.34.9-k3s1"));
        assertEquals("docker.io", ImageRef.parse("busybox:1.36.1").registry(), "official image");
    }

    @Test
    void aFirstPathPartWithADotIsTheRegistry() {
        assertEquals(new ImageRef("quay.io/calico/node:v3.32.1", "quay.io", "quay.io"),
                ImageRef.parse("quay.io/calico/node:v3.32.1"));
    }

    @Test
    void aFirstPathPartWithAPortOrLocalhostIsTheRegistry() {
        assertEquals("localhost:5000", ImageRef.parse("localhost:5000/k3s:dev").registry());
        assertEquals("localhost", ImageRef.parse("localhost/k3s:dev").registry());
    }
}
