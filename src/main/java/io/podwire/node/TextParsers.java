package io.podwire.node;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsers for the outputs that have no JSON form: `ip netns list`, `stat`, `ethtool -S`, sysctl files. */
public final class TextParsers {
    private static final Pattern NETNS_LINE = Pattern.compile("(\\S+)(?: \\(id: (\\d+)\\))?");
    private static final Pattern INODE_LINE = Pattern.compile("(\\d+) (/\\S+)");
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

    /** `stat -L -c '%i %n' /var/run/netns/*`: netns name → namespace inode. */
    public static Map<String, Long> netnsInodes(String command, String text) {
        Map<String, Long> inodes = new LinkedHashMap<>();
        for (String line : text.lines().filter(l -> !l.isBlank()).toList()) {
            Matcher m = INODE_LINE.matcher(line.strip());
            if (!m.matches()) {
                throw new SnapshotParseException(command, line, "expected `INODE /var/run/netns/NAME`");
            }
            String path = m.group(2);
            inodes.put(path.substring(path.lastIndexOf('/') + 1), Long.parseLong(m.group(1)));
        }
        return inodes;
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
