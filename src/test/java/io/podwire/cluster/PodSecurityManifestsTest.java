package io.podwire.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** manifests/ is admissible under the Pod Security baseline profile, and says so on its namespace. */
class PodSecurityManifestsTest {
    private static final Path MANIFESTS = Path.of(System.getProperty("basedir", "."), "manifests");
    private static KubernetesClient client;

    @BeforeAll
    static void parserOnly() {
        // load() only parses; this client never talks to a server
        client = new KubernetesClientBuilder().build();
    }

    @AfterAll
    static void close() {
        client.close();
    }

    @Test
    void everyResourceInManifestsPassesTheBaselineProfile() throws IOException {
        List<String> violations = new ArrayList<>();
        int pods = 0;
        for (HasMetadata r : all()) {
            if (PodSecurityBaseline.podSpecOf(r).isPresent()) {
                pods++;
            }
            PodSecurityBaseline.violations(r).forEach(v -> violations.add(r.getKind() + " " + r.getMetadata().getName()
                    + ": " + v));
        }
        assertEquals(3, pods, "pods checked in " + MANIFESTS + " (pinger, app, remote)");
        assertEquals(List.of(), violations, "baseline violations in " + MANIFESTS);
    }

    @Test
    void theWorkloadNamespaceEnforcesBaselineExplicitly() throws IOException {
        Namespace ns = all().stream().filter(Namespace.class::isInstance).map(Namespace.class::cast).findFirst()
                .orElseThrow();
        Map<String, String> labels = ns.getMetadata().getLabels();

        assertEquals("baseline", labels.get("pod-security.kubernetes.io/enforce"), "enforce label");
        assertEquals("latest", labels.get("pod-security.kubernetes.io/enforce-version"), "enforce-version label");
    }

    @Test
    void everyResourceInManifestsCarriesPodwiresOwnershipLabel() throws IOException {
        for (HasMetadata r : all()) {
            assertTrue(Ownership.isOurs(r), r.getKind() + " " + r.getMetadata().getName() + " labelled "
                    + Ownership.MANAGED_BY + "=" + Ownership.PODWIRE);
        }
    }

    @Test
    void addingNetRawIsOutsideBaseline() {
        var pod = new PodBuilder().withNewMetadata().withName("pinger").endMetadata().withNewSpec()
                .addNewContainer().withName("pinger").withImage("busybox:1.36.1").withNewSecurityContext()
                .withNewCapabilities().addToAdd("NET_RAW").endCapabilities().endSecurityContext().endContainer()
                .endSpec().build();

        assertEquals(List.of("Capabilities: spec.containers[pinger].securityContext.capabilities.add NET_RAW is"
                + " beyond the baseline list"), PodSecurityBaseline.violations(pod));
    }

    @Test
    void theNodeDebugPodIsOutsideBaselineWhichIsWhyItsNamespaceIsPrivileged() {
        List<String> v = PodSecurityBaseline.violations(DebugPodNodeAccess.pod("podwire-a1b2c3d4-nodes",
                new RunScope("a1b2c3d4", RunScope.SWEEP_AFTER), "worker-1", "podwire-node-1", "busybox:1.36.1"));

        assertEquals(List.of("Host Namespaces: spec.hostNetwork=true", "Host Namespaces: spec.hostPID=true",
                "Host Namespaces: spec.hostIPC=true",
                "Privileged Containers: spec.containers[debug].securityContext.privileged=true"), v);
    }

    @Test
    void hostPathHostPortsSysctlsSeccompAndProcMountAreEachReported() {
        var pod = new PodBuilder().withNewMetadata().withName("bad")
                .addToAnnotations("container.apparmor.security.beta.kubernetes.io/c", "unconfined").endMetadata()
                .withNewSpec()
                .addNewVolume().withName("root").withNewHostPath().withPath("/").endHostPath().endVolume()
                .withNewSecurityContext().addNewSysctl().withName("net.core.somaxconn").withValue("1").endSysctl()
                .withNewSeccompProfile().withType("Unconfined").endSeccompProfile().endSecurityContext()
                .addNewContainer().withName("c").addNewPort().withContainerPort(80).withHostPort(8080).endPort()
                .withNewSecurityContext().withProcMount("Unmasked").withNewSeLinuxOptions().withType("spc_t")
                .endSeLinuxOptions().endSecurityContext().endContainer()
                .endSpec().build();

        List<String> v = PodSecurityBaseline.violations(pod);

        assertEquals(List.of("HostPath Volumes: spec.volumes[root].hostPath=/",
                "Seccomp: spec.securityContext.seccompProfile.type=Unconfined",
                "Sysctls: spec.securityContext.sysctls net.core.somaxconn is not in the safe set",
                "AppArmor: annotation container.apparmor.security.beta.kubernetes.io/c=unconfined",
                "Host Ports: spec.containers[c].ports.hostPort=8080",
                "/proc Mount Type: spec.containers[c].securityContext.procMount=Unmasked",
                "SELinux: spec.containers[c].securityContext.seLinuxOptions.type=spc_t"), v);
    }

    private static List<HasMetadata> all() throws IOException {
        List<HasMetadata> all = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(MANIFESTS, "*.yaml")) {
            for (Path f : files) {
                try (InputStream in = Files.newInputStream(f)) {
                    all.addAll(client.load(in).items());
                }
            }
        }
        return all;
    }
}
