package io.podwire.profile;

import io.podwire.node.Observed;

import io.podwire.profile.plugins.ReferencePluginProfile;
import io.podwire.profile.plugins.PluginConf;
import io.podwire.profile.plugins.ExpectedRoute;

import io.podwire.profile.calico.CalicoProfile;

import io.podwire.lab.ReferencePlugin;
import io.podwire.node.NodeState;
import io.podwire.node.RecordedSnapshots;
import io.podwire.node.Route;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("CNI profiles: detected from the first CNI config, overridden on request, each saying how it was chosen")
class CniProfilesTest {

    private static NodeState withConfigs(String files) {
        return RecordedSnapshots.stateOf(RecordedSnapshots.withSection(RecordedSnapshots.text(RecordedSnapshots.THREE_PODS),
                "cni.config", RecordedSnapshots.CNI_COMMAND, 0, files, ""));
    }

    private static NodeState withFlannelSubnet(String section, String files) {
        String text = RecordedSnapshots.withSection(RecordedSnapshots.text(RecordedSnapshots.THREE_PODS), "cni.config",
                RecordedSnapshots.CNI_COMMAND, 0, files, "");
        return RecordedSnapshots.stateOf(RecordedSnapshots.withSection(text, "flannel.subnet",
                "grep -E '^FLANNEL_(NETWORK|SUBNET|MTU|IPMASQ)=' /run/flannel/subnet.env", 0, section, ""));
    }

    /** The plugin's configs, and the file its daemon keeps (flanneld's subnet.env) as the snapshot prints it. */
    private static NodeState withPlugin(ReferencePlugin p) {
        String text = RecordedSnapshots.withSection(RecordedSnapshots.text(RecordedSnapshots.THREE_PODS), "cni.config",
                RecordedSnapshots.CNI_COMMAND, 0, file(p.configPath(), p.conflist()), "");
        String subnet = p.daemonFile().map(f -> "file " + f.getKey() + "\n" + f.getValue()).orElse("absent /run/flannel/subnet.env\n");
        return RecordedSnapshots.stateOf(RecordedSnapshots.withSection(text, "flannel.subnet",
                "grep -E '^FLANNEL_(NETWORK|SUBNET|MTU|IPMASQ)=' /run/flannel/subnet.env", 0, subnet, ""));
    }

    private static String file(String path, String json) {
        return "==> " + path + " <==\n" + json + "\n";
    }

    @Test
    void theFirstPluginsTypeChoosesTheProfile() {
        assertSame(CalicoProfile.INSTANCE, CniProfiles.detect(withConfigs(RecordedSnapshots.LAB_CNI_CONFIG), "").profile());
        for (ReferencePlugin p : ReferencePlugin.values()) {
            NodeState node = withPlugin(p);
            CniProfiles.Detected d = CniProfiles.detect(node, "");
            assertEquals(p.type(), d.profile().name());
            assertEquals(p == ReferencePlugin.BRIDGE ? "type flannel of " + p.configPath() + " (flannel delegates to bridge)"
                    : "type " + p.type() + " of " + p.configPath(), d.how());
            Observed<PluginConf> conf = PluginConf.of(node, (ReferencePluginProfile) d.profile());
            assertTrue(conf.available(), conf::problem);
            assertEquals(p.subnet(), conf.value().subnet());
        }
    }

    @Test
    void flannelIsJudgedAsBridgeAndSaysWhatItCannotRead() {
        NodeState node = withFlannelSubnet("absent /run/flannel/subnet.env\n", file("/var/lib/rancher/k3s/agent/etc/cni/net.d/10-flannel.conflist",
                "{\"name\":\"cbr0\",\"cniVersion\":\"1.0.0\",\"plugins\":[{\"type\":\"flannel\",\"delegate\":"
                        + "{\"hairpinMode\":true,\"forceAddress\":true,\"isDefaultGateway\":true}},{\"type\":\"portmap\"}]}"));
        CniProfiles.Detected d = CniProfiles.detect(node, "");
        Observed<PluginConf> conf = PluginConf.of(node, ReferencePluginProfile.BRIDGE);
        assertSame(ReferencePluginProfile.BRIDGE, d.profile());
        assertTrue(d.how().contains("flannel delegates to bridge"), d.how());
        assertFalse(conf.available());
        assertTrue(conf.problem().contains("/run/flannel/subnet.env is absent"), conf.problem());
    }

