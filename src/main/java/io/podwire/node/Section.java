package io.podwire.node;

/** One command of the snapshot script: its stdout verbatim, exit code and stderr. */
public record Section(String name, String command, int exitCode, String stdout, String stderr) {
    public boolean succeeded() {
        return exitCode == 0;
    }

    /** Why this section can't be trusted, for an INCONCLUSIVE verdict. */
    public String failure() {
        return "`" + command + "` exited " + exitCode + (stderr.isBlank() ? "" : ": " + stderr.strip());
    }
}
