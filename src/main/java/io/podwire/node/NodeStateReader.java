package io.podwire.node;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/** Turns the raw sections of a snapshot into a NodeState; a failed or unparseable section becomes unavailable. */
public final class NodeStateReader {
    private static final Pattern VANISHED_PROCESS =
            Pattern.compile(".*/proc/\\d+/\\S*.*No such file or directory.*|.*/proc/\\d+/\\S*.*No such process.*");

    private NodeStateReader() {
    }

    public static NodeState read(RawSnapshot raw) {
        Map<String, Observed<EthtoolStats>> ethtool = new HashMap<>();
        raw.sections().values().stream().filter(s -> s.name().startsWith("ethtool.")).forEach(s -> {
            String dev = s.name().substring("ethtool.".length());
            ethtool.put(dev, parse(Optional.of(s), s.name(), (c, t) -> TextParsers.ethtool(c, dev, t)));
        });
        return new NodeState(raw,
                parse(raw, "node.links", IpJsonParser::links),
                parse(raw, "node.routes", IpJsonParser::routes),
                parse(raw, "netns.list", TextParsers::netnsList),
                parse(raw, "netns.inodes", TextParsers::netnsInodes),
                parse(raw, "netns.views", IpJsonParser::netnsViews),
                ethtool,
                parse(raw, "sysctl.proxy_arp", TextParsers::sysctlPerInterface),
                processes(raw),
                parse(raw, "runtime.sandboxes", CrictlParser::sandboxes),
                parse(raw, "runtime.containers", CrictlParser::containers),
                parse(raw, "node.links.text", IpLinkTextParser::blocks));
    }

    private static <T> Observed<T> parse(RawSnapshot raw, String name, BiFunction<String, String, T> parser) {
        return parse(raw.section(name), name, parser);
    }

    private static <T> Observed<T> parse(Optional<Section> section, String name, BiFunction<String, String, T> parser) {
        if (section.isEmpty()) {
            return Observed.unavailable(name, "section " + name + " is missing from the snapshot output");
        }
        Section s = section.get();
        if (!s.succeeded()) {
            return Observed.unavailable(s.command(), s.failure());
        }
        try {
            return Observed.of(parser.apply(s.command(), s.stdout()), s.command());
        } catch (SnapshotParseException e) {
            return Observed.unavailable(s.command(), e.getMessage());
        }
    }

    /** Processes may exit between the shell's glob and the read: those errors alone are not a failure. */
    private static Observed<Map<Integer, Proc>> processes(RawSnapshot raw) {
        List<String> names = List.of("proc.stat", "proc.cmdline", "proc.ns");
        for (String name : names) {
            Optional<Section> s = raw.section(name);
            if (s.isEmpty()) {
                return Observed.unavailable(name, "section " + name + " is missing from the snapshot output");
            }
            if (!s.get().succeeded() && !onlyVanishedProcesses(s.get())) {
                return Observed.unavailable(s.get().command(), s.get().failure());
            }
        }
        Section stat = raw.sections().get("proc.stat");
        try {
            return Observed.of(ProcParser.processes(stat, raw.sections().get("proc.cmdline"),
                    raw.sections().get("proc.ns")), stat.command());
        } catch (SnapshotParseException e) {
            return Observed.unavailable(e.command(), e.getMessage());
        }
    }

    private static boolean onlyVanishedProcesses(Section s) {
        return s.exitCode() == 1 && !s.stderr().isBlank()
                && s.stderr().lines().filter(l -> !l.isBlank()).allMatch(l -> VANISHED_PROCESS.matcher(l).matches());
    }
}
