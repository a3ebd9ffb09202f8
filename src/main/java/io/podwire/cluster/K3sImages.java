package io.podwire.cluster;

import com.github.dockerjava.api.command.CreateNetworkCmd;
import com.github.dockerjava.api.model.Network.Ipam;
import io.podwire.InfrastructureException;
import org.testcontainers.containers.Network;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.ImageNameSubstitutor;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

/**
 * The k3s image as Testcontainers will run it, and the Docker network a dual-stack k3s needs. Sources: testcontainers-java
 * 2.0.5 (core/.../utility/DockerImageName.java asCompatibleSubstituteFor, ImageNameSubstitutor.instance(),
 * PrefixingImageNameSubstitutor reading TESTCONTAINERS_HUB_IMAGE_NAME_PREFIX / hub.image.name.prefix;
 * modules/k3s/.../K3sContainer.java: `dockerImageName.assertCompatibleWith(DockerImageName.parse("rancher/k3s"))`;
 * containers/Network.java NetworkImpl builder enableIpv6 and createNetworkCmdModifier).
 */
public final class K3sImages {
    public static final String K3S = "rancher/k3s";

    private K3sImages() {
    }

    /**
     * The configured image (-Dpodwire.k3s.image) for K3sContainer: a rancher/k3s name as it is, any other (a mirror
     * such as registry.corp/k3s/k3s:v1.34.9-k3s1, or a digest-pinned name) declared a compatible substitute, which is
     * how Testcontainers lets a mirrored image stand in for the one a module expects.
     */
    public static DockerImageName forContainer(String configured) {
        DockerImageName name = parse(configured);
        return name.isCompatibleWith(DockerImageName.parse(K3S)) ? name : name.asCompatibleSubstituteFor(K3S);
    }

    /**
     * The image Docker will actually be asked for: Testcontainers applies its image-name substitutor (a hub prefix
     * from TESTCONTAINERS_HUB_IMAGE_NAME_PREFIX, or a configured ImageNameSubstitutor) when the container starts, so
     * the pre-pull must pull that name, not the configured one.
     */
    public static String pulled(String configured) {
        return pulled(configured, ImageNameSubstitutor.instance());
    }

    static String pulled(String configured, Function<DockerImageName, DockerImageName> substitutor) {
        return substitutor.apply(forContainer(configured)).asCanonicalNameString();
    }

    /** A valid Docker image reference, else the setting is refused naming it. */
    public static DockerImageName parse(String configured) {
        try {
            DockerImageName name = DockerImageName.parse(configured);
            name.assertValid();
            return name;
        } catch (IllegalArgumentException e) {
            throw new InfrastructureException("-Dpodwire.k3s.image=" + configured + " is not a Docker image reference"
                    + " (e.g. " + ClusterSettings.K3S_IMAGE + ", registry.corp/rancher/k3s:<tag> or <name>@sha256:<digest>): "
                    + e.getMessage(), e);
        }
    }

    /**
     * A Docker network with IPv6 for a dual-stack k3s: k3s refuses an IPv6 cluster CIDR on a node without an IPv6
     * address (k3s-io/k3s#5918), and Docker's default bridge is IPv4-only. The IPv6 subnet is a random RFC 4193 ULA
     * /64 given explicitly, since Docker before 27 creates no IPv6 network without one, and two concurrent runs must
     * not ask for the same one.
     */
    public static Network dualStackNetwork() {
        String subnet = ulaSubnet(new SecureRandom());
        return Network.builder().enableIpv6(true).createNetworkCmdModifier(cmd -> withIpv6Subnet(cmd, subnet)).build();
    }

    static void withIpv6Subnet(CreateNetworkCmd cmd, String subnet) {
        cmd.withEnableIpv6(true).withIpam(new Ipam().withConfig(List.of(new Ipam.Config().withSubnet(subnet))));
    }

    /** fdXX:XXXX:XXXX:YYYY::/64: `fd` + a 40-bit random global ID + a 16-bit subnet ID (RFC 4193 section 3.1). */
    static String ulaSubnet(SecureRandom random) {
        byte[] b = new byte[7];
        random.nextBytes(b);
        String h = HexFormat.of().formatHex(b);
        return "fd" + h.substring(0, 2) + ":" + h.substring(2, 6) + ":" + h.substring(6, 10) + ":" + h.substring(10, 14)
                + "::/64";
    }
}
