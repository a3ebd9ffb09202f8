package io.podwire.node;

import java.util.function.Function;

/**
 * A parsed observation, or the reason it could not be made (command missing, failed, unparseable).
 * Claims that need an unavailable observation are INCONCLUSIVE with that reason, never PASS.
 */
public record Observed<T>(T value, String command, String problem) {

    public static <T> Observed<T> of(T value, String command) {
        return new Observed<>(value, command, null);
    }

    public static <T> Observed<T> unavailable(String command, String problem) {
        return new Observed<>(null, command, problem);
    }

    public boolean available() {
        return problem == null;
    }

    public <R> Observed<R> map(Function<T, R> f) {
        return available() ? of(f.apply(value), command) : unavailable(command, problem);
    }
}
