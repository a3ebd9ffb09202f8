package io.podwire.node;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsers for the outputs that have no JSON form: `ip netns list`, `stat`, `ethtool -S`, sysctl files, route text. */
public final class TextParsers {
    private static final Pattern NETNS_LINE = Pattern.compile("(\\S+)(?: \\(id: (\\d+)\\))?");
    private static final Pattern INODE_LINE = Pattern.compile("(\\d+) (\\d+) (/\\S+)");
    private static final Pattern ROUTE_LINE = Pattern.compile("(\\S+)(?: via (\\S+))? dev (\\S+)(.*)");
    private static final Pattern SCOPE = Pattern.compile(".* scope (\\S+).*");
    private static final Pattern STAT_LINE = Pattern.compile("\\s+([\\w.\\-\\[\\]]+): (-?\\d+)");
    private static final Pattern SYSCTL_LINE = Pattern.compile("/proc/sys/net/ipv4/conf/([^/]+)/\\w+:(\\d+)");

    private TextParsers() {
    }

    /** `ip netns list`: `cni-1b2c… (id: 0)` or `cni-1b2c…` when no nsid is assigned. */
    public static Map<String, NetnsEntry> netnsList(String command, String text) {
        Map<String, NetnsEntry> entries = new LinkedHashMap<>();
        for (String line : text.lines().filter(l -> !l.isBlank()).toList()) {
            Matcher m = NETNS_LINE.matcher(line.strip());
            if (!m.matches()) {
                throw new SnapshotParseException(command, line, "expected `NAME` or `NAME (id: N)`");
            }
            entries.put(m.group(1), new NetnsEntry(m.group(1),
                    m.group(2) == null ? null : Integer.valueOf(m.group(2)), line));
        }
        return entries;
    }

    /**
     * `stat -L -c '%d %i %n' /proc/self/ns/net /var/run/netns/*`: the first line names the nsfs device and the
     * node's own netns; a pinned name on that device is a netns, one on any other device is a file and no netns.
     */
    public static NetnsFiles netnsFiles(String command, String text) {
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        Long device = null;
        Long node = null;
        Map<String, Long> inodes = new LinkedHashMap<>();
        Set<String> notNetns = new TreeSet<>();
        for (String line : lines) {
            Matcher m = INODE_LINE.matcher(line.strip());
            if (!m.matches()) {
                throw new SnapshotParseException(command, line, "expected `DEVICE INODE PATH`");
            }
            long dev = Long.parseLong(m.group(1));
            long inode = Long.parseLong(m.group(2));
            String path = m.group(3);
            if (path.equals("/proc/self/ns/net")) {
                device = dev;
                node = inode;
            } else if (device == null) {
                throw new SnapshotParseException(command, line, "expected /proc/self/ns/net first");
            } else if (dev == device) {
                inodes.put(path.substring(path.lastIndexOf('/') + 1), inode);
            } else {
                notNetns.add(path.substring(path.lastIndexOf('/') + 1));
            }
        }
        if (device == null) {
            throw new SnapshotParseException(command, lines.isEmpty() ? "(no output)" : lines.get(0),
                    "no line for /proc/self/ns/net");
        }
        return new NetnsFiles(device, node, Map.copyOf(inodes), Set.copyOf(notNetns), lines);
    }

    /**
     * `ip route show table main`, read where `ip -j route` printed no valid JSON (iproute2 before 5.4 breaks it for a
     * multipath route): each single-path route line alone; the lines of a multipath route (`nexthop …`) and any
     * other line it can't read are kept aside, so they spoil only a lookup that might have been among them.
     */
    public static RouteTable routeTable(String command, String text) {
        List<Route> routes = new ArrayList<>();
        List<String> unread = new ArrayList<>();
        for (String line : text.lines().filter(l -> !l.isBlank()).toList()) {
            Matcher m = ROUTE_LINE.matcher(line.strip());
            if (line.startsWith(" ") || line.startsWith("\t") || !m.matches()) {
                unread.add(line);
                continue;
            }
            Matcher scope = SCOPE.matcher(m.group(4));
            routes.add(new Route(m.group(1), m.group(2), m.group(3), scope.matches() ? scope.group(1) : null, line));
        }
        return new RouteTable(List.copyOf(routes), List.copyOf(unread));
    }

    /** `ethtool -S DEV`: "NIC statistics:" then `     name: value` lines. */
    public static EthtoolStats ethtool(String command, String dev, String text) {
        Map<String, Long> stats = new LinkedHashMap<>();
        for (String line : text.lines().filter(l -> !l.isBlank()).toList()) {
            if (line.startsWith("NIC statistics:")) {
                continue;
            }
            Matcher m = STAT_LINE.matcher(line);
            if (!m.matches()) {
                throw new SnapshotParseException(command, line, "expected `     name: value`");
            }
            stats.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return new EthtoolStats(dev, Map.copyOf(stats), text);
    }

    /** `grep -H . /proc/sys/net/ipv4/conf/* /proxy_arp`: interface → value. */
    public static Map<String, Integer> sysctlPerInterface(String command, String text) {
        Map<String, Integer> values = new LinkedHashMap<>();
        for (String line : text.lines().filter(l -> !l.isBlank()).toList()) {
            Matcher m = SYSCTL_LINE.matcher(line.strip());
            if (!m.matches()) {
                throw new SnapshotParseException(command, line, "expected `/proc/sys/net/ipv4/conf/IF/KEY:VALUE`");
            }
            values.put(m.group(1), Integer.valueOf(m.group(2)));
        }
        return values;
    }
}
