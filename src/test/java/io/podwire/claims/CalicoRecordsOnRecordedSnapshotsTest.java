package io.podwire.claims;

import io.podwire.verdict.Verdict;
import io.podwire.verdict.VerdictMessages;
import io.podwire.verdict.ClaimId;

import io.podwire.node.ExpectedPod;
import io.podwire.lab.LabPod;
import io.podwire.profile.calico.FelixEndpointStatus;
import io.podwire.node.RecordedSnapshots;
import io.podwire.node.NodeState;
import io.podwire.node.PodSideViews;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * C12 on a recorded healthy lab snapshot with Felix's endpoint-status section as the lab writes it, each record
 * then made to disagree with the kernel, be missing, unreadable, or not kept at all.
 */
@DisplayName("C12 Felix's records against the kernel (recorded snapshots)")
class CalicoRecordsOnRecordedSnapshotsTest {
    private static final List<ExpectedPod> PODS = LabPod.standard().stream().map(p -> p.expected("lab-node")).toList();
    private static final ExpectedPod PINGER = PODS.get(0);
    private static final ExpectedPod APP = PODS.get(1);
    private static final ExpectedPod WEB = PODS.get(2);
    private static final String HEALTHY = RecordedSnapshots.text(RecordedSnapshots.THREE_PODS);
    private static final String APP_CALI = "cali661a0e7385d";
    private static final String PINGER_CALI = "calia900becc4a6";
    /** The app pod's eth0 MAC as recorded (kernel-random, as Calico's CNI leaves it). */
    private static final String APP_ETH0_MAC = "ea:33:75:5c:4d:44";

    @Test
    @DisplayName("records that agree with the kernel hold for every pod, the evidence shows both sides")
    void agreeingRecordsHoldWithTheirEvidence() {
        NodeState s = RecordedSnapshots.stateOf(HEALTHY);
        for (ExpectedPod pod : PODS) {
            Verdict v = c12(pod, s);
            assertEquals(Verdict.Status.PASS, v.status(), VerdictMessages.describe(v));
        }
        Verdict app = c12(APP, s);
        assertEquals(APP_CALI, app.evidence().values().get("recordIfaceName"), "the record's ifaceName");
        assertEquals(APP_CALI, app.evidence().values().get("hostVeth"), "the node end found by identity");
        assertEquals(List.of("10.42.0.11/32"), app.evidence().values().get("eth0Ipv4"), "eth0's IPv4 addresses");
        assertTrue(app.evidence().excerpts().stream().anyMatch(e -> e.startsWith("k8s test%2Fapp eth0: {")),
                () -> "the record as read: " + app.evidence().excerpts());
    }

    @Test
    @DisplayName("a record listing another IP than eth0 carries fails for that pod only")
    void aRecordWithAnotherIpFails() {
        NodeState s = RecordedSnapshots.stateOf(withRecord(APP, "{\"ifaceName\":\"" + APP_CALI + "\",\"ipv4Nets\":[\"10.42.0.99/32\"]}"));
        Verdict v = c12(APP, s);
        assertEquals(Verdict.Status.FAIL, v.status(), VerdictMessages.describe(v));
        assertEquals("ipv4Nets [10.42.0.11/32], ipv6Nets []", v.expected());
        assertEquals("ipv4Nets [10.42.0.99/32], ipv6Nets []", v.observed());
        assertEquals(Verdict.Status.PASS, c12(WEB, s).status(), "web's record is untouched");
    }

    @Test
    @DisplayName("a record naming another pod's host veth fails, naming the pod's own node end")
    void aRecordNamingAnotherVethFails() {
        NodeState s = RecordedSnapshots.stateOf(withRecord(APP, "{\"ifaceName\":\"" + PINGER_CALI + "\",\"ipv4Nets\":[\"10.42.0.11/32\"]}"));
        Verdict v = c12(APP, s);
        DecidingFact.assertFailsOn(v, "record ifaceName", "ifaceName " + APP_CALI, "ifaceName " + PINGER_CALI);
    }

