package io.podwire.upgrade;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A rollout is not recognised by image name: only a release tag can contradict the version awaited. */
class CalicoRolloutTest {

    @Test
    void theReleaseIsReadFromTheTagWhereverTheImageComesFrom() {
        assertEquals(Optional.of("3.32.1"), CalicoRollout.releaseOf("docker.io/calico/node:v3.32.1"));
        assertEquals(Optional.of("3.32.1"), CalicoRollout.releaseOf("registry.corp:5000/mirror/calico/node:v3.32.1"));
        assertEquals(Optional.of("3.32.1"), CalicoRollout.releaseOf("quay.io/calico/node:v3.32.1@sha256:" + "c".repeat(64)));
        assertEquals(Optional.of("3.28.5"), CalicoRollout.releaseOf("calico/node:3.28.5"));
    }

    @Test
    void aDigestOnlyUntaggedOrRetaggedImageNamesNoRelease() {
        assertEquals(Optional.empty(), CalicoRollout.releaseOf("calico/node@sha256:" + "c".repeat(64)));
        assertEquals(Optional.empty(), CalicoRollout.releaseOf("registry.corp:5000/calico/node"));
        assertEquals(Optional.empty(), CalicoRollout.releaseOf("registry.corp/calico/node:prod"));
    }
}
