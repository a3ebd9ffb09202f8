package io.podwire.node;

import java.util.ArrayList;
import java.util.Arrays;
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
    // a type other than unicast leads the line (`ip route` prints unicast only with -d)
    private static final Pattern ROUTE_LINE = Pattern.compile(
            "(?:(unicast|local|broadcast|multicast|anycast|nat|throw|unreachable|prohibit|blackhole) )?"
                    + "(\\S+)(?: via (\\S+))? dev (\\S+)(.*)");
    private static final Pattern SCOPE = Pattern.compile(".* scope (\\S+).*");
    private static final Pattern PROTO = Pattern.compile(".* proto (\\S+).*");
    private static final Pattern STAT_LINE = Pattern.compile("\\s+([\\w.\\-\\[\\]]+): (-?\\d+)");
    private static final Pattern SYSCTL_LINE =
            Pattern.compile("/proc/sys/net/(ipv4|ipv6)/(conf|neigh)/([^/]+)/(\\w+):(-?\\d+)");

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
     * `stat -L -c '%d %i %n' /proc/self/ns/net; find /var/run/netns/ -mindepth 1 -maxdepth 1 -exec stat …`: the first line names the nsfs device and the
     * node's own netns; a pinned name on that device is a netns, one on any other device is a file and no netns.
     */
    public static NetnsFiles netnsFiles(String command, String text) {
        return netnsFiles(command, text, path -> path.substring(path.lastIndexOf('/') + 1));
    }

    /**
     * Section netns.recorded: the netns paths the runtime recorded outside /var/run/netns, in netns.inodes' form,
     * each keyed by its whole path (a containerd state-dir pin, cri-dockerd's /proc/PID/ns/net).
     */
    public static NetnsFiles recordedNetns(String command, String text) {
        return netnsFiles(command, text, path -> path);
    }

    private static NetnsFiles netnsFiles(String command, String text, java.util.function.UnaryOperator<String> key) {
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        Long device = null;
        Long node = null;
        Map<String, Long> inodes = new LinkedHashMap<>();
        Set<String> notNetns = new TreeSet<>();
        Set<String> unseen = new TreeSet<>();
        for (String line : lines) {
            if (line.startsWith("absent ")) {
                continue; // no file there: the lookup says so
            }
            if (line.startsWith("unseen ")) {
                unseen.add(key.apply(line.substring("unseen ".length()).strip()));
                continue;
            }
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
                inodes.put(key.apply(path), inode);
            } else {
                notNetns.add(key.apply(path));
            }
        }
        if (device == null) {
            throw new SnapshotParseException(command, lines.isEmpty() ? "(no output)" : lines.get(0),
                    "no line for /proc/self/ns/net");
        }
        return new NetnsFiles(device, node, Map.copyOf(inodes), Set.copyOf(notNetns), Set.copyOf(unseen), lines);
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
            Matcher scope = SCOPE.matcher(m.group(5));
            Matcher proto = PROTO.matcher(m.group(5));
            // the next-hop flags print_rt_flags appends as words
            List<String> flags = Arrays.stream(m.group(5).strip().split("\\s+")).filter(ROUTE_FLAGS::contains).toList();
            routes.add(new Route(Route.INET, Route.MAIN, m.group(2), m.group(3), m.group(4), scope.matches() ? scope.group(1) : null,
                    proto.matches() ? proto.group(1) : Route.BOOT, m.group(1) == null ? Route.UNICAST : m.group(1), flags, line));
        }
        return new RouteTable(List.copyOf(routes), List.copyOf(unread));
    }

    /** The next-hop flags iproute2 prints after a route (ip/iproute.c print_rt_flags). */
    private static final java.util.Set<String> ROUTE_FLAGS = java.util.Set.of("dead", "onlink", "pervasive", "offload",
            "trap", "notify", "linkdown", "unresolved", "rt_offload", "rt_trap", "rt_offload_failed");

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

    /**
     * `grep -H . /proc/sys/net/ipv4/conf/* /proxy_arp /proc/sys/net/ipv4/neigh/* /proxy_delay …`: one
     * `/proc/sys/net/FAMILY/conf|neigh/IF/KEY:VALUE` line per interface and key.
     */
    public static InterfaceSysctls interfaceSysctls(String command, String text) {
        Map<String, Map<String, Integer>> values = new LinkedHashMap<>();
        for (String line : text.lines().filter(l -> !l.isBlank()).toList()) {
            Matcher m = SYSCTL_LINE.matcher(line.strip());
            if (!m.matches()) {
                throw new SnapshotParseException(command, line, "expected `/proc/sys/net/FAMILY/conf|neigh/IF/KEY:VALUE`");
            }
            values.computeIfAbsent(m.group(1) + "/" + m.group(2) + "/" + m.group(4), k -> new LinkedHashMap<>())
                    .put(m.group(3), Integer.valueOf(m.group(5)));
        }
        return new InterfaceSysctls(command, values);
    }

    private static final Pattern HEAD_HEADER = Pattern.compile("==> (.+) <==");

    /** `head -v FILE…`: path → body. */
    public static Map<String, String> headFiles(String command, String text) {
        Map<String, String> files = new LinkedHashMap<>();
        String path = null;
        StringBuilder body = new StringBuilder();
        for (String line : text.lines().toList()) {
            Matcher m = HEAD_HEADER.matcher(line);
            if (m.matches()) {
                if (path != null) {
                    files.put(path, body.toString());
                }
                path = m.group(1);
                body.setLength(0);
            } else if (path != null) {
                body.append(line).append('\n');
            } else if (!line.isBlank()) {
                throw new SnapshotParseException(command, line, "expected `==> FILE <==` first");
            }
        }
        if (path != null) {
            files.put(path, body.toString());
        }
        return files;
    }
}