    @Test
    @DisplayName("a MAC is compared where the datastore records one (etcd), and a wrong one fails")
    void aRecordedMacIsComparedWithEth0() {
        String prefix = "{\"ifaceName\":\"" + APP_CALI + "\",\"mac\":\"";
        String suffix = "\",\"ipv4Nets\":[\"10.42.0.11/32\"]}";
        Verdict right = c12(APP, RecordedSnapshots.stateOf(withRecord(APP, prefix + APP_ETH0_MAC + suffix)));
        assertEquals(Verdict.Status.PASS, right.status(), VerdictMessages.describe(right));
        Verdict wrong = c12(APP, RecordedSnapshots.stateOf(withRecord(APP, prefix + "02:00:00:00:00:01" + suffix)));
        assertEquals(Verdict.Status.FAIL, wrong.status(), VerdictMessages.describe(wrong));
        assertEquals(APP_ETH0_MAC, wrong.expected());
    }

    @Test
    @DisplayName("no record of a pod where Felix keeps records is a FAIL (looked for, absent)")
    void aMissingRecordFails() {
        NodeState s = RecordedSnapshots.stateOf(withRecords(records(List.of(PINGER, APP))));
        Verdict v = c12(WEB, s);
        assertEquals(Verdict.Status.FAIL, v.status(), VerdictMessages.describe(v));
        assertTrue(v.observed().contains("no file `k8s test%2Fweb eth0`"), v::observed);
        assertEquals(Verdict.Status.PASS, c12(APP, s).status(), "the other pods' records are there");
    }

    @Test
    @DisplayName("an unreadable record is INCONCLUSIVE for its own pod only")
    void anUnreadableRecordTouchesOnlyItsPod() {
        NodeState s = RecordedSnapshots.stateOf(withRecord(APP, "{\"ifaceName\":"));
        assertEquals(Verdict.Status.INCONCLUSIVE, c12(APP, s).status(), VerdictMessages.describe(c12(APP, s)));
        assertEquals(Verdict.Status.PASS, c12(WEB, s).status(), VerdictMessages.describe(c12(WEB, s)));
    }

    @Test
    @DisplayName("a node where Felix keeps no records (no endpoint-status directory) is INCONCLUSIVE, never PASS")
    void noDirectoryIsInconclusiveWithTheReason() {
        NodeState s = RecordedSnapshots.stateOf(withRecords("absent " + FelixEndpointStatus.DIRECTORY + "\n"));
        for (ExpectedPod pod : PODS) {
            Verdict v = c12(pod, s);
            assertEquals(Verdict.Status.INCONCLUSIVE, v.status(), VerdictMessages.describe(v));
            assertTrue(v.reason().contains("Felix keeps no endpoint-status records on this node"), v::reason);
            assertEquals(Verdict.Status.PASS, ClaimEngine.evaluate(ClaimId.C6, pod, s, PodSideViews.none()).status(),
                    "C6 does not depend on Felix's records");
        }
    }

    @Test
    @DisplayName("Felix's file names are decoded field by field, as libcalico-go escapes them")
    void fileNamesAreMatchedByTheirDecodedFields() {
        assertEquals("k8s test%2Fapp eth0", FelixEndpointStatus.fileName("test", "app"));
        FelixEndpointStatus st = FelixEndpointStatus.parse("ls", "directory /d\nfile k8s test%2Fapp eth0\n{}\n"
                + "file k8s test%2Fweb eth1\n{}\nfile openstack test%2Fpinger eth0\n{}\n");
        assertTrue(st.of("test", "app").isPresent(), "test/app's eth0 record");
        assertTrue(st.of("test", "web").isEmpty(), "an eth1 endpoint is not the pod's eth0");
        assertTrue(st.of("test", "pinger").isEmpty(), "another orchestrator's workload is not a pod");
    }

    private static Verdict c12(ExpectedPod pod, NodeState s) {
        return ClaimEngine.evaluate(ClaimId.C12, pod, s, PodSideViews.none());
    }

    private static String records(List<ExpectedPod> pods) {
        return RecordedSnapshots.felixRecords(pods.stream().map(p -> new String[]{p.namespace(), p.name(), p.ip()}).toList());
    }

    /** The healthy snapshot with one pod's record replaced by {@code json}. */
    private static String withRecord(ExpectedPod pod, String json) {
        String file = "file " + FelixEndpointStatus.fileName(pod.namespace(), pod.name()) + "\n";
        String all = records(PODS);
        int at = all.indexOf(file) + file.length();
        return withRecords(all.substring(0, at) + json + all.substring(all.indexOf('\n', at)));
    }

    private static String withRecords(String stdout) {
        return RecordedSnapshots.withSection(HEALTHY, FelixEndpointStatus.SECTION, RecordedSnapshots.FELIX_RECORDS_COMMAND, 0, stdout, "");
    }
}