    @Test
    void theOverrideWinsAndSaysSo() {
        CniProfiles.Detected d = CniProfiles.detect(withConfigs(RecordedSnapshots.LAB_CNI_CONFIG), "ptp");
        assertSame(ReferencePluginProfile.PTP, d.profile());
        assertTrue(d.how().startsWith("-Dpodwire.cni=ptp overrides detection (type calico of "), d.how());
        assertThrows(IllegalArgumentException.class, () -> CniProfiles.detect(withConfigs(""), "cilium"));
    }

    @Test
    void noConfigOrDisagreeingOnesFallBackToCalicoSayingWhy() {
        assertTrue(CniProfiles.detect(withConfigs(""), "").how().startsWith("no CNI config read"));
        CniProfiles.Detected d = CniProfiles.detect(withConfigs(file("/etc/cni/net.d/10-ptp.conflist",
                ReferencePlugin.PTP.conflist()) + file("/var/lib/rancher/k3s/agent/etc/cni/net.d/10-calico.conflist",
                "{\"plugins\":[{\"type\":\"calico\"}]}")), "");
        assertSame(CalicoProfile.INSTANCE, d.profile());
        assertTrue(d.how().contains("disagree") && d.how().endsWith("judged by the calico profile, podwire's default"), d.how());
    }

    @Test
    void ptpsPodRoutesAreTheGatewayHostRouteTheSubnetViaItAndTheIpamRoutes() {
        PluginConf c = PluginConf.of(withPlugin(ReferencePlugin.PTP), ReferencePluginProfile.PTP).value();
        assertEquals(List.of("10.244.0.1 dev eth0 scope link proto boot", "10.244.0.0/24 via 10.244.0.1 dev eth0 proto boot",
                        "default via 10.244.0.1 dev eth0 proto boot"),
                ReferencePluginProfile.PTP.podRoutes(c).stream().map(ExpectedRoute::line).toList());
        assertEquals("10.244.0.7 dev veth1 scope host proto boot", ReferencePluginProfile.PTP.nodeRoute("10.244.0.7", "veth1", c).line());
        assertEquals(List.of("10.244.0.1/32"), ReferencePluginProfile.PTP.hostEndAddresses(c));
    }

    @Test
    void bridgesPodRoutesAreTheKernelSubnetRouteTheIpamRoutesAndTheDefault() {
        PluginConf c = PluginConf.of(withPlugin(ReferencePlugin.BRIDGE), ReferencePluginProfile.BRIDGE).value();
        assertEquals(List.of("10.42.0.0/24 dev eth0 scope link proto kernel", "10.42.0.0/16 via 10.42.0.1 dev eth0 proto boot",
                        "default via 10.42.0.1 dev eth0 proto boot"),
                ReferencePluginProfile.BRIDGE.podRoutes(c).stream().map(ExpectedRoute::line).toList());
        assertEquals(java.util.Optional.of("10.42.0.1/24"), ReferencePluginProfile.BRIDGE.bridgeAddress(c));
        assertEquals(1450, c.expectedMtu()); // flanneld's FLANNEL_MTU (vxlan), which flannel hands bridge
        assertTrue(new ExpectedRoute("default", "10.42.0.1", "eth0", null, Route.BOOT).matches(new Route(Route.INET, "main",
                "default", "10.42.0.1", "eth0", null, Route.BOOT, Route.UNICAST, List.of(), "{}")));
    }
}
