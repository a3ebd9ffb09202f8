package io.podwire.cluster;

import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The interfaces a pod declares through Multus, in the annotation shapes of multi-net-spec v1.3 and multus-cni's docs. */
class MultusInterfacesTest {

    @Test
    void theShortFormNamesEachAttachmentByItsIfnameOrMultusNetN() {
        assertEquals(List.of("net1", "data0", "net3"), MultusInterfaces.declared(Map.of(MultusInterfaces.NETWORKS,
                "macvlan-conf, storage/sriov-net@data0, other")));
    }

    @Test
    void theJsonFormNamesEachAttachmentByItsInterfaceOrMultusNetN() {
        assertEquals(List.of("net1", "fast0"), MultusInterfaces.declared(Map.of(MultusInterfaces.NETWORKS,
                "[{\"name\":\"macvlan-conf\"},{\"name\":\"sriov\",\"namespace\":\"storage\",\"interface\":\"fast0\"}]")));
    }

    @Test
    void theRuntimesNetworkStatusWinsAndTheClusterNetworksEth0IsNotExtra() {
        String status = "[{\"name\":\"k8s-pod-network\",\"interface\":\"eth0\",\"ips\":[\"10.42.0.11\"],\"default\":true},"
                + "{\"name\":\"default/macvlan-conf\",\"interface\":\"net1\",\"ips\":[\"192.168.1.200\"],"
                + "\"mac\":\"86:1d:96:ff:55:0d\",\"dns\":{}}]";
        assertEquals(List.of("net1"), MultusInterfaces.declared(Map.of(MultusInterfaces.NETWORKS, "macvlan-conf@wrong",
                MultusInterfaces.NETWORK_STATUS, status)));
    }

    @Test
    void noAnnotationOrAnUnreadableOneDeclaresNothing() {
        assertEquals(List.of(), MultusInterfaces.declared(null));
        assertEquals(List.of(), MultusInterfaces.declared(Map.of("team", "payments")));
        assertEquals(List.of(), MultusInterfaces.declared(Map.of(MultusInterfaces.NETWORKS, "[{not json")));
    }

    @Test
    void theExpectedPodCarriesTheDeclaredInterfacesFromTheApi() {
        var pod = new PodBuilder().withNewMetadata().withName("db").withNamespace("shop")
                .addToAnnotations(MultusInterfaces.NETWORKS, "storage/sriov-net@data0").endMetadata()
                .withNewSpec().withNodeName("node-a").addNewContainer().withName("db").endContainer().endSpec()
                .withNewStatus().withPodIP("10.42.0.9").endStatus().build();
        assertEquals(List.of("data0"), Workload.expected(pod).declaredInterfaces());
    }
}
