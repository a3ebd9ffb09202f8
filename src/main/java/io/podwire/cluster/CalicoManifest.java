package io.podwire.cluster;

import io.podwire.Timeouts;
import io.podwire.Log;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.podwire.InfrastructureException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Calico's own calico.yaml (never a copy of ours): read from -Dcalico.manifest, or downloaded once per version from
 * the release URL into target/podwire/, then patched in code for a k3s/kind node in Docker (research notes §2):
 * pool CIDR = cluster CIDR, no IPIP/VXLAN on a single node, allow_ip_forwarding as the k3s docs ask, and the CNI
 * dirs of the node's containerd.
 */
public final class CalicoManifest {
    public static final String CALICO_NODE = "calico-node";
    public static final String CONFIG_MAP = "calico-config";
    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");
    /** Built once: it scans every fabric8 model class, which takes seconds. */
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Pattern CALICO_PLUGIN = Pattern.compile("\"type\"\\s*:\\s*\"calico\"\\s*,");
    private static final Pattern CALICO_IPAM = Pattern.compile("\"type\"\\s*:\\s*\"calico-ipam\"");

    private CalicoManifest() {
    }

    /** The manifest text: the -Dcalico.manifest file, else the cached download, else a fresh download. */
    public static String load(ClusterSettings s) {
        if (s.calicoManifest().isPresent()) {
            return read(s.calicoManifest().get());
        }
        Path cache = s.workDir().resolve("calico").resolve("calico-v" + s.calicoVersion() + ".yaml");
        if (Files.isReadable(cache)) {
            Log.info("using cached " + cache);
            return read(cache);
        }
        String url = s.calicoManifestUrl();
        Log.info("downloading " + url);
        HttpResponse<String> r;
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Timeouts.NETWORK_PROBE)
                    .followRedirects(HttpClient.Redirect.NORMAL).build();
            r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Timeouts.MANIFEST_DOWNLOAD).GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new InfrastructureException("cannot download calico.yaml for Calico " + s.calicoVersion() + " from "
                    + url + ": " + e + ". For an air-gapped run pass -Dcalico.manifest=<file>", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted while downloading " + url, e);
        }
        if (r.statusCode() == 404) {
            throw new InfrastructureException("-Dcalico.version=" + s.calicoVersion() + " has no release manifest: GET "
                    + url + " returned 404 (is it a released Calico version?)");
        }
        if (r.statusCode() != 200) {
            throw new InfrastructureException("cannot download " + url + ": HTTP " + r.statusCode());
        }
        write(cache, r.body());
        return r.body();
    }

    /** Parses the manifest and applies podwire's patch; fails when calico.yaml no longer has what it patches. */
    public static List<HasMetadata> patch(String yaml, String poolCidr, CniDirs cniDirs) {
        return patch(yaml, poolCidr, Optional.empty(), cniDirs);
    }

    /**
     * As above, and dual-stack when {@code pool6} is given, as Calico's "Configure dual stack" guide has it for the
     * manifest install: the CNI's calico-ipam assigns both families (cni-plugin pkg/types/types.go 85, assign_ipv6),
     * calico-node autodetects the node's IPv6 address (IP6), Felix programs IPv6 (FELIX_IPV6SUPPORT, "false" in
     * calico.yaml) and the IPv6 pool is the cluster's IPv6 pod range (CALICO_IPV6POOL_CIDR).
     */
    public static List<HasMetadata> patch(String yaml, String poolCidr, Optional<String> pool6, CniDirs cniDirs) {
        List<HasMetadata> resources = parse(yaml);
        ConfigMap config = find(resources, ConfigMap.class, CONFIG_MAP);
        String cni = config.getData() == null ? null : config.getData().get("cni_network_config");
        if (cni == null) {
            throw malformed("ConfigMap " + CONFIG_MAP + " has no cni_network_config");
        }
        config.getData().put("cni_network_config", pool6.isPresent() ? assignBothFamilies(allowIpForwarding(cni))
                : allowIpForwarding(cni));

        DaemonSet ds = find(resources, DaemonSet.class, CALICO_NODE);
        PodSpec pod = ds.getSpec().getTemplate().getSpec();
        Container node = container(pod.getContainers(), CALICO_NODE);
        setEnv(node, "CALICO_IPV4POOL_CIDR", poolCidr);
        // a single node needs no encapsulation, and the ipip module may be missing in a node container
        setEnv(node, "CALICO_IPV4POOL_IPIP", "Never");
        setEnv(node, "CALICO_IPV4POOL_VXLAN", "Never");
        pool6.ifPresent(p -> {
            setEnv(node, "IP6", "autodetect");
            setEnv(node, "FELIX_IPV6SUPPORT", "true");
            setEnv(node, "CALICO_IPV6POOL_CIDR", p);
        });
        if (!cniDirs.isDefault()) {
            hostPath(pod, "cni-bin-dir").setPath(cniDirs.binDir());
            hostPath(pod, "cni-net-dir").setPath(cniDirs.confDir());
            // install-cni writes this host path into the conflist as the CNI plugin's kubeconfig location
            setEnv(container(pod.getInitContainers(), "install-cni"), "CNI_NET_DIR", cniDirs.confDir());
        }
        return resources;
    }

    /** Makes calico-ipam assign an IPv6 address besides the IPv4 one: `"assign_ipv4": "true", "assign_ipv6": "true"`. */
    static String assignBothFamilies(String cniConfig) {
        Matcher m = CALICO_IPAM.matcher(cniConfig);
        if (!m.find()) {
            throw malformed("cni_network_config has no ipam of type calico-ipam");
        }
        return cniConfig.substring(0, m.end()) + ", \"assign_ipv4\": \"true\", \"assign_ipv6\": \"true\""
                + cniConfig.substring(m.end());
    }

    /** Adds `"container_settings": {"allow_ip_forwarding": true}` to the calico plugin (k3s docs, Custom CNI). */
    static String allowIpForwarding(String cniConfig) {
        if (cniConfig.contains("\"container_settings\"")) {
            return cniConfig;
        }
        Matcher m = CALICO_PLUGIN.matcher(cniConfig);
        if (!m.find()) {
            throw malformed("cni_network_config has no plugin of type calico");
        }
        return cniConfig.substring(0, m.end()) + "\n          \"container_settings\": {\"allow_ip_forwarding\": true},"
                + cniConfig.substring(m.end());
    }

    static List<HasMetadata> parse(String yaml) {
        List<HasMetadata> resources = new ArrayList<>();
        for (String doc : DOCUMENT_SEPARATOR.split(yaml)) {
            if (doc.lines().allMatch(l -> l.isBlank() || l.stripLeading().startsWith("#"))) {
                continue;
            }
            Object o = SERIALIZATION.unmarshal(doc);
            if (!(o instanceof HasMetadata h)) {
                throw malformed("a document is not a Kubernetes resource: " + doc.lines().filter(l -> !l.isBlank()
                        && !l.startsWith("#")).findFirst().orElse(""));
            }
            resources.add(h);
        }
        return resources;
    }

    private static <T extends HasMetadata> T find(List<HasMetadata> resources, Class<T> type, String name) {
        return resources.stream().filter(type::isInstance).map(type::cast)
                .filter(r -> name.equals(r.getMetadata().getName())).findFirst()
                .orElseThrow(() -> malformed("no " + type.getSimpleName() + " named " + name));
    }

    private static Container container(List<Container> containers, String name) {
        return (containers == null ? List.<Container>of() : containers).stream()
                .filter(c -> name.equals(c.getName())).findFirst()
                .orElseThrow(() -> malformed("DaemonSet " + CALICO_NODE + " has no container " + name));
    }

    private static io.fabric8.kubernetes.api.model.HostPathVolumeSource hostPath(PodSpec pod, String volume) {
        return pod.getVolumes().stream().filter(v -> volume.equals(v.getName())).map(Volume::getHostPath)
                .filter(java.util.Objects::nonNull).findFirst()
                .orElseThrow(() -> malformed("DaemonSet " + CALICO_NODE + " has no hostPath volume " + volume));
    }

    private static void setEnv(Container c, String name, String value) {
        if (c.getEnv() == null) {
            c.setEnv(new ArrayList<>());
        }
        c.getEnv().removeIf(e -> name.equals(e.getName()));
        c.getEnv().add(new EnvVar(name, value, null));
    }

    private static InfrastructureException malformed(String what) {
        return new InfrastructureException("calico.yaml does not have the shape podwire patches: " + what);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InfrastructureException("cannot read Calico manifest " + p + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path cache, String body) {
        try {
            Files.createDirectories(cache.getParent());
            Path tmp = Files.createTempFile(cache.getParent(), "calico", ".part");
            Files.writeString(tmp, body, StandardCharsets.UTF_8);
            Files.move(tmp, cache, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Log.info("could not cache the Calico manifest at " + cache + ": " + e.getMessage());
        }
    }
}
