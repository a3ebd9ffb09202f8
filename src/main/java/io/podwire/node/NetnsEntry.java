package io.podwire.node;

/** One line of `ip netns list`: `cni-… (id: 3)` or just the name when no nsid is assigned. */
public record NetnsEntry(String name, Integer nsid, String line) {
}
