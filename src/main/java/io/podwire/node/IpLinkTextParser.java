package io.podwire.node;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * `ip -d link show` as a person reads it (lab step 6): one block per link, `X: vethXXXX@ifY: …` and its detail lines.
 * The peer netns is printed as `link-netns NAME` when iproute2 can resolve the nsid in /var/run/netns, otherwise as
 * `link-netnsid N` (iproute2 ip/ipaddress.c): both forms are read.
 */
public final class IpLinkTextParser {
    private static final Pattern HEAD = Pattern.compile("(\\d+): ([^:@\\s]+)(?:@([^:\\s]+))?: .*");
    private static final Pattern NETNS_NAME = Pattern.compile("link-netns (\\S+)");
    private static final Pattern NETNS_ID = Pattern.compile("link-netnsid (\\d+)");

    private IpLinkTextParser() {
    }

    /** ifindex → the block of lines for that link. */
    public static Map<Integer, String> blocks(String command, String text) {
        Map<Integer, String> blocks = new LinkedHashMap<>();
        Integer current = null;
        StringBuilder block = new StringBuilder();
        for (String line : text.lines().toList()) {
            Matcher m = HEAD.matcher(line);
            if (m.matches()) {
                if (current != null) {
                    blocks.put(current, block.toString());
                }
                current = Integer.valueOf(m.group(1));
                block = new StringBuilder(line);
            } else if (line.startsWith(" ") && current != null) {
                block.append('\n').append(line);
            } else if (!line.isBlank()) {
                throw new SnapshotParseException(command, line, "expected `N: NAME[@PEER]: …` or an indented detail line");
            }
        }
        if (current != null) {
            blocks.put(current, block.toString());
        }
        return blocks;
    }

    /** The peer netns as printed: a name (`link-netns cni-…`) or a number (`link-netnsid 3`). */
    public record NetnsRef(String name, Integer nsid) {
    }

    public static Optional<NetnsRef> netnsRef(String block) {
        Matcher byName = NETNS_NAME.matcher(block);
        if (byName.find()) {
            return Optional.of(new NetnsRef(byName.group(1), null));
        }
        Matcher byId = NETNS_ID.matcher(block);
        return byId.find() ? Optional.of(new NetnsRef(null, Integer.valueOf(byId.group(1)))) : Optional.empty();
    }
}
