package io.podwire.node;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What one container sees of its network, read from its own /proc/net (present in every image, even nginx):
 * interface names from /proc/net/dev and local IPv4 addresses from /proc/net/fib_trie.
 */
public record PodSideView(Set<String> interfaces, Set<String> localAddresses, String raw) {
    public static final String[] COMMAND = {"cat", "/proc/net/dev", "/proc/net/fib_trie"};

    public static PodSideView parse(String command, String text) {
        Set<String> ifaces = new LinkedHashSet<>();
        Set<String> addrs = new LinkedHashSet<>();
        List<String> lines = text.lines().toList();
        String lastLeaf = null;
        boolean sawDevHeader = false;
        for (String line : lines) {
            String t = line.strip();
            if (t.startsWith("Inter-|") || t.startsWith("face |")) {
                sawDevHeader = true;
            } else if (t.matches("[^\\s:|]+:\\s*\\d+.*") && !t.startsWith("/")) {
                ifaces.add(t.substring(0, t.indexOf(':')));
            } else if (t.startsWith("|-- ")) {
                lastLeaf = t.substring(4).strip();
            } else if (t.startsWith("/32 host LOCAL") && lastLeaf != null && !lastLeaf.startsWith("127.")) {
                addrs.add(lastLeaf);
            }
        }
        if (!sawDevHeader) {
            throw new SnapshotParseException(command, IpJsonParser.firstLine(text), "expected the /proc/net/dev header");
        }
        return new PodSideView(Set.copyOf(ifaces), Set.copyOf(addrs), text);
    }

    public List<String> sortedInterfaces() {
        List<String> l = new ArrayList<>(interfaces);
        l.sort(null);
        return l;
    }
}
