package io.podwire.node;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The result of pinging one pod IP from the pinger pod (iputils and busybox ping summaries both parse), and the node
 * the pinger ran on (null where not known), so that the verdict says whether the probe crossed nodes.
 */
public record Reachability(String from, String to, int sent, int received, String raw, String fromNode) {
    private static final Pattern SUMMARY = Pattern.compile("(\\d+) packets transmitted, (\\d+) (?:packets )?received");

    public static String[] command(String ip) {
        return new String[]{"ping", "-c", "2", "-W", "2", ip};
    }

    public static Reachability parse(String command, String from, String to, String text) {
        Matcher m = SUMMARY.matcher(text);
        if (!m.find()) {
            throw new SnapshotParseException(command, IpJsonParser.firstLine(text), "no `N packets transmitted, M received`");
        }
        return new Reachability(from, to, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), text, null);
    }

    /** The same result, sent from a pinger on {@code node}. */
    public Reachability fromNode(String node) {
        return new Reachability(from, to, sent, received, raw, node);
    }

    /** Where the probe went, for the verdict: "cross-node (A -> B)", "same node (A)", or unknown without the pinger's node. */
    public String path(String toNode) {
        if (fromNode == null || toNode == null) {
            return "unknown (the pinger's node was not recorded)";
        }
        return fromNode.equals(toNode) ? "same node (" + toNode + ")" : "cross-node (" + fromNode + " -> " + toNode + ")";
    }

    public boolean reached() {
        return received > 0;
    }

    public String summaryLine() {
        return raw.lines().filter(l -> SUMMARY.matcher(l).find()).findFirst().orElse("");
    }
}
