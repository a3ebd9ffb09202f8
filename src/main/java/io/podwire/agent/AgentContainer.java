package io.podwire.agent;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import io.podwire.InfrastructureException;
import io.podwire.Timeouts;
import io.podwire.docker.OwnedContainers;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The node agent's image run as its DaemonSet pod would run on a node, against a lab node (the lab's proof and
 * benchmark use it; no node runs it): the lab's PID and network
 * namespaces (hostPID, hostNetwork), the capabilities the snapshot needs named (not --privileged: it fails on our
 * machines, see lab/LabNode), and the node's paths the pod mounts read-only. Kubelet binds hostPaths; Docker can't
 * bind a path of another container's mount namespace (it resolves /proc/PID/root as a plain symlink), so the container
 * sets them up itself before the agent starts, from /proc/1/root (the lab's root: PID 1 of the shared PID namespace):
 * each pinned netns bound as the kernel object itself (nsfs files may be bound across mount namespaces), the CNI and
 * Calico directories copied (plain files, read once, as a read-only mount shows them). Then the image's own java runs
 * the agent, which reads crictl through `nsenter -t 1 -m` as on a node.
 */
public final class AgentContainer {
    public static final String RESULTS = "/tmp/sonobuoy/results";

    /** The pod's hostPath mounts, made by the container itself from the lab's root (see the class comment). */
    static final String HOST_PATHS = """
            set -e
            L=/proc/1/root
            mkdir -p /run/netns
            mount -t tmpfs -o mode=0755 netns /run/netns
            for f in "$L"/run/netns/*; do
              [ -e "$f" ] || continue
              : > "/run/netns/${f##*/}"
              mount --no-canonicalize --bind "$f" "/run/netns/${f##*/}"
            done
            mount -o remount,ro /run/netns
            for d in %s; do
              d=$(readlink -m "$d")
              [ -d "$L$d" ] || continue
              rm -rf "$d"; mkdir -p "$d"
              cp -a "$L$d/." "$d/"
            done
            exec java -cp @/app/jib-classpath-file io.podwire.agent.NodeAgent
            """.formatted(String.join(" ", NodePaths.ALL.stream().map(NodePaths.NodePath::path)
            .filter(p -> !p.equals("/var/run/netns")).toList()));


    /** What one agent run left: the node's results directory (copied out), `done`'s content, the agent's log. */
    public record Run(Path results, String done, String log, Duration wall) {
    }

    private AgentContainer() {
    }

    public static String image() {
        return System.getProperty("podwire.agent.image", "podwire/agent:0.1.0-SNAPSHOT");
    }

    /** Runs the agent on the lab container LAB as node NODE and copies its results into INTO/NODE. */
    public static Run run(DockerClient docker, String image, String lab, String node, Path into) {
        long t0 = System.nanoTime();
        CreateContainerResponse created = docker.createContainerCmd(image)
                .withLabels(OwnedContainers.labels())
                .withEntrypoint("sh", "-c", HOST_PATHS)
                .withEnv("NODE_NAME=" + node, NodeAgent.RESULTS_DIR_ENV + "=" + RESULTS)
                .withHostConfig(HostConfig.newHostConfig()
                        .withPidMode("container:" + lab)
                        .withNetworkMode("container:" + lab)
                        .withCapAdd(Capability.SYS_ADMIN, Capability.SYS_PTRACE, Capability.NET_ADMIN)
                        .withSecurityOpts(List.of("seccomp=unconfined", "apparmor=unconfined")))
                .exec();
        String id = created.getId();
        try {
            docker.startContainerCmd(id).exec();
            Integer code = docker.waitContainerCmd(id).exec(new WaitContainerResultCallback())
                    .awaitStatusCode(Timeouts.AGENT_RUN.toMillis(), TimeUnit.MILLISECONDS);
            Duration wall = Duration.ofNanos(System.nanoTime() - t0);
            String log = logs(docker, id);
            if (code == null || code != 0) {
                throw new InfrastructureException("the agent on " + node + " exited " + code + ":\n" + log);
            }
            Path dir = into.resolve(node);
            copyOut(docker, id, RESULTS + "/" + NodeAgent.RESULTS_SUBDIR, dir);
            return new Run(dir, read(docker, id, RESULTS + "/" + NodeAgent.DONE), log, wall);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            docker.removeContainerCmd(id).withForce(true).exec();
        }
    }

    private static String logs(DockerClient docker, String id) {
        StringBuilder sb = new StringBuilder();
        try {
            docker.logContainerCmd(id).withStdOut(true).withStdErr(true).exec(new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame f) {
                    sb.append(new String(f.getPayload(), StandardCharsets.UTF_8));
                }
            }).awaitCompletion(Timeouts.EXEC.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted while reading the agent's log", e);
        }
        return sb.toString();
    }

    /** One file of the container, as text. */
    private static String read(DockerClient docker, String id, String path) throws IOException {
        try (InputStream in = docker.copyArchiveFromContainerCmd(id, path).exec();
             TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e = tar.getNextEntry();
            if (e == null || !e.isFile()) {
                throw new IOException(path + " is not a file in the agent's container");
            }
            return new String(tar.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** `docker cp CONTAINER:PATH DIR`: the archive's first path component (PATH's own name) is dropped. */
    private static void copyOut(DockerClient docker, String id, String path, Path dir) throws IOException {
        Files.createDirectories(dir);
        try (InputStream in = docker.copyArchiveFromContainerCmd(id, path).exec();
             TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                String name = e.getName();
                String rel = name.contains("/") ? name.substring(name.indexOf('/') + 1) : name;
                if (!e.isFile()) {
                    continue;
                }
                Path target = dir.resolve(rel.isEmpty() ? name : rel).normalize();
                if (!target.startsWith(dir)) {
                    throw new IOException("archive entry outside its directory: " + name);
                }
                Files.createDirectories(target.getParent());
                Files.copy(tar, target);
            }
        }
    }
}
