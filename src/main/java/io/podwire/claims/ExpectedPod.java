package io.podwire.claims;

import java.util.List;

/** A pod as the API (or the lab) says it should be: where it runs, its IP and its containers. */
public record ExpectedPod(String namespace, String name, String node, String ip, List<String> containers,
                         boolean hostNetwork) {
    public String key() {
        return namespace + "/" + name;
    }
}
