package io.podwire.node;

import java.util.List;

/** What one command on a node returned. */
public record ExecResult(List<String> command, int exitCode, String stdout, String stderr) {
    public boolean succeeded() {
        return exitCode == 0;
    }

    /** The command as a person would type it (the script body itself is not repeated). */
    public String commandLine() {
        return String.join(" ", command.stream().map(a -> a.contains("\n") ? "<script>" : a).toList());
    }
}
