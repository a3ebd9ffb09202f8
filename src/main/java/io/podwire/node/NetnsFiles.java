package io.podwire.node;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What is pinned under /var/run/netns, by identity: each name that is a network namespace (a file on the nsfs
 * device of /proc/self/ns/net) with its namespace inode, and the names that are not (a plain file left by an
 * interrupted unmount). A netns is one inode with any number of names. For paths the runtime recorded elsewhere, also
 * those whose directory is not visible where the snapshot ran ({@code unseen}: a node agent without that mount), which
 * are never taken for absent.
 */
public record NetnsFiles(long nsfsDevice, long nodeNetnsInode, Map<String, Long> inodeByName, Set<String> notNetns,
                         Set<String> unseen, List<String> lines) {
    /** Whether a recorded netns path is a pin under /var/run/netns (or its /run/netns target), where `ip netns` names it. */
    public static boolean underNetnsDir(String path) {
        return path.startsWith("/var/run/netns/") || path.startsWith("/run/netns/");
    }

    /** No file at all: a snapshot taken before a section existed recorded none there. */
    static NetnsFiles none() {
        return new NetnsFiles(0, 0, Map.of(), Set.of(), Set.of(), List.of());
    }
}
