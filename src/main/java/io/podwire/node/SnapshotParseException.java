package io.podwire.node;

/** Output that podwire can't read: names the command and the offending line, so nothing is silently dropped. */
public class SnapshotParseException extends RuntimeException {
    private final String command;
    private final String offendingLine;

    public SnapshotParseException(String command, String offendingLine, String problem) {
        super("cannot parse output of `" + command + "`: " + problem + "; offending line: "
                + abbreviate(offendingLine));
        this.command = command;
        this.offendingLine = offendingLine;
    }

    public String command() {
        return command;
    }

    public String offendingLine() {
        return offendingLine;
    }

    private static String abbreviate(String line) {
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
