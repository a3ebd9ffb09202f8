package io.podwire.cluster;

import io.podwire.Log;
import io.podwire.InfrastructureException;
import io.podwire.node.ExpectedPod;
import io.podwire.lab.LabCalico;
import io.podwire.lab.LabFault;
import io.podwire.lab.LabNode;
import io.podwire.lab.LabPod;
import io.podwire.lab.WiredPod;
import io.podwire.node.NodeAccess;
import io.podwire.node.PodExec;
import io.podwire.run.Churn;
import org.testcontainers.DockerClientFactory;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;

/**
 * `-Dpodwire.cluster=lab`: the conformance tests on a lab node (pinger, app, web wired as containerd + Calico do),
 * optionally with one fault of the catalogue injected (`-Dpodwire.lab.fault=PROXY_ARP_OFF`). Not a Kubernetes
 * cluster: it runs the conformance path end to end where no registry is reachable, and shows a violated claim.
 */
final class LabTarget implements ConformanceTarget {
    static final String FAULT_PROPERTY = "podwire.lab.fault";
    /** -Dpodwire.lab.dualstack=true: the lab's pods get an IPv6 address too, wired as Calico does on a dual-stack cluster. */
    static final String DUAL_STACK_PROPERTY = "podwire.lab.dualstack";
    /**
     * Made-up secrets on a process command line in pod test/app, as real workloads put them there: every lab run is
     * then an end-to-end check that none reaches reports/, the bundle or the Allure results (ci/evidence-run.sh).
     */
    public static final String DECOY_PASSWORD = "Lab-Decoy-Pw-4711";
    public static final String DECOY_TOKEN = "ghp_LabDecoyToken0123456789abcdefABCDEF01";

    private final LabNode lab;
    private final Optional<LabFault> fault;

    private LabTarget(LabNode lab, Optional<LabFault> fault) {
        this.lab = lab;
        this.fault = fault;
    }

    static LabTarget start(Optional<String> faultName) {
        Optional<LabFault> fault = faultName.map(LabTarget::fault);
        LabNode lab = LabNode.start();
        try {
            // a dual-stack fault, or -Dpodwire.lab.dualstack=true, wires the lab's pods dual-stack; a fault shown under
            // another Calico configuration is injected into a lab wired under it
            lab.wire(fault.map(LabFault::labPods).orElse(Boolean.getBoolean(DUAL_STACK_PROPERTY) ? LabPod.dualStack()
                    : LabPod.standard()), fault.map(LabFault::calico).orElse(LabCalico.DEFAULT));
            String decoy = lab.run("a process with secrets on its command line in pod test/app", "p=$(cat "
                    + WiredPod.pidFile(lab.pod("app").sandboxId()) + ")\n"
                    + "nsenter --net=/proc/$p/ns/net --ipc=/proc/$p/ns/ipc --uts=/proc/$p/ns/uts -- setsid sh -c"
                    + " 'sleep infinity; :' backup-agent --db=postgres://admin:" + DECOY_PASSWORD + "@db:5432/app --token "
                    + DECOY_TOKEN + " </dev/null >/dev/null 2>&1 &\necho $!\n").stdout().strip();
            // ci/evidence-run.sh finds this pid in the snapshot's process table, and its secrets nowhere
            Log.info("lab decoy: a process with a password URL and a token on its command line runs in test/app as pid "
                    + decoy);
            fault.ifPresent(f -> {
                Log.info("injecting lab fault " + f + " (" + f.claim() + ": " + f.description() + ")");
                f.inject(lab);
            });
            return new LabTarget(lab, fault);
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    static LabFault fault(String name) {
        try {
            return LabFault.valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InfrastructureException("-D" + FAULT_PROPERTY + "=" + name + " is not a lab fault; valid values: "
                    + Arrays.toString(LabFault.values()));
        }
    }

    @Override
    public String description() {
        boolean dualStack = lab.pods().stream().anyMatch(p -> p.pod().ipv6() != null);
        return LabNode.DESCRIPTION + (dualStack ? ", pods dual-stack (IPv4 + IPv6)" : "")
                + fault.map(f -> ", fault " + f + " injected (" + f.description() + ")").orElse("");
    }

    @Override
    public String kubernetesVersion() {
        return "none (lab node)";
    }

    @Override
    public String calicoVersion() {
        return "none (Calico's CNI wiring reproduced by podwire)";
    }

    /** The lab node's image, by its local image id: it is built here, never pulled, so there is no registry digest. */
    @Override
    public Map<String, String> imageDigests() {
        try {
            return Map.of(LabNode.IMAGE, DockerClientFactory.instance().client().inspectImageCmd(LabNode.IMAGE).exec().getId()
                    + " (local image id, built by ci/build-lab-image.sh)");
        } catch (RuntimeException e) {
            return Map.of(LabNode.IMAGE, "unknown (" + e.getMessage() + ")");
        }
    }

    /** No container runtime wires the lab's pods: podwire does, with ip netns and veth, as containerd + Calico do. */
    @Override
    public Map<String, String> containerRuntimes() {
        Map<String, String> runtimes = new TreeMap<>();
        lab.expectedPods().forEach(p -> runtimes.put(p.node(), "none: pods wired by podwire's lab (ip netns, veth) in a"
                + " Docker container of " + LabNode.IMAGE));
        return runtimes;
    }

    /** The fault injected before the run, if any. */
    Optional<LabFault> fault() {
        return fault;
    }

    @Override
    public List<ExpectedPod> pods() {
        return lab.expectedPods();
    }

    @Override
    public List<ExpectedPod> podsOnAllNodes() {
        return lab.expectedPods();
    }

    /** The lab's pod list is its wired pods: a pod unwired since the list is gone. */
    @Override
    public Churn churn(Duration settle) {
        return Churn.relisting(lab::expectedPods);
    }

    @Override
    public NodeAccess node(String nodeName) {
        return lab.access();
    }

    @Override
    public PodExec podExec() {
        return lab.podExec();
    }

    @Override
    public void collect(Diagnostics diagnostics) {
        diagnostics.text("lab node", LabNode.IMAGE + "; fault: " + fault.map(Enum::name).orElse("none"));
    }

    @Override
    public void close() {
        lab.close();
    }
}
