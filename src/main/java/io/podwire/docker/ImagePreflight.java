package io.podwire.docker;

import io.podwire.Timeouts;
import io.podwire.Log;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.PullResponseItem;
import io.podwire.InfrastructureException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.dockerclient.DockerClientProviderStrategy;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.ImageNameSubstitutor;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import java.util.concurrent.TimeUnit;

/**
 * Makes sure an image is in the local Docker engine before Testcontainers is asked to start it, with ONE pull
 * attempt: Testcontainers itself retries a failing pull for about 2 minutes per image, which on a machine without
 * a registry turns a plain "can't pull" into minutes of silence.
 */
public final class ImagePreflight {
    /** What Testcontainers 2.0.5's RyukContainer runs (before any image-name substitution). */
    static final String RYUK_IMAGE = "testcontainers/ryuk:0.14.0";
    private static final Pattern DAEMON_MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private ImagePreflight() {
    }

    /**
     * A plain client of the Docker engine Testcontainers would use. Not DockerClientFactory.client(): that one
     * starts Ryuk first, whose image pull would retry for minutes before anything could be checked.
     */
    public static DockerClient docker() {
        try {
            DockerClient docker = DockerClientProviderStrategy.getClientForConfig(
                    DockerClientFactory.instance().getTransportConfig());
            docker.pingCmd().exec();
            return docker;
        } catch (RuntimeException e) {
            throw new InfrastructureException("no Docker engine is available to start the cluster (" + e.getMessage()
                    + "); start Docker, or run against an existing cluster with -Dpodwire.cluster=kubeconfig", e);
        }
    }

    /** Testcontainers' reaper image, which it pulls before the first container unless TESTCONTAINERS_RYUK_DISABLED. */
    public static Optional<String> ryukImage() {
        if (Boolean.parseBoolean(System.getenv("TESTCONTAINERS_RYUK_DISABLED"))) {
            return Optional.empty();
        }
        return Optional.of(ImageNameSubstitutor.instance().apply(DockerImageName.parse(RYUK_IMAGE)).asCanonicalNameString());
    }

    /**
     * Testcontainers' reaper image present, or pulled once; where it is neither, the error names the two settings
     * that let Testcontainers run without a registry (a user whose Docker already runs never met ci/prepare-machine.sh).
     */
    public static void ensureRyuk(DockerClient docker) {
        ensureRyuk(docker, ryukImage());
    }

    static void ensureRyuk(DockerClient docker, Optional<String> ryukImage) {
        ryukImage.ifPresent(ryuk -> {
            try {
                ensureLocal(docker, ryuk);
            } catch (InfrastructureException e) {
                throw new InfrastructureException("Testcontainers starts its reaper " + ryuk + " before any container,"
                        + " and that image is neither present nor pullable: " + e.getMessage() + ". Where no registry is"
                        + " reachable, run with TESTCONTAINERS_RYUK_DISABLED=true and TESTCONTAINERS_HOST_OVERRIDE=localhost"
                        + " in the environment (`. ci/prepare-machine.sh` sets both when it finds no registry; podwire"
                        + " removes the containers it starts without Ryuk)", e);
            }
        });
    }

    public static void ensureLocal(DockerClient docker, String image) {
        ImageRef ref = ImageRef.parse(image);
        try {
            docker.inspectImageCmd(image).exec();
            Log.info("image " + image + " is present locally");
            return;
        } catch (NotFoundException absent) {
            Log.info("image " + image + " is not present locally; pulling it once from " + ref.registry());
        }
        DockerImageName name = DockerImageName.parse(image);
        ResultCallback.Adapter<PullResponseItem> pull = new ResultCallback.Adapter<>();
        boolean finished;
        try {
            docker.pullImageCmd(name.getUnversionedPart()).withTag(name.getVersionPart()).exec(pull);
            finished = pull.awaitCompletion(Timeouts.IMAGE_PULL.toMillis(), TimeUnit.MILLISECONDS);
        } catch (DockerException | com.github.dockerjava.api.exception.DockerClientException e) {
            throw cannotPull(ref, daemonMessage(e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted while pulling " + ref, e);
        } catch (RuntimeException e) {
            throw cannotPull(ref, daemonMessage(e.getMessage()), e);
        }
        if (!finished) {
            closeQuietly(pull);
            throw cannotPull(ref, "the pull did not finish within " + Timeouts.human(Timeouts.IMAGE_PULL), null);
        }
        try {
            docker.inspectImageCmd(image).exec();
        } catch (NotFoundException e) {
            throw cannotPull(ref, "the engine reported the pull as finished but has no such image", e);
        }
        Log.info("pulled " + image);
    }

    /** The engine's own words: `Status 500: {"message":"Get …: no such host"}` → `Get …: no such host`. */
    static String daemonMessage(String raw) {
        if (raw == null) {
            return "(no message from the Docker engine)";
        }
        Matcher m = DAEMON_MESSAGE.matcher(raw);
        return m.find() ? m.group(1).replace("\\\"", "\"").strip() : raw.strip();
    }

    private static InfrastructureException cannotPull(ImageRef ref, String why, Throwable cause) {
        return new InfrastructureException("cannot pull image " + ref.image() + " from registry " + ref.registry()
                + " (" + ref.registryHost() + "), and it is not present locally: " + why
                + ". Make the registry reachable, or load the image (`docker load`) on this machine, or use"
                + " -Dpodwire.cluster=kubeconfig against an existing cluster", cause);
    }

    private static void closeQuietly(ResultCallback.Adapter<PullResponseItem> pull) {
        try {
            pull.close();
        } catch (java.io.IOException ignored) {
            // the pull is abandoned either way
        }
    }
}
