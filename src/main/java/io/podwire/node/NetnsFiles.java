package io.podwire.node;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What is pinned under /var/run/netns, by identity: each name that is a network namespace (a file on the nsfs
 * device of /proc/self/ns/net) with its namespace inode, and the names that are not (a plain file left by an
 * interrupted unmount). A netns is one inode with any number of names.
 */
public record NetnsFiles(long nsfsDevice, long nodeNetnsInode, Map<String, Long> inodeByName, Set<String> notNetns,
                         List<String> lines) {
}
