package io.podwire.profile.plugins;

import io.podwire.node.CniConfigs;
import io.podwire.node.Observed;
import io.podwire.node.RawSnapshot;
import io.podwire.node.Section;
import io.podwire.lab.ReferencePlugin;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bridge delegate flannel builds, derived from its conflist entry and subnet.env, checked against flannel's own
 * documented example (flannel-io/cni-plugin README.md "Operation": `{"name":"mynet","type":"flannel"}` and its
 * subnet.env give type bridge, mtu 1472, ipMasq false, isGateway true, host-local over 10.1.17.0/24) and against
 * the delegate the lab hands Debian's bridge binary for k3s's flannel conflist.
 */
@DisplayName("flannel's bridge delegate: derived from its conflist and subnet.env as flannel derives it")
class FlannelDelegateTest {
    private static final String README_ENV = "FLANNEL_NETWORK=10.1.0.0/16\nFLANNEL_SUBNET=10.1.17.1/24\nFLANNEL_MTU=1472\n"
            + "FLANNEL_IPMASQ=true\n";

    private static CniConfigs.Config config(String network, String pluginJson) {
        return new CniConfigs.Config("/etc/cni/net.d/10-flannel.conflist", network, List.of("flannel"),
                Json.tree(pluginJson));
    }

    private static RawSnapshot subnet(String stdout) {
        Section s = new Section(FlannelDelegate.SECTION, "grep -E '^FLANNEL_(NETWORK|SUBNET|MTU|IPMASQ)=' /run/flannel/subnet.env", 0, stdout, "");
        return new RawSnapshot("node-a", Instant.EPOCH, stdout, Map.of(FlannelDelegate.SECTION, s));
    }

    @Test
    @DisplayName("flannel's README example: type bridge, mtu 1472, ipMasq false, isGateway true, host-local over the subnet's network")
    void flannelsOwnExample() {
        Observed<JsonNode> d = FlannelDelegate.of(config("mynet", "{\"name\":\"mynet\",\"type\":\"flannel\"}"),
                subnet("file /run/flannel/subnet.env\n" + README_ENV));
        assertTrue(d.available(), d::problem);
        JsonNode j = d.value();
        assertEquals("mynet", j.path("name").asString());
        assertEquals("bridge", j.path("type").asString());
        assertEquals(1472, j.path("mtu").asInt());
        assertFalse(j.path("ipMasq").asBoolean(true));
        assertTrue(j.path("isGateway").asBoolean(false));
        assertEquals("host-local", j.path("ipam").path("type").asString());
        assertEquals("10.1.17.0/24", j.path("ipam").path("ranges").path(0).path(0).path("subnet").asString());
        assertEquals("10.1.0.0/16", j.path("ipam").path("routes").path(0).path("dst").asString());
        PluginConf c = PluginConf.of("f", "mynet", j);
        assertEquals("10.1.17.1", c.gateway());
        assertEquals(1472, c.expectedMtu());
    }

    @Test
    @DisplayName("the delegate's own values win: a delegate mtu and isGateway are kept (flannel_linux.go 97-106)")
    void theDelegatesOwnValuesWin() {
        JsonNode j = FlannelDelegate.of(config("mynet", "{\"type\":\"flannel\",\"delegate\":{\"bridge\":\"mynet0\","
                + "\"mtu\":1400,\"isGateway\":false}}"), subnet("file /run/flannel/subnet.env\n" + README_ENV)).value();
        assertEquals("mynet0", j.path("bridge").asString());
        assertEquals(1400, j.path("mtu").asInt());
        assertFalse(j.path("isGateway").asBoolean(true));
    }

    @Test
    @DisplayName("k3s's conflist and subnet.env derive exactly the delegate the lab hands Debian's bridge")
    void k3sDerivesTheLabsDelegate() {
        ReferencePlugin p = ReferencePlugin.BRIDGE;
        JsonNode conflist = Json.tree(p.conflist());
        JsonNode derived = FlannelDelegate.of(config(conflist.path("name").asString(),
                conflist.path("plugins").path(0).toString()), subnet("file /run/flannel/subnet.env\n"
                + p.daemonFile().orElseThrow().getValue())).value();
        JsonNode handed = Json.tree(p.stdin());
        ((tools.jackson.databind.node.ObjectNode) handed).remove("cniVersion");
        assertEquals(handed, derived);
    }

    @Test
    @DisplayName("without subnet.env, or with a key missing, the delegate could not be observed, and says why")
    void noSubnetFileIsUnobservable() {
        CniConfigs.Config c = config("cbr0", "{\"type\":\"flannel\"}");
        assertTrue(FlannelDelegate.of(c, subnet("absent /run/flannel/subnet.env\n")).problem().contains("is absent"));
        assertTrue(FlannelDelegate.of(c, subnet("file /run/flannel/subnet.env\nFLANNEL_SUBNET=10.1.17.1/24\n"))
                .problem().contains("lacks FLANNEL_MTU"));
        assertTrue(FlannelDelegate.of(config("cbr0", "{\"type\":\"flannel\",\"subnetFile\":\"/x/subnet.env\"}"),
                subnet("absent\n")).problem().contains("/x/subnet.env"));
    }
}
