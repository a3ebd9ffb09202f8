package io.podwire.node;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the process table from `head -v /proc/[0-9]* /stat`, `head -v /proc/PID/cmdline` (sandbox processes only)
 * and `stat -L` of the ns links. Records are framed by head's `==> /proc/PID/… <==` headers, never split by lines:
 * a comm may hold a newline, and is at most 15 bytes, too short to fake a header.
 */
public final class ProcParser {
    private static final Pattern STAT_HEADER = Pattern.compile("(?:^|\n)==> /proc/(\\d+)/stat <==\n");
    private static final Pattern CMDLINE_HEADER = Pattern.compile("(?:^|\n)==> /proc/(\\d+)/cmdline <==\n");
    private static final Pattern NS_LINE = Pattern.compile("/proc/(\\d+)/ns/(net|ipc|uts) (\\d+)");
    private static final int STARTTIME_AFTER_COMM = 19; // field 22 of /proc/<pid>/stat, counted after "(comm)"

    private ProcParser() {
    }

    public static ProcTable processes(Section stat, Section cmdline, Section ns) {
        Map<Integer, String> unread = new TreeMap<>();
        Map<Integer, Long> start = new HashMap<>();
        framed(stat.command(), stat.stdout(), STAT_HEADER).forEach((pid, record) -> {
            Long t = startTime(record);
            if (t == null) {
                unread.put(pid, record.strip());
            } else {
                start.put(pid, t);
            }
        });
        Map<Integer, List<String>> argv = new HashMap<>();
        framed(cmdline.command(), cmdline.stdout(), CMDLINE_HEADER).forEach((pid, body) -> argv.put(pid, split(body)));
        Map<Integer, long[]> inodes = namespaces(ns.command(), ns.stdout());
        Map<Integer, Proc> procs = new TreeMap<>();
        for (Map.Entry<Integer, Long> e : start.entrySet()) {
            int pid = e.getKey();
            long[] ino = inodes.get(pid);
            procs.put(pid, new Proc(pid, e.getValue(), argv.getOrDefault(pid, List.of()),
                    ino == null ? null : box(ino[0]), ino == null ? null : box(ino[1]), ino == null ? null : box(ino[2])));
        }
        return new ProcTable(procs, unread);
    }

    /** `PID (COMM) STATE …`: the start time, 19 fields after the last `)`; null when the record is not that. */
    static Long startTime(String record) {
        int close = record.lastIndexOf(')');
        String[] after = close < 0 ? new String[0] : record.substring(close + 1).strip().split("\\s+");
        if (!record.contains(" (") || after.length <= STARTTIME_AFTER_COMM) {
            return null;
        }
        try {
            return Long.parseLong(after[STARTTIME_AFTER_COMM]);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** head -v output: each file's content after its `==> /proc/PID/… <==` header. */
    static Map<Integer, String> framed(String command, String text, Pattern header) {
        Map<Integer, String> records = new HashMap<>();
        if (!text.isEmpty() && !text.startsWith("==> ")) {
            throw new SnapshotParseException(command, IpJsonParser.firstLine(text), "expected `==> /proc/PID/… <==`");
        }
        Matcher m = header.matcher(text);
        int pid = -1;
        int bodyStart = 0;
        while (m.find()) {
            if (pid >= 0) {
                records.put(pid, text.substring(bodyStart, m.start()));
            }
            pid = Integer.parseInt(m.group(1));
            bodyStart = m.end();
        }
        if (pid >= 0) {
            records.put(pid, text.substring(bodyStart));
        }
        return records;
    }

    private static List<String> split(String nulSeparated) {
        List<String> args = new ArrayList<>();
        for (String a : nulSeparated.split("\0")) {
            if (!a.isEmpty()) {
                args.add(a);
            }
        }
        return List.copyOf(args);
    }

    static Map<Integer, long[]> namespaces(String command, String text) {
        Map<Integer, long[]> ns = new HashMap<>();
        for (String line : text.lines().filter(l -> !l.isBlank()).toList()) {
            Matcher m = NS_LINE.matcher(line.strip());
            if (!m.matches()) {
                throw new SnapshotParseException(command, line, "expected `/proc/PID/ns/{net,ipc,uts} INODE`");
            }
            long[] ino = ns.computeIfAbsent(Integer.parseInt(m.group(1)), p -> new long[]{-1, -1, -1});
            int slot = switch (m.group(2)) {
                case "net" -> 0;
                case "ipc" -> 1;
                default -> 2;
            };
            ino[slot] = Long.parseLong(m.group(3));
        }
        return ns;
    }

    private static Long box(long inode) {
        return inode < 0 ? null : inode;
    }
}
