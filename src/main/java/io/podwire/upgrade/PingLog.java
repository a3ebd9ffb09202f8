package io.podwire.upgrade;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the output of `ping -n -i I -c N` into an OutageReport, for both pings a node may have: iputils (Debian,
 * kind; run with -D -O: `[epoch] … icmp_seq=N … time=R ms`) and busybox (rancher/k3s: `… seq=N … time=R ms`, first
 * seq 0, no timestamps). A probe's send time is its reply's timestamp minus its round trip when printed, else the
 * schedule (start + seq × interval); lost probes are placed between their answered neighbours.
 */
public final class PingLog {
    private static final Pattern REPLY = Pattern.compile(
            "(?:\\[(\\d+)\\.(\\d+)] )?\\d+ bytes from \\S+: (icmp_seq|seq)=(\\d+) ttl=\\d+ time=([\\d.]+) ms( \\(DUP!\\))?.*");
    private static final Pattern ERROR = Pattern.compile("(?:\\[[\\d.]+] )?From \\S+:? (?:icmp_)?seq=(\\d+) .*");
    private static final Pattern NO_ANSWER = Pattern.compile("(?:\\[[\\d.]+] )?no answer yet for icmp_seq=\\d+");
    private static final Pattern SUMMARY = Pattern.compile("(\\d+) packets transmitted, (\\d+) (?:packets )?received.*");
    private static final Pattern IGNORED = Pattern.compile(
            "PING .*|--- .* ping statistics ---|rtt min/avg/max/mdev = .*|round-trip min/avg/max = .*|\\s*");

    private PingLog() {
    }

    /**
     * @param startedAt when ping was started (the node's clock)
     * @throws ProbeOutputException on a line that is none of ping's known forms, or no statistics line
     */
    public static OutageReport parse(String from, String to, String command, Duration interval, Instant startedAt,
                                     String out) {
        TreeMap<Integer, Long> replied = new TreeMap<>();
        Integer transmitted = null;
        Integer received = null;
        int firstSeq = 1;
        for (String line : out.lines().toList()) {
            Matcher m = REPLY.matcher(line);
            if (m.matches()) {
                if (m.group(6) != null) {
                    continue;  // a duplicate answers nothing new
                }
                firstSeq = m.group(3).equals("seq") ? 0 : 1;
                int seq = Integer.parseInt(m.group(4));
                long rttNanos = Math.round(Double.parseDouble(m.group(5)) * 1_000_000);
                long sentAt = m.group(1) == null
                        ? epochNanos(startedAt) + (seq - firstSeq) * interval.toNanos()
                        : Long.parseLong(m.group(1)) * 1_000_000_000L + fractionNanos(m.group(2)) - rttNanos;
                replied.put(seq, sentAt);
                continue;
            }
            Matcher s = SUMMARY.matcher(line);
            if (s.matches()) {
                transmitted = Integer.valueOf(s.group(1));
                received = Integer.valueOf(s.group(2));
                continue;
            }
            if (ERROR.matcher(line).matches() || NO_ANSWER.matcher(line).matches() || IGNORED.matcher(line).matches()) {
                continue;
            }
            throw new ProbeOutputException(command, line, "not a line ping prints (reply, error, statistics)");
        }
        if (transmitted == null) {
            throw new ProbeOutputException(command, out.isBlank() ? "(no output)" : lastLine(out),
                    "no `N packets transmitted, M received` line: ping did not finish normally");
        }
        if (received != replied.size()) {
            throw new ProbeOutputException(command, lastLine(out), "statistics say " + received
                    + " received but " + replied.size() + " reply lines were found");
        }
        long effective = effectiveInterval(replied, interval);
        List<OutageReport.Gap> gaps = new ArrayList<>();
        int last = firstSeq + transmitted - 1;
        Integer runStart = null;
        for (int seq = firstSeq; seq <= last + 1; seq++) {
            boolean lost = seq <= last && !replied.containsKey(seq);
            if (lost && runStart == null) {
                runStart = seq;
            } else if (!lost && runStart != null) {
                boolean recovered = seq <= last;
                long start = sendTime(runStart, replied, firstSeq, startedAt, effective);
                long end = recovered ? replied.get(seq) : sendTime(seq - 1, replied, firstSeq, startedAt, effective) + effective;
                gaps.add(new OutageReport.Gap(runStart, seq - 1, instant(start), instant(end), recovered));
                runStart = null;
            }
        }
        return new OutageReport(from, to, command, interval, Duration.ofNanos(effective), firstSeq, transmitted, received,
                List.copyOf(gaps), startedAt, out);
    }

    /** The mean spacing of the answered probes' send times: ping's real rate, which timer slack makes slower than -i. */
    private static long effectiveInterval(TreeMap<Integer, Long> replied, Duration nominal) {
        if (replied.size() < 2 || replied.lastKey().equals(replied.firstKey())) {
            return nominal.toNanos();
        }
        return (replied.lastEntry().getValue() - replied.firstEntry().getValue())
                / (replied.lastKey() - replied.firstKey());
    }

    /** The send time of a probe: measured when answered, else between its answered neighbours. */
    private static long sendTime(int seq, TreeMap<Integer, Long> replied, int firstSeq, Instant startedAt,
                                 long effective) {
        Long exact = replied.get(seq);
        if (exact != null) {
            return exact;
        }
        var prev = replied.lowerEntry(seq);
        var next = replied.higherEntry(seq);
        if (prev != null && next != null) {
            return prev.getValue() + (seq - prev.getKey()) * (next.getValue() - prev.getValue())
                    / (next.getKey() - prev.getKey());
        }
        if (prev != null) {
            return prev.getValue() + (seq - prev.getKey()) * effective;
        }
        if (next != null) {
            return next.getValue() - (next.getKey() - seq) * effective;
        }
        return epochNanos(startedAt) + (seq - firstSeq) * effective;
    }

    private static long fractionNanos(String fraction) {
        String padded = (fraction + "000000000").substring(0, 9);
        return Long.parseLong(padded);
    }

    static long epochNanos(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    static Instant instant(long epochNanos) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L));
    }

    private static String lastLine(String out) {
        List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
        return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1);
    }

    /** Ping's output could not be read: names the command and the offending line. */
    public static final class ProbeOutputException extends RuntimeException {
        public ProbeOutputException(String command, String line, String problem) {
            super("`" + command + "`: " + problem + ": `" + line + "`");
        }
    }
}
