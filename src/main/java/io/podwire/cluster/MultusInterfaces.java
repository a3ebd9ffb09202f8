package io.podwire.cluster;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The extra interfaces a pod declares besides eth0, from its Multus annotations (k8snetworkplumbingwg
 * multi-net-spec v1.3 §4.1.2, §4.1.4; multus-cni docs/how-to-use.md): the runtime's own record of them,
 * `k8s.v1.cni.cncf.io/network-status` (each attachment's `interface`, the cluster network's marked `default`), when
 * present; else the request, `k8s.v1.cni.cncf.io/networks`, as JSON (`interface` of each element) or as the short
 * form `[ns/]name[@ifname]`, comma-separated, an attachment without a name being Multus's `net<N>` (N from 1, in
 * order). Anything unreadable declares nothing: an undeclared interface still FAILs C3.
 */
final class MultusInterfaces {
    static final String NETWORKS = "k8s.v1.cni.cncf.io/networks";
    static final String NETWORK_STATUS = "k8s.v1.cni.cncf.io/network-status";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private MultusInterfaces() {
    }

    static List<String> declared(Map<String, String> annotations) {
        if (annotations == null) {
            return List.of();
        }
        String status = annotations.get(NETWORK_STATUS);
        if (status != null && !status.isBlank()) {
            List<String> out = new ArrayList<>();
            JsonNode all = parse(status);
            all.forEach(n -> {
                String iface = n.path("interface").asString(null);
                if (iface != null && !n.path("default").asBoolean(false) && !iface.equals("eth0")) {
                    out.add(iface);
                }
            });
            if (all.isArray()) {
                return List.copyOf(out);
            }
        }
        String networks = annotations.get(NETWORKS);
        if (networks == null || networks.isBlank()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (networks.strip().startsWith("[")) {
            JsonNode all = parse(networks);
            int i = 0;
            for (JsonNode n : all) {
                i++;
                out.add(n.path("interface").asString("net" + i));
            }
            return List.copyOf(out);
        }
        String[] items = networks.split(",");
        for (int i = 0; i < items.length; i++) {
            String item = items[i].strip();
            int at = item.indexOf('@');
            out.add(at >= 0 ? item.substring(at + 1) : "net" + (i + 1));
        }
        return List.copyOf(out);
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (RuntimeException e) {
            // unreadable: declares nothing
            return MissingNode.getInstance();
        }
    }
}
