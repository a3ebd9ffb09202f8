package io.podwire.cluster;

import io.podwire.Timeouts;
import io.podwire.Log;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Namespaced;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lab's workload (manifests/: a namespace, pinger, app) applied into the run's own namespace
 * ({@link RunScope#namespace()}, replacing the manifests' `test`), Ready, and read back as expected pods. The pods keep
 * their names; every object carries the run's id, so a concurrent run on the same cluster never sees them.
 */
public final class Workload implements AutoCloseable {
    public static final List<String> FILES = List.of("namespace.yaml", "allow-probe.yaml", "pinger.yaml", "app.yaml");
    public static final Set<String> PODS = Set.of("pinger", "app");
    /** On a multi-node target: a pod kept off pinger's node by required anti-affinity, the cross-node probe target. */
    public static final String REMOTE_FILE = "remote.yaml";
    public static final String REMOTE = "remote";

    private final KubernetesClient client;
    private final RunScope run;
    private final List<ExpectedPod> pods;

    private Workload(KubernetesClient client, RunScope run, List<ExpectedPod> pods) {
        this.client = client;
        this.run = run;
        this.pods = pods;
    }

    public static Workload apply(KubernetesClient client, Path manifestsDir, RunScope run) {
        return apply(client, manifestsDir, run, 1);
    }

    /** The manifests a target of {@code nodes} nodes gets: the remote pod only where there is another node for it. */
    static List<String> files(int nodes) {
        List<String> files = new ArrayList<>(FILES);
        if (nodes > 1) {
            files.add(REMOTE_FILE);
        }
        return List.copyOf(files);
    }

    static Set<String> pods(int nodes) {
        return nodes > 1 ? Set.of("pinger", "app", REMOTE) : PODS;
    }

    /**
     * The workload on a target of {@code nodes} nodes (-Dpodwire.cluster.nodes): pinger and app on one node, and
     * with more than one node the pod remote on another, so that the pinger's probes cross nodes.
     */
    public static Workload apply(KubernetesClient client, Path manifestsDir, RunScope run, int nodes) {
        String namespace = run.namespace();
        Set<String> podNames = pods(nodes);
        // what a crashed run left is swept only once it is old; a live concurrent run's namespace is never touched
        Ownership.sweepAbandoned(client, run, Instant.now());
        Ownership.requireFreeFor(client, run, namespace);
        for (String file : files(nodes)) {
            Path p = manifestsDir.resolve(file);
            for (HasMetadata r : load(client, p)) {
                scope(r, run, p);
                try {
                    // created, not server-side applied: in the run's fresh namespace nothing of that name may exist
                    // yet, and an apply with forceConflicts would silently take over whatever did
                    if (!(r instanceof Namespace && client.namespaces().withName(namespace).get() != null)) {
                        client.resource(r).create();
                    }
                } catch (KubernetesClientException e) {
                    throw new InfrastructureException("cannot apply " + r.getKind() + " " + r.getMetadata().getName()
                            + " from " + p + " into namespace " + namespace + ": " + e.getMessage(), e);
                }
            }
        }
        PullFailures pulls = new PullFailures(Timeouts.IMAGE_PULL_FAILING);
        Waits.until("pods " + new java.util.TreeSet<>(podNames) + " Ready in namespace " + namespace,
                Timeouts.WORKLOAD_READY, () -> {
            List<Pod> live = client.pods().inNamespace(namespace).list().getItems();
            pulls.check(live, Instant.now());
            assertEquals(podNames, live.stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet()),
                    "pods in namespace " + namespace);
            for (Pod p : live) {
                assertTrue(isReady(p), "pod " + p.getMetadata().getName() + " not Ready: "
                        + Diagnostics.describePods(List.of(p)).strip());
            }
        });
        List<ExpectedPod> expected = client.pods().inNamespace(namespace).list().getItems().stream()
                .map(Workload::expected).sorted((a, b) -> a.name().compareTo(b.name())).toList();
        requirePlacement(expected);
        expected.forEach(p -> Log.info("pod " + p.key() + " on " + p.node() + " ip " + p.ip() + " containers "
                + p.containers()));
        return new Workload(client, run, expected);
    }

    /**
     * pinger and app share a node (same-node traffic, one snapshot holds both); remote, where there is one, runs on
     * another node (cross-node traffic): anything else is a workload that does not probe what the run says it does.
     */
    static void requirePlacement(List<ExpectedPod> pods) {
        Map<String, String> nodeOf = new LinkedHashMap<>();
        pods.forEach(p -> nodeOf.put(p.name(), p.node()));
        String where = pods.stream().map(p -> p.name() + "@" + p.node()).toList().toString();
        if (!java.util.Objects.equals(nodeOf.get("pinger"), nodeOf.get("app"))) {
            throw new InfrastructureException("pinger and app must run on one node (pod affinity in manifests/app.yaml),"
                    + " but run on " + where);
        }
        if (nodeOf.containsKey(REMOTE) && java.util.Objects.equals(nodeOf.get(REMOTE), nodeOf.get("pinger"))) {
            throw new InfrastructureException("remote must run on another node than pinger (pod anti-affinity in"
                    + " manifests/remote.yaml), but runs on " + where + ": the probe would not cross nodes");
        }
    }

    /**
     * Puts a manifest's resource into the run: the Namespace is renamed to the run's namespace, every namespaced
     * resource moved into it, and each labelled with the run id. Any other cluster-scoped kind is refused: two runs
     * would share it.
     */
    public static void scope(HasMetadata r, RunScope run, Path from) {
        if (r instanceof Namespace) {
            r.getMetadata().setName(run.namespace());
        } else if (r instanceof Namespaced) {
            r.getMetadata().setNamespace(run.namespace());
        } else {
            throw new InfrastructureException(r.getKind() + " " + r.getMetadata().getName() + " in " + from
                    + " is cluster-scoped; podwire applies the workload into each run's own namespace only");
        }
        Map<String, String> labels = new LinkedHashMap<>(r.getMetadata().getLabels());
        labels.putAll(run.labels());
        r.getMetadata().setLabels(labels);
    }

    /** The resources of one workload manifest; each must carry podwire's label, since only labelled ones are removed. */
    public static List<HasMetadata> load(KubernetesClient client, Path p) {
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

    /**
     * What the API says about a pod: node, IPv4 and (dual-stack) IPv6 address, container names, host network, and its
     * uid, so that churn can tell a pod recreated under this name before the snapshot from this one.
     */
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
                ips.stream().filter(a -> a != null && a.contains(":")).findFirst().orElse(null),
                MultusInterfaces.declared(p.getMetadata().getAnnotations()), p.getMetadata().getUid());
    }

    private static boolean isReady(Pod p) {
        return p.getStatus() != null && p.getStatus().getConditions() != null && p.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    public List<ExpectedPod> pods() {
        return pods;
    }

    /** The run's namespace the pods were applied into. */
    public String namespace() {
        return run.namespace();
    }

    /** Removes the run's namespace (and with it pinger and app); never another run's, never throws. */
    @Override
    public void close() {
        try {
            Ownership.deleteRunNamespace(client, run, run.namespace());
        } catch (RuntimeException e) {
            Log.info("namespace " + run.namespace() + " was not removed: " + e.getMessage()
                    + "; delete it by hand: kubectl delete namespace " + run.namespace());
        }
    }
}
