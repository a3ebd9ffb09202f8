package io.podwire.agent;

import io.podwire.Log;
import io.podwire.Scrubber;
import io.podwire.Timeouts;
import io.podwire.verdict.ClaimId;
import io.podwire.node.NodeAccess;
import io.podwire.report.AgentRecords;
import io.podwire.report.PrivateFiles;
import io.podwire.run.Inspector;
import io.podwire.run.NodeInspection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The node agent: run in a pod on every node (a Sonobuoy DaemonSet plugin, or a plain DaemonSet), it inspects its
 * own node through the one pipeline (Inspector: the runtime's ready sandboxes, one local snapshot, every pod judged by
 * the snapshot-side claims, as the all-pods audit does) and writes the node's results: JUnit XML for Sonobuoy, the
 * node's part of the run record, the scrubbed snapshot; then Sonobuoy's `done` file naming the results directory
 * (sonobuoy site/content/docs/main/plugins.md: the worker sidecar sends what `done` names). `podwire merge` makes one
 * record of the nodes' results. Memory is bounded by this node: nothing of another node is ever held here.
 */
public final class NodeAgent {
    /** Sonobuoy's results directory variable (sonobuoy pkg/plugin/driver/base.go workerEnvironment), and its default. */
    public static final String RESULTS_DIR_ENV = "SONOBUOY_RESULTS_DIR";
    static final String DEFAULT_RESULTS_DIR = "/tmp/sonobuoy/results";
    /** The node's name: the pod gets it from the downward API (spec.nodeName), as Sonobuoy sets it too. */
    public static final String NODE_NAME_ENV = "NODE_NAME";
    /** Where the node's results go, under the results directory: the directory `done` names. */
    public static final String RESULTS_SUBDIR = "podwire";
    public static final String DONE = "done";

    /** The suite's version, as the image's environment carries it (the Jib profile sets it from the pom). */
    static final String VERSION_ENV = "PODWIRE_VERSION";

    private NodeAgent() {
    }

    static String suiteVersion() {
        return System.getenv().getOrDefault(VERSION_ENV, "unknown");
    }

    /** `java -cp … io.podwire.agent.NodeAgent`: exit 0 when the node's results are written, whatever they say. */
    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        String node = env.getOrDefault(NODE_NAME_ENV, "");
        Path results = Path.of(env.getOrDefault(RESULTS_DIR_ENV, DEFAULT_RESULTS_DIR));
        if (node.isBlank()) {
            System.err.println("podwire agent: " + NODE_NAME_ENV + " is not set (the pod's env: valueFrom fieldRef "
                    + "spec.nodeName): the results must name their node");
            System.exit(2);
        }
        Path dir = run(new LocalNodeAccess(node, Timeouts.EXEC), results);
        System.out.println("podwire agent: results of node " + node + " in " + dir + "; peak memory " + peakRss());
    }

    /** The process's peak resident set (VmHWM): what the agent's pod needs as its memory limit. */
    static String peakRss() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM:"))
                    .map(l -> l.substring(6).strip()).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * Inspects NODE and writes its results under RESULTS; returns the node's results directory. An inspection that
     * failed is written too, as the node's infrastructure failure: a node never stays silent.
     */
    public static Path run(NodeAccess node, Path results) {
        Instant at = Instant.now();
        NodeInspection inspection = Inspector.create().judging(ClaimId.nodeSide())
                .inspectRuntimePods(List.of(node), 1).get(0);
        inspection.failure().ifPresent(e -> Log.info("podwire agent: node " + node.nodeName()
                + " could not be inspected: " + Scrubber.scrub(e.getMessage())));
        Log.info("podwire agent: node " + node.nodeName() + ": " + inspection.pods().size() + " pods, "
                + inspection.verdicts().size() + " verdicts, snapshot " + inspection.snapshot().toMillis() + " ms, "
                + "judging " + inspection.evaluation().toMillis() + " ms");
        Path dir = results.resolve(RESULTS_SUBDIR);
        try {
            PrivateFiles.directories(dir);
            AgentRecords.writeNode(dir, inspection, suiteVersion());
            PrivateFiles.write(dir.resolve(JUnitResults.FILE), JUnitResults.xml(inspection, at));
            // the done file last, atomically: the sidecar sends the results once it appears, never half of them
            Path tmp = Files.createTempFile(results, ".done", ".tmp");
            Files.writeString(tmp, dir.toAbsolutePath() + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, results.resolve(DONE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("podwire agent: could not write the results of node " + node.nodeName()
                    + " under " + results, e);
        }
        return dir;
    }
}
