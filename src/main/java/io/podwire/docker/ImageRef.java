package io.podwire.docker;

/**
 * An image reference split the way Docker resolves it: the first path part is a registry only if it looks like a
 * host (has a dot or a port, or is localhost); otherwise the image lives on Docker Hub.
 */
public record ImageRef(String image, String registry, String registryHost) {
    public static final String DOCKER_HUB = "docker.io";

    public static ImageRef parse(String image) {
        int slash = image.indexOf('/');
        String first = slash < 0 ? "" : image.substring(0, slash);
        boolean hasRegistry = first.contains(".") || first.contains(":") || first.equals("localhost");
        String registry = hasRegistry ? first : DOCKER_HUB;
        // Docker Hub's API is not served at docker.io itself
        String host = registry.equals(DOCKER_HUB) ? "registry-1.docker.io" : registry;
        return new ImageRef(image, registry, host);
    }

    @Override
    public String toString() {
        return image + " (registry " + registry + ")";
    }
}
