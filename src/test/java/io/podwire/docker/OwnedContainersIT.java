package io.podwire.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import io.podwire.lab.LabNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Leftovers of a killed run are removed, containers of a live run are not: real containers on the real engine, one
 * labelled as this JVM's, one as a process that has exited (the situation SIGKILL leaves behind).
 */
@DisplayName("Containers left by a killed run are swept; a live run's are kept")
class OwnedContainersIT {

    @Test
    @DisplayName("a podwire container whose owner process is gone is removed, one whose owner lives is kept")
    void leftoversOfDeadOwnersAreRemovedLiveOnesKept() throws Exception {
        DockerClient docker = ImagePreflight.docker();
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        // a manager label of this test's own: the once-per-JVM sweep that lab nodes start with can't take them first
        String manager = OwnedContainers.PODWIRE + "-test-" + UUID.randomUUID();
        Map<String, String> liveOwner = new HashMap<>(OwnedContainers.labels());
        liveOwner.put(OwnedContainers.MANAGED_BY, manager);
        Map<String, String> deadOwner = new HashMap<>(liveOwner);
        deadOwner.put(OwnedContainers.OWNER_PID, Long.toString(gone.pid()));
        String dead = create(docker, deadOwner);
        String live = create(docker, liveOwner);
        try {
            List<String> removed = OwnedContainers.sweep(docker, manager, OwnedContainers::ownerIsGone);

            assertEquals(1, removed.stream().filter(r -> r.contains("owner pid " + gone.pid())).count(),
                    () -> "the dead owner's container is reported removed: " + removed);
            assertThrows(NotFoundException.class, () -> docker.inspectContainerCmd(dead).exec(),
                    "the dead owner's container is gone");
            assertTrue(docker.inspectContainerCmd(live).exec().getId().startsWith(live),
                    "the live owner's container is kept");
        } finally {
            for (String id : List.of(dead, live)) {
                try {
                    docker.removeContainerCmd(id).withForce(true).exec();
                } catch (NotFoundException alreadyGone) {
                    // the sweep removed it
                }
            }
        }
    }

    private static String create(DockerClient docker, Map<String, String> labels) {
        return docker.createContainerCmd(LabNode.IMAGE).withCmd("sleep", "infinity").withLabels(labels).exec().getId();
    }
}
