package io.podwire.node;

/** One command of the snapshot script: its stdout verbatim, exit code and stderr. */
public record Section(String name, String command, int exitCode, String stdout, String stderr) {
    /** The exit code of a section that framing can't vouch for (printed twice, or by node text): never used. */
    public static final int FORGED = -2;

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** Why this section can't be trusted, for an INCONCLUSIVE verdict. */
    public String failure() {
        if (exitCode == FORGED) {
            return stderr.strip();
        }
        return "`" + command + "` exited " + exitCode + (stderr.isBlank() ? "" : ": " + stderr.strip());
    }
}
