package io.podwire.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The paragraph an air-gapped user needs when the target could not come up: every image the cluster itself will
 * pull (not only the first that failed), how to preload them, -Dcalico.manifest, and the other targets. Appended
 * once per run, to the first infrastructure failure.
 */
final class WaysOut {
    /** k3s's default --pause-image: containerd pulls it for every pod sandbox. */
    static final String K3S_PAUSE_IMAGE = "docker.io/rancher/mirrored-pause:3.6";
    private static final Pattern IMAGE = Pattern.compile("(?m)^\\s*-?\\s*image:\\s*\"?([^\\s\"]+)\"?\\s*$");
    private static final Set<String> CALICO_DEFAULT = Set.of("cni", "node", "kube-controllers");

    private WaysOut() {
    }

    static String of(ClusterSettings s) {
        Set<String> images = new LinkedHashSet<>();
        if (s.kind() == ClusterKind.K3S) {
            images.add(s.k3sImage() + " (the node)");
            images.add(K3S_PAUSE_IMAGE + " (every pod's sandbox)");
        }
        if (s.installCalico()) {
            Set<String> calico = s.calicoManifest().map(WaysOut::imagesIn).orElse(Set.of());
            if (calico.isEmpty()) {
                CALICO_DEFAULT.stream().sorted().forEach(c -> images.add("docker.io/calico/" + c + ":v" + s.calicoVersion() + " (Calico)"));
            } else {
                calico.forEach(i -> images.add(i + " (Calico, from -Dcalico.manifest)"));
            }
        }
        try (Stream<Path> manifests = Files.isDirectory(s.manifestsDir()) ? Files.list(s.manifestsDir()) : Stream.empty()) {
            manifests.filter(p -> p.toString().endsWith(".yaml")).sorted()
                    .forEach(m -> imagesIn(m).forEach(i -> images.add(i + " (workload, " + m.getFileName() + ")")));
        } catch (IOException e) {
            images.add("(could not list " + s.manifestsDir() + ": " + e.getMessage() + ")");
        }
        if (s.kind() == ClusterKind.KUBECONFIG) {
            images.add(s.debugImage() + " (node debug pods; -Dpodwire.debug.image)");
        }
        StringBuilder sb = new StringBuilder("\n\nWays out without a registry:\n  1. the images this run's cluster pulls: ")
                .append(String.join(", ", images)).append(".\n");
        sb.append("  2. preload them: where a registry is reachable `docker pull` then `docker save -o images.tar …`;"
                + " here `docker load -i images.tar` (the node image), and for the images inside the cluster k3s's"
                + " airgap folder /var/lib/rancher/k3s/agent/images/ (k3s) or `kind load docker-image …` (kind).\n");
        sb.append("  3. -Dcalico.manifest=path/to/calico.yaml: Calico's manifest from disk instead of GitHub (point its"
                + " images at a mirror you can reach).\n");
        sb.append("  4. another target: -Dpodwire.cluster=kind (kind-config/), -Dpodwire.cluster=kubeconfig (an existing"
                + " cluster with Calico; -Dpodwire.kubeconfig or $KUBECONFIG), or -Dpodwire.cluster=lab (a lab node"
                + " built without any registry by ci/build-lab-image.sh; not a Kubernetes cluster).");
        return sb.toString();
    }

    static Set<String> imagesIn(Path yaml) {
        Set<String> images = new LinkedHashSet<>();
        try {
            Matcher m = IMAGE.matcher(Files.readString(yaml));
            while (m.find()) {
                images.add(m.group(1));
            }
        } catch (IOException e) {
            images.add("(could not read " + yaml + ": " + e.getMessage() + ")");
        }
        return images;
    }
}
