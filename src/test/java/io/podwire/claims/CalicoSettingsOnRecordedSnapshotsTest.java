package io.podwire.claims;

import io.podwire.profile.calico.CalicoProfile;

import io.podwire.profile.calico.CalicoNaming;

import io.podwire.verdict.Verdict;
import io.podwire.verdict.VerdictMessages;
import io.podwire.verdict.ClaimId;

import io.podwire.node.ExpectedPod;
import io.podwire.lab.LabCalico;
import io.podwire.lab.LabPod;
import io.podwire.lab.LabWiring;
import io.podwire.node.RecordedSnapshots;
import io.podwire.node.NodeState;
import io.podwire.node.PodSideViews;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13 item 7: the settings a Calico may be configured with (Felix's interface prefix and device route
 * protocol, the CNI config's IPAM routes) decide what C4-C9 expect; read and violated is FAIL, not readable is
 * INCONCLUSIVE, never FAIL. On the recorded healthy lab snapshot (RecordedSnapshots.text: calico.yaml's configuration).
 */
@DisplayName("Calico settings (interface prefix, IPAM routes, device route protocol) on recorded snapshots")
class CalicoSettingsOnRecordedSnapshotsTest {
    private static final List<ExpectedPod> PODS = LabPod.standard().stream().map(p -> p.expected("lab-node")).toList();
    private static final ExpectedPod APP = PODS.get(1);
    private static final ExpectedPod WEB = PODS.get(2);
    private static final String HEALTHY = RecordedSnapshots.text(RecordedSnapshots.THREE_PODS);
    private static final String WEB_VIEW = "netns.view.cni-c16e6ca4-cb2a-48dd-9e29-9efa1dcfb2d1";
    private static final String DEFAULT_ROUTE = "{\"type\":\"unicast\",\"dst\":\"default\",\"gateway\":\"169.254.1.1\","
            + "\"dev\":\"eth0\",\"protocol\":\"boot\",\"scope\":\"global\",\"flags\":[]}";

    @Test
    @DisplayName("calico.yaml's configuration (no FELIX_ prefix or protocol, calico-ipam): C1-C9 hold, evidence names the default")
    void theDefaultConfigurationHoldsAndNamesItsSource() {
        NodeState s = RecordedSnapshots.stateOf(HEALTHY);
        assertAllHold(s);
        Verdict c6 = ClaimEngine.evaluate(ClaimId.C6, APP, s, PodSideViews.none());
        assertTrue(c6.reason().contains("the default cali (FELIX_INTERFACEPREFIX not in Felix's environment, pid 20)"),
                c6::reason);
        Verdict c9 = ClaimEngine.evaluate(ClaimId.C9, APP, s, PodSideViews.none());
        assertTrue(String.valueOf(c9.evidence().values().get("protocolSource")).startsWith(
                "FELIX_DEVICEROUTEPROTOCOL not in Felix's environment"), c9::toString);
    }

    @Test
    @DisplayName("C5-C8: the prefix is FELIX_INTERFACEPREFIX's first entry; Felix accepts every entry as a workload's")
    void theInterfacePrefixComesFromFelixsEnvironment() {
        // cali second: the recorded cali veths are workload interfaces to Felix, but new ones are named wl… (a prefix of
        // up to 4 characters: with the 11 hex characters the name must fit IFNAMSIZ, 15)
        NodeState second = withFelix("FELIX_INTERFACEPREFIX=wl,cali\n");
        Verdict c6 = ClaimEngine.evaluate(ClaimId.C6, APP, second, PodSideViews.none());
        assertEquals(Verdict.Status.FAIL, c6.status(), VerdictMessages.describe(c6));
        assertEquals(CalicoNaming.hostVethName("wl", "test", "app"), c6.expected(), "expected name");
        assertEquals("cali661a0e7385d", c6.observed(), "observed name");
        assertTrue(c6.reason().contains("FELIX_INTERFACEPREFIX=wl,cali in Felix's environment (pid 20)"), c6::reason);
        assertEquals(Verdict.Status.PASS, ClaimEngine.evaluate(ClaimId.C5, APP, second, PodSideViews.none()).status());
        assertEquals(Verdict.Status.PASS, PodWiringClaims.c7NoOrphanWorkloadLinks(second, CalicoProfile.INSTANCE).status());
        // cali first: exactly the recorded wiring, and Felix's lower-cased key as Felix accepts it
        assertAllHold(withFelix("felix_interfacePrefix=cali,wl\n"));
        // wl alone: a cali veth is no workload interface to Felix
        NodeState only = withFelix("FELIX_INTERFACEPREFIX=wl\n");
        Verdict c5 = ClaimEngine.evaluate(ClaimId.C5, WEB, only, PodSideViews.none());
        assertEquals(Verdict.Status.FAIL, c5.status(), VerdictMessages.describe(c5));
        assertTrue(c5.reason().contains("[wl]"), c5::reason);
    }

    @Test
    @DisplayName("C5-C9: no Felix process, or Felix processes that disagree, leave the prefix and protocol INCONCLUSIVE, never FAIL")
    void anUnreadableFelixSettingIsInconclusive() {
        for (String felix : List.of("", "felix pid 20\nfelix pid 21\nFELIX_INTERFACEPREFIX=wl\n")) {
            NodeState s = RecordedSnapshots.stateOf(RecordedSnapshots.withSection(HEALTHY, "felix.env", RecordedSnapshots.FELIX_ENV_COMMAND, 0, felix, ""));
            for (ClaimId claim : List.of(ClaimId.C5, ClaimId.C6, ClaimId.C9)) {
                Verdict v = ClaimEngine.evaluate(claim, WEB, s, PodSideViews.none());
                assertEquals(Verdict.Status.INCONCLUSIVE, v.status(), () -> felix + ": " + VerdictMessages.describe(v));
            }
            assertEquals(Verdict.Status.INCONCLUSIVE, PodWiringClaims.c7NoOrphanWorkloadLinks(s, CalicoProfile.INSTANCE).status(), felix);
            // C4 reads no Felix setting, C8 finds the node end by identity, whatever it is named
            for (ClaimId claim : List.of(ClaimId.C4, ClaimId.C8)) {
                assertEquals(Verdict.Status.PASS, ClaimEngine.evaluate(claim, WEB, s, PodSideViews.none()).status(), felix);
            }
        }
        Verdict c6 = ClaimEngine.evaluate(ClaimId.C6, WEB, RecordedSnapshots.stateOf(RecordedSnapshots.withSection(HEALTHY, "felix.env",
                RecordedSnapshots.FELIX_ENV_COMMAND, 0, "", "")), PodSideViews.none());
        assertTrue(c6.reason().contains("no Felix process"), c6::reason);
    }

    @Test
    @DisplayName("C9: the route's protocol is FELIX_DEVICEROUTEPROTOCOL's; unset, boot holds and another one is INCONCLUSIVE")
    void theHostRouteProtocolIsFelixsDeviceRouteProtocol() {
        NodeState configured = withFelix("FELIX_DEVICEROUTEPROTOCOL=80\n");
        Verdict boot = ClaimEngine.evaluate(ClaimId.C9, APP, configured, PodSideViews.none());
        DecidingFact.assertFailsOn(boot, "node route 10.42.0.11 protocol", "proto 80", "proto boot = 3");
        assertTrue(boot.reason().contains("FELIX_DEVICEROUTEPROTOCOL=80 in Felix's environment"), boot::reason);

        String routes = RecordedSnapshots.stdout(HEALTHY, "node.routes");
        String app = "{\"dst\":\"10.42.0.11\",\"dev\":\"cali661a0e7385d\",\"scope\":\"link\",\"flags\":[]}";
        assertTrue(routes.contains(app), routes);
        String proto80 = routes.replace(app, app.replace("\"scope\"", "\"protocol\":\"80\",\"scope\""));
        NodeState s80 = RecordedSnapshots.stateOf(RecordedSnapshots.withSection(RecordedSnapshots.withSection(HEALTHY, "felix.env",
                        RecordedSnapshots.FELIX_ENV_COMMAND, 0, RecordedSnapshots.LAB_FELIX_ENV + "FELIX_DEVICEROUTEPROTOCOL=80\n", ""),
                "node.routes", "ip -j route show table main", 0, proto80, ""));
        assertEquals(Verdict.Status.PASS, ClaimEngine.evaluate(ClaimId.C9, APP, s80, PodSideViews.none()).status());

        // not set in Felix's environment: a FelixConfiguration may set it, which is not on the node
        String stat = routes.replace(app, app.replace("\"scope\"", "\"protocol\":\"static\",\"scope\""));
        Verdict unset = ClaimEngine.evaluate(ClaimId.C9, APP, RecordedSnapshots.stateOf(RecordedSnapshots.withSection(HEALTHY,
                "node.routes", "ip -j route show table main", 0, stat, "")), PodSideViews.none());
        assertEquals(Verdict.Status.INCONCLUSIVE, unset.status(), VerdictMessages.describe(unset));
        assertTrue(unset.reason().contains("proto static, not boot, and FELIX_DEVICEROUTEPROTOCOL not in Felix's"),
                unset::reason);
    }

    @Test
    @DisplayName("C5-C9: an invalid FELIX_DEVICEROUTEPROTOCOL is Felix's default 3 = boot, as Felix decides; the prefix stays read")
    void anInvalidDeviceRouteProtocolIsFelixsDefault() {
        // config_params.go 845-858: Felix replaces an invalid value with the default; env_var_loader.go: no trimming
        for (String invalid : List.of("boot", "80 ", "0x", "08")) {
            NodeState s = withFelix("FELIX_INTERFACEPREFIX=cali\nFELIX_DEVICEROUTEPROTOCOL=" + invalid + "\n");
            assertAllHold(s);
            Verdict c9 = ClaimEngine.evaluate(ClaimId.C9, APP, s, PodSideViews.none());
            assertEquals(3, c9.evidence().values().get("expectedProtocol"), invalid);
            assertEquals("FELIX_DEVICEROUTEPROTOCOL=" + invalid + " in Felix's environment is no int: Felix replaces it"
                    + " with its default 3 = boot", c9.evidence().values().get("protocolSource"), invalid);
        }
        // the default is decided, not guessed: a route of another protocol FAILs, naming the rejected value
        String routes = RecordedSnapshots.stdout(HEALTHY, "node.routes");
        String app = "{\"dst\":\"10.42.0.11\",\"dev\":\"cali661a0e7385d\",\"scope\":\"link\",\"flags\":[]}";
        NodeState s80 = RecordedSnapshots.stateOf(RecordedSnapshots.withSection(RecordedSnapshots.withSection(HEALTHY, "felix.env",
                        RecordedSnapshots.FELIX_ENV_COMMAND, 0, RecordedSnapshots.LAB_FELIX_ENV + "FELIX_DEVICEROUTEPROTOCOL=boot\n", ""),
                "node.routes", "ip -j route show table main", 0,
                routes.replace(app, app.replace("\"scope\"", "\"protocol\":\"80\",\"scope\"")), ""));
        Verdict c9 = ClaimEngine.evaluate(ClaimId.C9, APP, s80, PodSideViews.none());
        DecidingFact.assertFailsOn(c9, "node route 10.42.0.11 protocol", "proto 3", "proto 80 = 80");
        // Felix's own spellings of an int: a base prefix, and `none` for the zero value
        Verdict hex = ClaimEngine.evaluate(ClaimId.C9, APP, withFelix("FELIX_DEVICEROUTEPROTOCOL=0x50\n"),
                PodSideViews.none());
        assertEquals(80, hex.evidence().values().get("expectedProtocol"), VerdictMessages.describe(hex));
    }

    @Test
    @DisplayName("C4 reads no MTU: an empty /var/lib/calico/mtu under netconf mtu 0 leaves C4 holding, C5's MTU INCONCLUSIVE")
    void anEmptyMtuFileTouchesOnlyTheMtu() {
        String cni = RecordedSnapshots.LAB_CNI_CONFIG.replace("\"mtu\":1500", "\"mtu\":0") + "\n==> /var/lib/calico/mtu <==\n\n";
        NodeState s = RecordedSnapshots.stateOf(RecordedSnapshots.withSection(HEALTHY, "cni.config", RecordedSnapshots.CNI_COMMAND, 0, cni, ""));
        for (ExpectedPod pod : PODS) {
            for (ClaimId claim : List.of(ClaimId.C4, ClaimId.C6, ClaimId.C7, ClaimId.C8, ClaimId.C9)) {
                Verdict v = ClaimEngine.evaluate(claim, pod, s, PodSideViews.none());
                assertEquals(Verdict.Status.PASS, v.status(), VerdictMessages.describe(v));
            }
            Verdict c5 = ClaimEngine.evaluate(ClaimId.C5, pod, s, PodSideViews.none());
            assertEquals(Verdict.Status.INCONCLUSIVE, c5.status(), VerdictMessages.describe(c5));
            assertTrue(c5.reason().contains("/var/lib/calico/mtu holds no MTU (empty)"), c5::reason);
        }
    }

    @Test
    @DisplayName("C4: an ipam.routes dst with host bits is the network net.ParseCIDR makes of it (10.96.0.1/12 = 10.96.0.0/12)")
    void ipamRoutesAreReadAsCalicoReadsThem() {
        String view = RecordedSnapshots.stdout(HEALTHY, WEB_VIEW);
        String routes = view.replace(DEFAULT_ROUTE, via("10.96.0.0/12") + "," + via("10.42.0.7"));
        Verdict c4 = c4(cni(LabCalico.ipamRoutes(false, "10.96.0.1/12", "10.42.0.7/32")), routes);
        assertEquals(Verdict.Status.PASS, c4.status(), VerdictMessages.describe(c4));
        assertEquals(List.of("10.96.0.0/12", "10.42.0.7"), c4.evidence().values().get("expectedRoutesViaGateway"));
        // an IPv6 dst in the config replaces the IPv4 default too (k8s.go 174-177): a single-stack pod has none
        Verdict v6only = c4(cni(LabCalico.ipamRoutes(false, "fd00:10:96::/108")), view);
        DecidingFact.assertFailsOn(v6only, "the pod's main-table routes on eth0",
                "exactly 169.254.1.1 dev eth0 scope link",
                "default via 169.254.1.1 dev eth0 scope global");
        Verdict v6onlyHolds = c4(cni(LabCalico.ipamRoutes(false, "fd00:10:96::/108")),
                view.replace(DEFAULT_ROUTE + ",", "").replace("," + DEFAULT_ROUTE, ""));
        assertEquals(Verdict.Status.PASS, v6onlyHolds.status(), VerdictMessages.describe(v6onlyHolds));
    }

    @Test
    @DisplayName("C4: host-local ipam.routes replace the default route in the pod, or join it with include_default_routes")
    void ipamRoutesReplaceTheDefaultRoute() {
        String view = RecordedSnapshots.stdout(HEALTHY, WEB_VIEW);
        assertTrue(view.contains(DEFAULT_ROUTE), view);
        String ipamRoutes = view.replace(DEFAULT_ROUTE, via("10.42.0.0/16") + "," + via("10.96.0.0/12"));
        String both = view.replace(DEFAULT_ROUTE, DEFAULT_ROUTE + "," + via("10.42.0.0/16") + "," + via("10.96.0.0/12"));
        String replacing = cni(LabCalico.ipamRoutes(false, "10.42.0.0/16", "10.96.0.0/12"));
        String joining = cni(LabCalico.ipamRoutes(true, "10.42.0.0/16", "10.96.0.0/12"));

        Verdict replaced = c4(replacing, ipamRoutes);
        assertEquals(Verdict.Status.PASS, replaced.status(), VerdictMessages.describe(replaced));
        assertTrue(replaced.reason().contains("ipam.routes of the host-local IPAM config, replacing the default"),
                replaced::reason);
        assertEquals(Verdict.Status.PASS, c4(joining, both).status());
        // the default route where the config replaces it, and the config's routes missing
        Verdict stale = c4(replacing, view);
        DecidingFact.assertFailsOn(stale, "route 10.42.0.0/16 via 169.254.1.1 dev eth0",
                "10.42.0.0/16 via 169.254.1.1 dev eth0", "no route to 10.42.0.0/16 (routes: default via 169.254.1.1"
                        + " dev eth0 scope global; 169.254.1.1 dev eth0 scope link)");
        // the IPAM routes without the default that include_default_routes keeps
        Verdict noDefault = c4(joining, ipamRoutes);
        assertEquals("route default via 169.254.1.1 dev eth0", noDefault.evidence().fact(),
                VerdictMessages.describe(noDefault));
        // ipam.routes of calico-ipam are not read by the plugin (k8s.go 92): the default stays
        String calicoIpam = replacing.replace("\"type\":\"host-local\"", "\"type\":\"calico-ipam\"");
        assertEquals(Verdict.Status.PASS, c4(calicoIpam, view).status());
        assertEquals(Verdict.Status.FAIL, c4(calicoIpam, ipamRoutes).status());
    }

    @Test
    @DisplayName("C4: without a readable CNI config, a route via 169.254.1.1 is INCONCLUSIVE, one not via it still FAILs")
    void anUnreadableCniConfigLeavesTheRouteSetInconclusive() {
        String view = RecordedSnapshots.stdout(HEALTHY, WEB_VIEW);
        String noCni = RecordedSnapshots.withSection(HEALTHY, "cni.config", RecordedSnapshots.CNI_COMMAND, 1, "",
                "head: cannot open '/etc/cni/net.d/*.conf*' for reading: No such file or directory");
        Verdict ipam = c4In(noCni, view.replace(DEFAULT_ROUTE, via("10.42.0.0/16")));
        assertEquals(Verdict.Status.INCONCLUSIVE, ipam.status(), VerdictMessages.describe(ipam));
        String direct = via("10.96.0.0/12").replace(",\"gateway\":\"169.254.1.1\"", "");
        Verdict notCalico = c4In(noCni, view.replace(DEFAULT_ROUTE, DEFAULT_ROUTE + "," + direct));
        assertEquals(Verdict.Status.FAIL, notCalico.status(), VerdictMessages.describe(notCalico));
    }

    private static String via(String dst) {
        return DEFAULT_ROUTE.replace("\"dst\":\"default\"", "\"dst\":\"" + dst + "\"");
    }

    private static String cni(LabCalico calico) {
        return "==> " + LabWiring.CNI_CONFIG + " <==\n" + LabWiring.cniConfig(LabWiring.MTU, calico);
    }

    private static Verdict c4(String cniFiles, String view) {
        return c4In(RecordedSnapshots.withSection(HEALTHY, "cni.config", RecordedSnapshots.CNI_COMMAND, 0, cniFiles, ""), view);
    }

    private static Verdict c4In(String text, String view) {
        String withView = RecordedSnapshots.withSection(text, WEB_VIEW, RecordedSnapshots.viewCommand(WEB_VIEW.substring("netns.view.".length())),
                0, view, "");
        return ClaimEngine.evaluate(ClaimId.C4, WEB, RecordedSnapshots.stateOf(withView), PodSideViews.none());
    }

    private static NodeState withFelix(String vars) {
        return RecordedSnapshots.stateOf(RecordedSnapshots.withSection(HEALTHY, "felix.env", RecordedSnapshots.FELIX_ENV_COMMAND, 0,
                RecordedSnapshots.LAB_FELIX_ENV + vars, ""));
    }

    private static void assertAllHold(NodeState s) {
        for (ExpectedPod pod : PODS) {
            for (ClaimId claim : List.of(ClaimId.C1, ClaimId.C2, ClaimId.C3, ClaimId.C4, ClaimId.C5, ClaimId.C6,
                    ClaimId.C7, ClaimId.C8, ClaimId.C9)) {
                Verdict v = ClaimEngine.evaluate(claim, pod, s, PodSideViews.none());
                assertEquals(Verdict.Status.PASS, v.status(), VerdictMessages.describe(v));
            }
        }
        assertEquals(Verdict.Status.PASS, PodWiringClaims.c7NoOrphanWorkloadLinks(s, CalicoProfile.INSTANCE).status());
    }
}
