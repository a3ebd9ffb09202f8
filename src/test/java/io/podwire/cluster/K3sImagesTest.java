package io.podwire.cluster;

import com.github.dockerjava.api.command.CreateNetworkCmd;
import com.github.dockerjava.api.model.Network.Ipam;
import org.junit.jupiter.api.Test;
import org.testcontainers.utility.DockerImageName;

import java.lang.reflect.Proxy;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The k3s image as Testcontainers runs it (mirrors, digests, hub prefix) and the dual-stack Docker network; no Docker. */
class K3sImagesTest {

    @Test
    void aMirroredK3sImageIsACompatibleSubstituteK3sContainerAccepts() {
        DockerImageName mirrored = K3sImages.forContainer("registry.corp/mirror/k3s:v1.34.9-k3s1");

        assertTrue(mirrored.isCompatibleWith(DockerImageName.parse("rancher/k3s")), "declared a substitute");
        // the check K3sContainer's constructor makes (modules/k3s K3sContainer.java @2.0.5); constructing one needs Docker
        mirrored.assertCompatibleWith(DockerImageName.parse("rancher/k3s"));
        assertFalse(DockerImageName.parse("registry.corp/mirror/k3s:v1.34.9-k3s1")
                .isCompatibleWith(DockerImageName.parse("rancher/k3s")), "without the declaration it would be refused");
    }

    @Test
    void aRancherK3sImageStaysAsGivenAndADigestPinnedOneIsAccepted() {
        assertEquals("rancher/k3s:v1.34.9-k3s1", K3sImages.forContainer(ClusterSettings.K3S_IMAGE).asCanonicalNameString());
        String pinned = "rancher/k3s@sha256:" + "b".repeat(64);
        K3sImages.forContainer(pinned).assertCompatibleWith(DockerImageName.parse("rancher/k3s"));
    }

    @Test
    void thePrePullAsksForTheNameTheSubstitutorGives() {
        // what PrefixingImageNameSubstitutor does with TESTCONTAINERS_HUB_IMAGE_NAME_PREFIX=mirror.corp/hub/
        String pulled = K3sImages.pulled(ClusterSettings.K3S_IMAGE,
                n -> DockerImageName.parse("mirror.corp/hub/" + n.asCanonicalNameString()));

        assertEquals("mirror.corp/hub/rancher/k3s:v1.34.9-k3s1", pulled);
    }

    @Test
    void theDualStackNetworkAsksDockerForIpv6WithItsOwnUlaSubnet() {
        Map<String, Object> set = new HashMap<>();
        // records what the modifier sets on docker-java's command (the implementation is shaded in Testcontainers)
        CreateNetworkCmd cmd = (CreateNetworkCmd) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{CreateNetworkCmd.class}, (proxy, method, args) -> {
                    set.put(method.getName(), args == null ? null : args[0]);
                    return method.getReturnType() == CreateNetworkCmd.class ? proxy : null;
                });
        K3sImages.withIpv6Subnet(cmd, "fd12:3456:789a:1::/64");

        assertEquals(Boolean.TRUE, set.get("withEnableIpv6"), "EnableIPv6");
        Ipam ipam = (Ipam) set.get("withIpam");
        assertEquals("fd12:3456:789a:1::/64", ipam.getConfig().get(0).getSubnet(), "IPv6 subnet");
    }

    @Test
    void ulaSubnetsAreRfc4193AndDifferBetweenRuns() {
        Pattern ula = Pattern.compile("fd[0-9a-f]{2}:[0-9a-f]{4}:[0-9a-f]{4}:[0-9a-f]{4}::/64");
        SecureRandom random = new SecureRandom();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            String s = K3sImages.ulaSubnet(random);
            assertTrue(ula.matcher(s).matches(), s);
            seen.add(s);
        }
        // 56 random bits: 50 draws colliding would mean the randomness is not used
        assertTrue(seen.size() > 1, "subnets drawn: " + seen);
    }
}
