package io.podwire;

/** Progress lines for the person watching `mvn verify`; never given a kubeconfig, a token or a secret. */
public final class Log {
    private Log() {
    }

    public static void info(String line) {
        System.out.println("[podwire] " + line);
    }
}
