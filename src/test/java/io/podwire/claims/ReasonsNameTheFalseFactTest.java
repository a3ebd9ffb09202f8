package io.podwire.claims;

import io.podwire.verdict.Verdict;
import io.podwire.verdict.VerdictMessages;
import io.podwire.verdict.ClaimId;

import io.podwire.lab.LabPod;
import io.podwire.node.ExpectedPod;
import io.podwire.node.NodeState;
import io.podwire.node.PodSideViews;
import io.podwire.node.RecordedSnapshots;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19's wrong reasons, each on the recorded healthy lab snapshot edited the way an independent tester's node
 * differed: the verdict names the first expected fact that is false, with exactly that fact's observed value, and a
 * value that was never observed is INCONCLUSIVE, never FAIL.
 */
@DisplayName("A FAIL names the fact that is false, with its own value; an unread value is never a FAIL")
class ReasonsNameTheFalseFactTest {
    private static final List<ExpectedPod> PODS = LabPod.standard().stream().map(p -> p.expected("lab-node")).toList();
    private static final ExpectedPod WEB = PODS.get(2);
    private static final String HEALTHY = RecordedSnapshots.text(RecordedSnapshots.THREE_PODS);
    private static final String WEB_VIEW = "netns.view.cni-c16e6ca4-cb2a-48dd-9e29-9efa1dcfb2d1";
    private static final String WEB_ROUTE = "{\"dst\":\"10.42.0.12\",\"dev\":\"cali787c498fb7a\",\"scope\":\"link\",\"flags\":[]}";

    @Test
    @DisplayName("C9: a route to the right cali with scope global is a wrong scope, not \"does not route to caliX\"")
    void aWrongScopeIsNamedAsTheScope() {
        Verdict c9 = c9WithRoutes(routes().replace(WEB_ROUTE, WEB_ROUTE.replace(",\"scope\":\"link\"", "")));
        DecidingFact.assertFailsOn(c9, "node route 10.42.0.12 scope", "scope link", "scope global");
    }

    @Test
    @DisplayName("C9: a pod reached through a subnet route has no /32 route, and the verdict names the subnet route")
    void aSubnetRouteIsNamedNotNoRoute() {
        String subnet = "{\"dst\":\"10.42.0.0/24\",\"dev\":\"cali787c498fb7a\",\"scope\":\"link\",\"flags\":[]}";
        Verdict c9 = c9WithRoutes(routes().replace(WEB_ROUTE, subnet));
        DecidingFact.assertFailsOn(c9, "node route 10.42.0.12/32", "10.42.0.12 dev cali787c498fb7a scope link",
                "no 10.42.0.12/32 route; 10.42.0.0/24 dev cali787c498fb7a scope link");
        // one wording check: the reason says what carries the pod's traffic instead
        assertTrue(c9.reason().contains("through 10.42.0.0/24 dev cali787c498fb7a"), c9::reason);
    }

    @Test
    @DisplayName("C3: an eth0@ifN of kind macvlan is named by its kind, not as \"no @ifX peer\"")
    void aMacvlanEth0IsNamedByItsKind() {
        String view = RecordedSnapshots.stdout(HEALTHY, WEB_VIEW);
        String veth = "\"link_netnsid\":0,\"promiscuity\":0,\"allmulti\":0,\"min_mtu\":68,\"max_mtu\":65535,\"linkinfo\":{\"info_kind\":\"veth\"}";
        assertTrue(view.contains(veth), view);
        Verdict c3 = onView(ClaimId.C3, view.replace(veth, veth.replace("\"veth\"", "\"macvlan\",\"info_data\":{\"mode\":\"bridge\"}")));
        DecidingFact.assertFailsOn(c3, "eth0 kind", "kind veth", "kind macvlan, not veth");
    }

    @Test
    @DisplayName("C12 names C6's name with Felix's prefix: under FELIX_INTERFACEPREFIX=tap,cali both say tap…")
    void c12NamesC6sNameWithFelixsPrefix() {
        NodeState s = RecordedSnapshots.stateOf(RecordedSnapshots.withSection(HEALTHY, "felix.env",
                RecordedSnapshots.FELIX_ENV_COMMAND, 0, RecordedSnapshots.LAB_FELIX_ENV + "FELIX_INTERFACEPREFIX=tap,cali\n", ""));
        Verdict c6 = ClaimEngine.evaluate(ClaimId.C6, WEB, s, PodSideViews.none());
        Verdict c12 = ClaimEngine.evaluate(ClaimId.C12, WEB, s, PodSideViews.none());
        DecidingFact.assertFailsOn(c6, "node end name", "tap787c498fb7a", "cali787c498fb7a");
        assertEquals("tap787c498fb7a", c12.evidence().values().get("c6Name"), VerdictMessages.describe(c12));
    }

    @Test
    @DisplayName("C7: a pod netns without an id while node links' netns ids resolve to nothing is not observed, not \"peer of 0 node links\"")
    void anUnresolvedNetnsIdIsNotZeroLinks() {
        // ip netns list shows the web netns without its id: which netns link-netnsid 3 is was not observed
        String list = RecordedSnapshots.stdout(HEALTHY, "netns.list");
        String text = RecordedSnapshots.withSection(HEALTHY, "netns.list", "ip netns list", 0,
                list.replace("cni-c16e6ca4-cb2a-48dd-9e29-9efa1dcfb2d1 (id: 3)", "cni-c16e6ca4-cb2a-48dd-9e29-9efa1dcfb2d1"), "");
        NodeState s = RecordedSnapshots.stateOf(text);
        for (ClaimId claim : List.of(ClaimId.C5, ClaimId.C6, ClaimId.C7, ClaimId.C8, ClaimId.C9)) {
            Verdict v = ClaimEngine.evaluate(claim, WEB, s, PodSideViews.none());
            assertEquals(Verdict.Status.INCONCLUSIVE, v.status(), VerdictMessages.describe(v));
            assertEquals("ip -j -d link show", v.evidence().decidedBy(), VerdictMessages.describe(v));
        }
        // the other pods' netns have their ids: their links are decided
        Verdict app = ClaimEngine.evaluate(ClaimId.C7, PODS.get(1), s, PodSideViews.none());
        assertEquals(Verdict.Status.PASS, app.status(), VerdictMessages.describe(app));
    }

    private static String routes() {
        String routes = RecordedSnapshots.stdout(HEALTHY, "node.routes");
        assertTrue(routes.contains(WEB_ROUTE), routes);
        return routes;
    }

    private static Verdict c9WithRoutes(String routes) {
        return ClaimEngine.evaluate(ClaimId.C9, WEB, RecordedSnapshots.stateOf(RecordedSnapshots.withSection(HEALTHY,
                "node.routes", "ip -j route show table main", 0, routes, "")), PodSideViews.none());
    }

    private static Verdict onView(ClaimId claim, String view) {
        String text = RecordedSnapshots.withSection(HEALTHY, WEB_VIEW, RecordedSnapshots.viewCommand(
                WEB_VIEW.substring("netns.view.".length())), 0, view, "");
        return ClaimEngine.evaluate(claim, WEB, RecordedSnapshots.stateOf(text), PodSideViews.none());
    }
}
