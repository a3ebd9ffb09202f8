package io.podwire;

/**
 * Broken infrastructure (no Docker, no image, no cluster, an exec that could not run): never a violated claim.
 * The message names the cause (which image, which registry, which pod, which condition) and how to fix it.
 */
public class InfrastructureException extends RuntimeException {
    public InfrastructureException(String message) {
        super(message);
    }

    public InfrastructureException(String message, Throwable cause) {
        super(message, cause);
    }
}
