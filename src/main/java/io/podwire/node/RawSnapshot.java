package io.podwire.node;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The verbatim output of one snapshot exec on one node, split into its framed sections. */
public record RawSnapshot(String node, Instant takenAt, String output, Map<String, Section> sections) {

    private static final Pattern BEGIN = Pattern.compile("@@(\\S+) begin (\\S+) (.*)");
    /** The sections snapshot.sh prints, one each (read from the script): any other name came from text inside a section. */
    private static final Set<String> NAMES = NodeSnapshotter.sectionNames();
    private static final List<String> PER_OBJECT = List.of("netns.view.", "ethtool.");

    /**
     * Splits the framed output; anything outside a frame is a clear error, never silently dropped. A section printed
     * twice, or one the script never prints, was framed by node text (a file's content closing its section and
     * opening others): every copy becomes a failed section, so what it feeds is could-not-observe, never last-wins.
     */
    public static RawSnapshot parse(String node, Instant takenAt, String nonce, String output) {
        Map<String, Section> sections = new LinkedHashMap<>();
        String beginTag = "@@" + nonce + " begin ";
        int pos = 0;
        while (pos < output.length()) {
            int lineEnd = output.indexOf('\n', pos);
            String line = output.substring(pos, lineEnd < 0 ? output.length() : lineEnd);
            if (!line.startsWith(beginTag)) {
                throw new SnapshotParseException("snapshot framing", line, "expected a section start `" + beginTag + "…`");
            }
            Matcher m = BEGIN.matcher(line);
            if (!m.matches()) {
                throw new SnapshotParseException("snapshot framing", line, "malformed section start");
            }
            String name = m.group(2);
            String command = m.group(3);
            String statusTag = "\n@@" + nonce + " status " + name + " ";
            String endTag = "\n@@" + nonce + " end " + name + "\n";
            int bodyStart = lineEnd + 1;
            int status = output.indexOf(statusTag, bodyStart - 1);
            int end = status < 0 ? -1 : output.indexOf(endTag, status);
            if (status < 0 || end < 0) {
                throw new SnapshotParseException(command, line, "section " + name + " is not closed (output truncated?)");
            }
            String stdout = status < bodyStart ? "" : output.substring(bodyStart, status);
            int statusLineEnd = output.indexOf('\n', status + statusTag.length());
            String code = output.substring(status + statusTag.length(), statusLineEnd);
            String stderr = statusLineEnd >= end ? "" : output.substring(statusLineEnd + 1, end);
            Section section = new Section(name, command, parseExit(command, code), stdout, stderr);
            if (sections.containsKey(name)) {
                section = forged(name, command, "section " + name + " appears more than once in the node's output: "
                        + "text the script printed framed it, so no copy is used");
            } else if (!expected(name)) {
                section = forged(name, command, "section " + name + " is not one the snapshot script prints: "
                        + "text the script printed framed it");
            }
            sections.put(name, section);
            pos = end + endTag.length();
        }
        return new RawSnapshot(node, takenAt, output, Collections.unmodifiableMap(sections));
    }

    private static boolean expected(String name) {
        return NAMES.contains(name) || PER_OBJECT.stream().anyMatch(p -> name.startsWith(p) && name.length() > p.length());
    }

    private static Section forged(String name, String command, String why) {
        return new Section(name, command, Section.FORGED, "", "podwire: " + why);
    }

    private static int parseExit(String command, String code) {
        try {
            return Integer.parseInt(code.strip());
        } catch (NumberFormatException e) {
            throw new SnapshotParseException(command, code, "exit code is not a number");
        }
    }

    public Optional<Section> section(String name) {
        return Optional.ofNullable(sections.get(name));
    }
}
