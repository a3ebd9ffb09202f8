package io.podwire.lab;

import io.podwire.node.ExpectedPod;

import java.util.List;

/** A pod the lab node wires by hand, as containerd + Calico would for the same manifest; ipv6 null: single-stack. */
public record LabPod(String namespace, String name, String ip, List<String> containers, String ipv6) {

    public LabPod(String namespace, String name, String ip, List<String> containers) {
        this(namespace, name, ip, containers, null);
    }

    /** The standard pods on a dual-stack node: each also gets fd00:10:42::&lt;last octet of its IPv4 address&gt;. */
    public static List<LabPod> dualStack() {
        return standard().stream().map(p -> new LabPod(p.namespace(), p.name(), p.ip(), p.containers(),
                "fd00:10:42::" + p.ip().substring(p.ip().lastIndexOf('.') + 1))).toList();
    }

    /** The lab's own pods (seed lab: pinger.yaml, app.yaml with two containers) plus a third one. */
    public static List<LabPod> standard() {
        return List.of(
                new LabPod("test", "pinger", "10.42.0.10", List.of("pinger")),
                new LabPod("test", "app", "10.42.0.11", List.of("nginx", "sidecar")),
                new LabPod("test", "web", "10.42.0.12", List.of("web")));
    }

    /** n pods for scale runs: pinger, app, then web-2 … web-(n-1); pod i gets 10.42.(i/200).(10 + i%200). */
    public static List<LabPod> many(int n) {
        List<LabPod> pods = new java.util.ArrayList<>(standard().subList(0, Math.min(2, n)));
        for (int i = pods.size(); i < n; i++) {
            pods.add(new LabPod("test", "web-" + i, "10.42." + (i / 200) + "." + (10 + i % 200), List.of("web")));
        }
        return pods;
    }

    public String key() {
        return namespace + "/" + name;
    }

    public ExpectedPod expected(String node) {
        return new ExpectedPod(namespace, name, node, ip, containers, false, ipv6);
    }
}
