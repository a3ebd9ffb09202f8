package io.podwire.cluster;

import io.podwire.Timeouts;
import io.podwire.Log;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.podwire.InfrastructureException;
import io.podwire.node.ExpectedPod;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lab's workload (manifests/: namespace test, pinger, app) applied, Ready, and read back as expected pods. */
public final class Workload implements AutoCloseable {
    public static final String NAMESPACE = "test";
    public static final List<String> FILES = List.of("namespace.yaml", "pinger.yaml", "app.yaml");
    public static final Set<String> PODS = Set.of("pinger", "app");

    private final KubernetesClient client;
    private final List<ExpectedPod> pods;

    private Workload(KubernetesClient client, List<ExpectedPod> pods) {
        this.client = client;
        this.pods = pods;
    }

    public static Workload apply(KubernetesClient client, Path manifestsDir) {
        // a kind cluster is reused between runs: start from a clean namespace, never from someone else's
        Ownership.clearNamespaceForUs(client, NAMESPACE);
        for (String file : FILES) {
            Path p = manifestsDir.resolve(file);
            for (HasMetadata r : load(client, p)) {
                try {
                    client.resource(r).fieldManager(CalicoInstaller.FIELD_MANAGER).forceConflicts().serverSideApply();
                } catch (KubernetesClientException e) {
                    throw new InfrastructureException("cannot apply " + r.getKind() + " " + r.getMetadata().getName()
                            + " from " + p + ": " + e.getMessage(), e);
                }
            }
        }
        PullFailures pulls = new PullFailures(Timeouts.IMAGE_PULL_FAILING);
        Waits.until("pods " + PODS + " Ready in namespace " + NAMESPACE, Timeouts.WORKLOAD_READY, () -> {
            List<Pod> live = client.pods().inNamespace(NAMESPACE).list().getItems();
            pulls.check(live, Instant.now());
            assertEquals(PODS, live.stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet()),
                    "pods in namespace " + NAMESPACE);
            for (Pod p : live) {
                assertTrue(isReady(p), "pod " + p.getMetadata().getName() + " not Ready: "
                        + Diagnostics.describePods(List.of(p)).strip());
            }
        });
        List<ExpectedPod> expected = client.pods().inNamespace(NAMESPACE).list().getItems().stream()
                .map(Workload::expected).sorted((a, b) -> a.name().compareTo(b.name())).toList();
        if (expected.stream().map(ExpectedPod::node).distinct().count() != 1) {
            throw new InfrastructureException("pinger and app must run on one node (pod affinity in manifests/app.yaml),"
                    + " but run on " + expected.stream().map(p -> p.name() + "@" + p.node()).toList());
        }
        expected.forEach(p -> Log.info("pod " + p.key() + " on " + p.node() + " ip " + p.ip() + " containers "
                + p.containers()));
        return new Workload(client, expected);
    }

    /** The resources of one workload manifest; each must carry podwire's label, since only labelled ones are removed. */
    static List<HasMetadata> load(KubernetesClient client, Path p) {
        List<HasMetadata> resources;
        try (InputStream in = Files.newInputStream(p)) {
            resources = client.load(in).items();
        } catch (IOException e) {
            throw new InfrastructureException("cannot read workload manifest " + p + ": " + e.getMessage(), e);
        } catch (KubernetesClientException e) {
            throw new InfrastructureException("cannot parse workload manifest " + p + ": " + e.getMessage(), e);
        }
        for (HasMetadata r : resources) {
            if (!Ownership.isOurs(r)) {
                throw new InfrastructureException(r.getKind() + " " + r.getMetadata().getName() + " in " + p
                        + " has no label " + Ownership.MANAGED_BY + ": " + Ownership.PODWIRE
                        + "; podwire applies only what it can later recognise as its own");
            }
        }
        return resources;
    }

    /** What the API says about a pod: node, IPv4 and (dual-stack) IPv6 address, container names, host network. */
    public static ExpectedPod expected(Pod p) {
        // status.podIPs holds one address per family on a dual-stack cluster; podIP is the first of them
        List<String> ips = new ArrayList<>();
        if (p.getStatus() != null && p.getStatus().getPodIP() != null) {
            ips.add(p.getStatus().getPodIP());
        }
        if (p.getStatus() != null && p.getStatus().getPodIPs() != null) {
            p.getStatus().getPodIPs().forEach(a -> ips.add(a.getIp()));
        }
        return new ExpectedPod(p.getMetadata().getNamespace(), p.getMetadata().getName(), p.getSpec().getNodeName(),
                ips.stream().filter(a -> a != null && !a.contains(":")).findFirst().orElse(null),
                p.getSpec().getContainers().stream().map(Container::getName).toList(),
                Boolean.TRUE.equals(p.getSpec().getHostNetwork()),
                ips.stream().filter(a -> a != null && a.contains(":")).findFirst().orElse(null));
    }

    private static boolean isReady(Pod p) {
        return p.getStatus() != null && p.getStatus().getConditions() != null && p.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    public List<ExpectedPod> pods() {
        return pods;
    }

    @Override
    public void close() {
        try {
            Ownership.deleteOwnNamespace(client, NAMESPACE);
        } catch (RuntimeException e) {
            Log.info("namespace " + NAMESPACE + " was not removed: " + e.getMessage());
        }
    }
}
