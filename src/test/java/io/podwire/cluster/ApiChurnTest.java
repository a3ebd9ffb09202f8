package io.podwire.cluster;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.podwire.verdict.ClaimId;
import io.podwire.verdict.Verdict;
import io.podwire.verdict.VerdictMessages;
import io.podwire.lab.LabPod;
import io.podwire.node.AnsweringNode;
import io.podwire.node.ExpectedPod;
import io.podwire.node.NodeAccess;
import io.podwire.node.SyntheticSnapshot;
import io.podwire.run.Inspector;
import io.podwire.run.NodeInspection;
import io.podwire.run.NotJudged;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Churn on a live cluster (fabric8's mock server, crud): pods are listed once and their node snapshotted later; the
 * API is listed again after the snapshot, and a pod gone, replaced, ended, terminating or just started by then is not
 * judged, while a pod still there without a sandbox is (missing: C1 FAILs).
 */
@EnableKubernetesMockClient(crud = true)
@DisplayName("Churn: a pod that left, is leaving or just came is reported as such, never judged")
class ApiChurnTest {
    private static final String NODE = "node-a";
    private static final Duration SETTLE = Duration.ofSeconds(30);
    KubernetesClient client;

    @Test
    @DisplayName("a pod deleted between list and snapshot is GONE, a pod still listed without a sandbox FAILs C1 (missing)")
    void goneIsToldApartFromMissingByListingAgainAfterTheSnapshot() {
        Instant longAgo = Instant.now().minus(Duration.ofHours(1));
        List<LabPod> wired = LabPod.many(6);
        wired.forEach(p -> pod(p.namespace(), p.name(), NODE, "uid-" + p.name(), longAgo));
        pod("test", "deleted", NODE, "uid-deleted", longAgo);
        pod("test", "missing", NODE, "uid-missing", longAgo);
        ApiChurn churn = new ApiChurn(client);
        List<ExpectedPod> expected = new ArrayList<>(wired.stream().map(p -> p.expected(NODE)).toList());
        expected.add(new ExpectedPod("test", "deleted", NODE, "10.42.0.201", List.of("c"), false));
        expected.add(new ExpectedPod("test", "missing", NODE, "10.42.0.202", List.of("c"), false));
        // between list and snapshot: "deleted" is deleted (and its sandbox gone); "missing" loses its sandbox only
        client.pods().inNamespace("test").withName("deleted").delete();
        NodeAccess node = new AnsweringNode(NODE, SyntheticSnapshot.text(wired.stream().map(p -> p.expected(NODE)).toList()));

        NodeInspection i = Inspector.create().tellingChurn(churn.settlingFor(SETTLE)).inspectAll(byNode(node, expected), 1)
                .get(0);

        assertTrue(i.failure().isEmpty(), () -> String.valueOf(i.failure()));
        assertEquals(List.of("test/deleted"), i.notJudged().stream().map(NotJudged::podKey).toList(), "not judged");
        assertEquals(NotJudged.Outcome.GONE, i.notJudged().get(0).outcome());
        assertTrue(i.verdicts().stream().noneMatch(v -> v.pod().equals("deleted")), "a gone pod has no verdict at all");
        Verdict c1 = i.verdicts().stream().filter(v -> v.claim() == ClaimId.C1 && v.pod().equals("missing")).findFirst()
                .orElseThrow();
        assertEquals(Verdict.Status.FAIL, c1.status(), VerdictMessages.describe(c1));
        assertTrue(i.verdicts().stream().filter(v -> wired.stream().anyMatch(w -> w.name().equals(v.pod())))
                .filter(v -> v.claim().nodeSideOnly()).allMatch(v -> v.status() == Verdict.Status.PASS),
                "the pods that stayed are judged as before");
    }

    @Test
    @DisplayName("replaced (another uid), ended, terminating and young pods are each not judged with their own outcome")
    void eachKindOfChurnHasItsOutcome() {
        Instant snapshot = Instant.parse("2026-12-06T10:00:00Z");
        Instant old = snapshot.minus(Duration.ofHours(2));
        ApiChurn churn = new ApiChurn(client);
        List.of("replaced", "stays", "ended", "terminating").forEach(n -> pod("shop", n, NODE, "uid-" + n, old));
        pod("shop", "young", NODE, "uid-young", snapshot.minusSeconds(4));
        // the run's listing: each pod with the uid the API gave it then
        List<ExpectedPod> listed = client.pods().inNamespace("shop").list().getItems().stream().map(Workload::expected)
                .toList();
        client.pods().inNamespace("shop").withName("replaced").delete();
        pod("shop", "replaced", NODE, "uid-replaced-2", snapshot.minusSeconds(3));
        client.pods().inNamespace("shop").withName("ended").edit(p -> new PodBuilder(p).editStatus().withPhase("Succeeded")
                .endStatus().build());
        // a pod being deleted stays in the API with its deletionTimestamp until kubelet is done (here: a finalizer)
        client.pods().inNamespace("shop").withName("terminating").edit(p -> new PodBuilder(p).editMetadata()
                .addToFinalizers("podwire.io/hold").endMetadata().build());
        client.pods().inNamespace("shop").withName("terminating").delete();
        pod("shop", "elsewhere", "node-b", "uid-7", old);

        List<ExpectedPod> all = new ArrayList<>(listed);
        all.add(new ExpectedPod("shop", "elsewhere", NODE, "10.42.0.10", List.of("c"), false));
        Map<String, NotJudged.Outcome> outcomes = new TreeMap<>();
        churn.settlingFor(SETTLE).atSnapshot(NODE, all, snapshot, Instant.now()).forEach(n -> outcomes.put(n.pod(), n.outcome()));

        assertEquals(Map.of("replaced", NotJudged.Outcome.REPLACED, "ended", NotJudged.Outcome.GONE,
                "terminating", NotJudged.Outcome.TERMINATING, "young", NotJudged.Outcome.YOUNG,
                "elsewhere", NotJudged.Outcome.GONE), outcomes, "a pod on another node is not this node's pod");
        assertEquals(Map.of("replaced", NotJudged.Outcome.REPLACED, "ended", NotJudged.Outcome.GONE,
                        "terminating", NotJudged.Outcome.TERMINATING),
                new TreeMap<>(outcomesOf(churn.settlingFor(Duration.ZERO).atSnapshot(NODE, listed, snapshot, Instant.now()))),
                "a zero settle bound (the workload's, whose snapshot waits for Felix) never keeps a young pod unjudged");
    }

    @Test
    @DisplayName("a workload pod deleted and recreated under its name between listing and snapshot is REPLACED, naming both uids; listed without a uid it is judged (the control)")
    void aPodRecreatedUnderItsNameIsNotTheListedPod() {
        Instant longAgo = Instant.now().minus(Duration.ofHours(1));
        List<LabPod> wired = LabPod.many(2);
        // the API server gives each pod its uid (the mock server as the real one: whatever the client sent)
        List<String> uids = wired.stream().map(p -> pod(p.namespace(), p.name(), NODE, null, longAgo).getMetadata()
                .getUid()).sorted().toList();
        List<ExpectedPod> listed = client.pods().inNamespace(wired.get(0).namespace()).list().getItems().stream()
                .map(Workload::expected).sorted((a, b) -> a.name().compareTo(b.name())).toList();
        assertEquals(uids, listed.stream().map(ExpectedPod::uid).sorted().toList(), "the listing records each pod's uid");
        LabPod recreated = wired.get(1);
        String firstUid = listed.stream().filter(p -> p.name().equals(recreated.name())).findFirst().orElseThrow().uid();
        // between listing and snapshot: deleted and created again under its name (a rollout, a controller's retry)
        client.pods().inNamespace(recreated.namespace()).withName(recreated.name()).delete();
        String secondUid = pod(recreated.namespace(), recreated.name(), NODE, null, Instant.now()).getMetadata().getUid();
        assertTrue(secondUid != null && !secondUid.equals(firstUid), secondUid);
        // the node holds a ready sandbox of that name: by name alone the new pod's wiring would be judged as the old's
        NodeAccess node = new AnsweringNode(NODE, SyntheticSnapshot.text(wired.stream().map(p -> p.expected(NODE)).toList()));

        NodeInspection i = Inspector.create().tellingChurn(churn()).inspectAll(byNode(node, listed), 1).get(0);

        assertTrue(i.failure().isEmpty(), () -> String.valueOf(i.failure()));
        assertEquals(List.of(recreated.namespace() + "/" + recreated.name()),
                i.notJudged().stream().map(NotJudged::podKey).toList(), "not judged");
        NotJudged replaced = i.notJudged().get(0);
        assertEquals(NotJudged.Outcome.REPLACED, replaced.outcome());
        assertTrue(replaced.reason().contains("uid " + firstUid) && replaced.reason().contains("uid " + secondUid),
                replaced.reason());
        assertTrue(i.verdicts().stream().noneMatch(v -> v.pod().equals(recreated.name())), "a replaced pod has no verdict");
        assertTrue(i.verdicts().stream().anyMatch(v -> v.pod().equals(wired.get(0).name())), "the other pod is judged");

        List<ExpectedPod> withoutUids = listed.stream().map(p -> new ExpectedPod(p.namespace(), p.name(), p.node(),
                p.ip(), p.containers(), p.hostNetwork(), p.ipv6(), p.declaredInterfaces())).toList();
        NodeInspection control = Inspector.create().tellingChurn(churn()).inspectAll(byNode(node, withoutUids), 1).get(0);
        assertEquals(List.of(), control.notJudged(), "without the listed uid a same-named pod passes for the listed one");
        assertTrue(control.verdicts().stream().anyMatch(v -> v.pod().equals(recreated.name())));
    }

    private io.podwire.run.Churn churn() {
        return new ApiChurn(client).settlingFor(Duration.ZERO);
    }

    @Test
    @DisplayName("the rule alone: the reason names the uids, the deletionTimestamp and the age against the bound")
    void theReasonNamesWhatDecided() {
        Instant snapshot = Instant.parse("2026-12-06T10:00:00Z");
        ExpectedPod listed = new ExpectedPod("shop", "cart", NODE, "10.42.0.9", List.of("c"), false, null, List.of(), "u1");
        Pod young = new PodBuilder().withNewMetadata().withName("cart").withNamespace("shop").withUid("u1").endMetadata()
                .withNewSpec().withNodeName(NODE).endSpec().withNewStatus().withPhase("Running")
                .withStartTime("2026-12-06T09:59:50Z").endStatus().build();
        NotJudged y = ApiChurn.classify(listed, Optional.of(young), snapshot, SETTLE).orElseThrow();
        assertEquals(NotJudged.Outcome.YOUNG, y.outcome());
        assertTrue(y.reason().contains("2026-12-06T09:59:50Z, 10 s before") && y.reason().contains("30 s"), y.reason());
        ExpectedPod listedAsU0 = new ExpectedPod("shop", "cart", NODE, "10.42.0.9", List.of("c"), false, null, List.of(), "u0");
        NotJudged r = ApiChurn.classify(listedAsU0, Optional.of(young), snapshot, SETTLE).orElseThrow();
        assertEquals(NotJudged.Outcome.REPLACED, r.outcome());
        assertTrue(r.reason().contains("uid u0") && r.reason().contains("uid u1"), r.reason());
        Pod settled = new PodBuilder(young).editStatus().withStartTime("2026-12-06T09:59:29Z").endStatus().build();
        assertEquals(Optional.empty(), ApiChurn.classify(listed, Optional.of(settled), snapshot, SETTLE),
                "31 s before the snapshot: past the bound, judged");
    }

    private static Map<String, NotJudged.Outcome> outcomesOf(List<NotJudged> n) {
        Map<String, NotJudged.Outcome> m = new LinkedHashMap<>();
        n.forEach(x -> m.put(x.pod(), x.outcome()));
        return m;
    }

    private static Map<NodeAccess, Optional<List<ExpectedPod>>> byNode(NodeAccess node, List<ExpectedPod> pods) {
        Map<NodeAccess, Optional<List<ExpectedPod>>> m = new LinkedHashMap<>();
        m.put(node, Optional.of(pods));
        return m;
    }

    private Pod pod(String namespace, String name, String node, String uid, Instant started) {
        int n = Math.abs(name.hashCode() % 200) + 20;
        return client.resource(new PodBuilder().withNewMetadata().withName(name).withNamespace(namespace).withUid(uid)
                .endMetadata().withNewSpec().withNodeName(node).addNewContainer().withName("c").endContainer().endSpec()
                .withNewStatus().withPhase("Running").withPodIP("10.42.0." + n).withStartTime(started.toString())
                .endStatus().build()).create();
    }
}
