package io.podwire.node;

import java.util.function.Function;

/**
 * One observation in one of three states, carried as a type so that no decision reads a message:
 * <ul>
 *   <li>seen: the command ran and printed the value;</li>
 *   <li>absent: the command ran, printed what it should, and the thing looked for is not there (a claim that needs
 *       it FAILs);</li>
 *   <li>could not observe: the command is missing, failed or printed what can't be parsed (INCONCLUSIVE, naming
 *       the command and its stderr or the offending line; never a PASS).</li>
 * </ul>
 * {@code problem} says what is absent or why it could not be observed.
 */
public record Observed<T>(State state, T value, String command, String problem) {

    public enum State { SEEN, ABSENT, UNOBSERVABLE }

    public static <T> Observed<T> of(T value, String command) {
        return new Observed<>(State.SEEN, value, command, null);
    }

    /** Looked for with a command that worked, and not there. */
    public static <T> Observed<T> absent(String command, String what) {
        return new Observed<>(State.ABSENT, null, command, what);
    }

    /** Could not be observed: the command failed or its output could not be read. */
    public static <T> Observed<T> unavailable(String command, String problem) {
        return new Observed<>(State.UNOBSERVABLE, null, command, problem);
    }

    public boolean available() {
        return state == State.SEEN;
    }

    public boolean absent() {
        return state == State.ABSENT;
    }

    public <R> Observed<R> map(Function<T, R> f) {
        return available() ? of(f.apply(value), command) : notSeen();
    }

    /** The next step of a trail: taken only from a seen value; an absence or a failure carries over as it is. */
    public <R> Observed<R> then(Function<T, Observed<R>> next) {
        return available() ? next.apply(value) : notSeen();
    }

    /** This observation's absence or failure, retyped for a step that depends on it. */
    public <R> Observed<R> notSeen() {
        if (available()) {
            throw new IllegalStateException("`" + command + "` was seen");
        }
        return new Observed<>(state, null, command, problem);
    }
}
