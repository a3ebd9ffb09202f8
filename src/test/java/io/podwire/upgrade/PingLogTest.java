package io.podwire.upgrade;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ping's output, recorded in the lab image with lo taken down for 300 ms during a 20 ms probe (iputils 20221126
 * with -D -O; Debian's busybox 1.35.0, the busybox of rancher/k3s), read into lost probes and gaps.
 */
@DisplayName("Outage probe: ping output read into lost probes and gaps")
class PingLogTest {
    private static final Duration I = Duration.ofMillis(20);
    /** `date +%s%N` just before busybox ping started, recorded with the fixture. */
    private static final Instant BUSYBOX_START = PingLog.instant(1795936748025146690L);

    @Test
    @DisplayName("iputils -D: 13 lost probes, gap from the first lost send to the first answered send, about 300 ms")
    void iputilsOutputWithTimestampsGivesTheGapBetweenRealSendTimes() {
        OutageReport r = parse("iputils-lo-down-300ms.txt", Instant.EPOCH);
        assertEquals(60, r.sent(), "probes sent");
        assertEquals(13, r.lost(), "probes lost");
        OutageReport.Gap g = r.longestGap().orElseThrow();
        assertEquals(18, g.firstLostSeq(), "first lost seq");
        assertEquals(30, g.lastLostSeq(), "last lost seq");
        assertTrue(g.recovered(), "recovered");
        // seq 31 was answered at 734.249456 after 0.043 ms: it was sent at 734.249413
        assertEquals(Instant.ofEpochSecond(1795936734L, 249_413_000L), g.end(), "gap end = send time of seq 31");
        assertEquals(312, g.duration().toMillis(), "13 probes × the measured 24 ms spacing");
        assertEquals(24, Math.round(r.effectiveInterval().toNanos() / 1e6), "iputils' real spacing at -i 0.020");
    }

    @Test
    @DisplayName("busybox (rancher/k3s): seq from 0, no timestamps; send times come from the start and the interval")
    void busyboxOutputWithoutTimestampsUsesTheSchedule() {
        OutageReport r = parse("busybox-lo-down-300ms.txt", BUSYBOX_START);
        assertEquals(60, r.sent(), "probes sent");
        assertEquals(16, r.lost(), "probes lost");
        OutageReport.Gap g = r.longestGap().orElseThrow();
        assertEquals(20, g.firstLostSeq(), "first lost seq");
        assertEquals(35, g.lastLostSeq(), "last lost seq");
        assertEquals(320, g.duration().toMillis(), "16 probes × 20 ms");
        assertEquals(BUSYBOX_START.plusMillis(20 * 20), g.start(), "gap start = start + 20 × 20 ms");
    }

    @Test
    @DisplayName("No lost probe means no gap and a zero outage")
    void allAnsweredMeansNoGap() {
        String out = """
                PING 10.42.0.11 (10.42.0.11) 56(84) bytes of data.
                [1700000000.000100] 64 bytes from 10.42.0.11: icmp_seq=1 ttl=64 time=0.100 ms
                [1700000000.020100] 64 bytes from 10.42.0.11: icmp_seq=2 ttl=64 time=0.100 ms

                --- 10.42.0.11 ping statistics ---
                2 packets transmitted, 2 received, 0% packet loss, time 20ms
                rtt min/avg/max/mdev = 0.100/0.100/0.100/0.000 ms
                """;
        OutageReport r = PingLog.parse("test/pinger", "10.42.0.11", "ping", I, Instant.EPOCH, out);
        assertEquals(0, r.lost(), "lost");
        assertEquals(List.of(), r.gaps(), "gaps");
        assertEquals(Duration.ZERO, r.outage(), "outage");
    }

    @Test
    @DisplayName("Unanswered until ping stopped: the gap is reported as not recovered")
    void lossUntilTheEndIsNotRecovered() {
        String out = """
                [1700000000.000100] 64 bytes from 10.42.0.11: icmp_seq=1 ttl=64 time=0.100 ms
                [1700000000.030000] From 10.42.0.1 icmp_seq=2 Destination Host Unreachable
                [1700000000.040000] no answer yet for icmp_seq=3

                --- 10.42.0.11 ping statistics ---
                3 packets transmitted, 1 received, +1 errors, 66.6667% packet loss, time 40ms
                """;
        OutageReport.Gap g = PingLog.parse("test/pinger", "10.42.0.11", "ping", I, Instant.EPOCH, out)
                .longestGap().orElseThrow();
        assertFalse(g.recovered(), "recovered");
        assertEquals(2, g.lost(), "lost probes in the gap");
        assertEquals(40, g.duration().toMillis(), "two probes of 20 ms");
    }

    @Test
    @DisplayName("Ping killed before its statistics: an error naming the command, never a zero-loss report")
    void missingStatisticsIsAnError() {
        String out = "[1700000000.000100] 64 bytes from 10.42.0.11: icmp_seq=1 ttl=64 time=0.100 ms\n";
        PingLog.ProbeOutputException e = assertThrows(PingLog.ProbeOutputException.class,
                () -> PingLog.parse("test/pinger", "10.42.0.11", "ping -c 5 10.42.0.11", I, Instant.EPOCH, out));
        assertTrue(e.getMessage().contains("ping -c 5 10.42.0.11") && e.getMessage().contains("transmitted"),
                e.getMessage());
    }

    @Test
    @DisplayName("A line ping never prints is an error naming the line")
    void unknownLineIsAnError() {
        String out = "ping: sendmsg: Operation not permitted\n3 packets transmitted, 0 received\n";
        PingLog.ProbeOutputException e = assertThrows(PingLog.ProbeOutputException.class,
                () -> PingLog.parse("test/pinger", "10.42.0.11", "ping", I, Instant.EPOCH, out));
        assertTrue(e.getMessage().contains("ping: sendmsg: Operation not permitted"), e.getMessage());
    }

    @Test
    @DisplayName("A date without %N support still gives the start, to the second")
    void startWithoutNanoseconds() {
        assertEquals(Instant.ofEpochSecond(1795936750L), OutageProbe.startedAt("1795936750%N"), "busybox date");
        assertEquals(BUSYBOX_START, OutageProbe.startedAt("1795936748025146690"), "GNU date");
    }

    private static OutageReport parse(String fixture, Instant start) {
        return PingLog.parse("test/pinger", "127.0.0.1", "ping", I, start,
                GateFiles.resource("/fixtures/upgrade/" + fixture));
    }
}
