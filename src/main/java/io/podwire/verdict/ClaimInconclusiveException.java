package io.podwire.verdict;

/** A claim that could not be observed: reported as broken (not passed, not violated), with the command and its error. */
public class ClaimInconclusiveException extends RuntimeException {
    public ClaimInconclusiveException(String message) {
        super(message);
    }
}
