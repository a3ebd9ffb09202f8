package io.podwire.node;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Builds the process table from `cat /proc/[0-9]* /stat`, `head -v /proc/[0-9]* /cmdline` and `stat -L` of ns links. */
public final class ProcParser {
    private static final Pattern CMDLINE_HEADER = Pattern.compile("(?:^|\n)==> /proc/(\\d+)/cmdline <==\n");
    private static final Pattern NS_LINE = Pattern.compile("/proc/(\\d+)/ns/(net|ipc|uts) (\\d+)");
    private static final int STARTTIME_AFTER_COMM = 19; // field 22 of /proc/<pid>/stat, counted after "(comm)"

    private ProcParser() {
    }

    public static Map<Integer, Proc> processes(Section stat, Section cmdline, Section ns) {
        Map<Integer, Long> start = startTimes(stat.command(), stat.stdout());
        Map<Integer, List<String>> argv = cmdlines(cmdline.command(), cmdline.stdout());
        Map<Integer, long[]> inodes = namespaces(ns.command(), ns.stdout());
        Map<Integer, Proc> procs = new TreeMap<>();
        for (Map.Entry<Integer, Long> e : start.entrySet()) {
            int pid = e.getKey();
            long[] ino = inodes.get(pid);
            procs.put(pid, new Proc(pid, e.getValue(), argv.getOrDefault(pid, List.of()),
                    ino == null ? null : box(ino[0]), ino == null ? null : box(ino[1]), ino == null ? null : box(ino[2])));
        }
        return procs;
    }

    static Map<Integer, Long> startTimes(String command, String text) {
        Map<Integer, Long> start = new HashMap<>();
        for (String line : text.lines().filter(l -> !l.isBlank()).toList()) {
            int open = line.indexOf(" (");
            int close = line.lastIndexOf(')');
            String[] after = close < 0 ? new String[0] : line.substring(close + 1).strip().split(" ");
            if (open < 0 || close < open || after.length <= STARTTIME_AFTER_COMM) {
                throw new SnapshotParseException(command, line, "expected `PID (COMM) STATE …` with 52 fields");
            }
            try {
                start.put(Integer.parseInt(line.substring(0, open)), Long.parseLong(after[STARTTIME_AFTER_COMM]));
            } catch (NumberFormatException e) {
                throw new SnapshotParseException(command, line, "pid or starttime is not a number");
            }
        }
        return start;
    }

    static Map<Integer, List<String>> cmdlines(String command, String text) {
        Map<Integer, List<String>> argv = new HashMap<>();
        Matcher m = CMDLINE_HEADER.matcher(text);
        int pid = -1;
        int bodyStart = 0;
        if (!text.isEmpty() && !text.startsWith("==> ")) {
            throw new SnapshotParseException(command, IpJsonParser.firstLine(text), "expected `==> /proc/PID/cmdline <==`");
        }
        while (m.find()) {
            if (pid >= 0) {
                argv.put(pid, split(text.substring(bodyStart, m.start())));
            }
            pid = Integer.parseInt(m.group(1));
            bodyStart = m.end();
        }
        if (pid >= 0) {
            argv.put(pid, split(text.substring(bodyStart)));
        }
        return argv;
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
