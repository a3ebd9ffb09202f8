package io.podwire.node;


import tools.jackson.core.JacksonException;

import java.util.Set;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * Turns the raw sections of a snapshot into a NodeState. A failed or unparseable section becomes could-not-observe
 * for what depends on it only: each pinned netns and each veth has a section of its own, and a process's record
 * that can't be read leaves the rest of the process table standing.
 */
public final class NodeStateReader {
    private static final String NETNS_VIEW = "netns.view.";
    private static final String ETHTOOL = "ethtool.";
    private static final Pattern VANISHED_PROCESS =
            Pattern.compile(".*/proc/\\d+/\\S*.*No such file or directory.*|.*/proc/\\d+/\\S*.*No such process.*");

    private NodeStateReader() {
    }

    public static NodeState read(RawSnapshot raw) {
        Map<String, Observed<EthtoolStats>> ethtool = new HashMap<>();
        Map<String, Observed<NetnsView>> views = new HashMap<>();
        raw.sections().values().forEach(s -> {
            if (s.name().startsWith(ETHTOOL)) {
                String dev = s.name().substring(ETHTOOL.length());
                ethtool.put(dev, parse(Optional.of(s), s.name(), (c, t) -> TextParsers.ethtool(c, dev, t)));
            } else if (s.name().startsWith(NETNS_VIEW)) {
                String netns = s.name().substring(NETNS_VIEW.length());
                views.put(netns, parse(Optional.of(s), s.name(), (c, t) -> IpJsonParser.netnsView(c, netns, t)));
            }
        });
        return new NodeState(raw,
                parse(raw, "node.links", IpJsonParser::links),
                routes(raw),
                parse(raw, "netns.list", TextParsers::netnsList),
                parse(raw, "netns.inodes", TextParsers::netnsFiles),
                recordedNetns(raw),
                pinnedIpcUts(raw),
                views,
                ethtool,
                parse(raw, "sysctl.interfaces", TextParsers::interfaceSysctls),
                processes(raw),
                parse(raw, "runtime.sandboxes", CrictlParser::sandboxes),
                parse(raw, "runtime.containers", CrictlParser::containers),
                parse(raw, "node.links.text", IpLinkTextParser::blocks),
                new NodeState.Ipv6Sections(
                        parse(raw, "node.routes6", (c, t) -> RouteTable.of(IpJsonParser.routes(c, t, Route.INET6))),
                        parse(raw, "node.addrs6", IpJsonParser::addressesByLink)));
    }

    /**
     * The netns paths the runtime recorded outside /var/run/netns; a snapshot taken before the section existed
     * recorded none there (every recorded sandbox path was under /var/run/netns), so it has none.
     */
    private static Observed<NetnsFiles> recordedNetns(RawSnapshot raw) {
        if (raw.section("netns.recorded").isEmpty()) {
            return Observed.of(NetnsFiles.none(), "netns.recorded");
        }
        return parse(raw, "netns.recorded", TextParsers::recordedNetns);
    }

    /** The ipc and uts namespace paths the runtime recorded (CRI-O); a snapshot from before the section has none. */
    private static Observed<NetnsFiles> pinnedIpcUts(RawSnapshot raw) {
        if (raw.section("ns.pinned").isEmpty()) {
            return Observed.of(NetnsFiles.none(), "ns.pinned");
        }
        return parse(raw, "ns.pinned", TextParsers::recordedNetns);
    }

    /** `ip -j route`; where it printed no valid JSON (iproute2 before 5.4, multipath routes), the text form. */
    private static Observed<RouteTable> routes(RawSnapshot raw) {
        Observed<RouteTable> json = parse(raw, "node.routes", (c, t) -> RouteTable.of(IpJsonParser.routes(c, t, Route.INET)));
        if (json.available() || raw.section("node.routes.text").isEmpty()) {
            return json;
        }
        return parse(raw, "node.routes.text", TextParsers::routeTable);
    }

    /** One section through its parser: could not observe where the section failed, is missing or does not parse. */
    public static <T> Observed<T> parse(RawSnapshot raw, String name, BiFunction<String, String, T> parser) {
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
        } catch (JacksonException | IllegalArgumentException | ArithmeticException | IndexOutOfBoundsException e) {
            return Observed.unavailable(s.command(), unreadable(name, e));
        }
    }

    // a value of the wrong JSON type, a number beyond its type: what it feeds is unobserved, the node stays
    // (JacksonException covers Jackson 3's JsonNodeException, NumberFormatException is an IllegalArgumentException)
    private static String unreadable(String section, RuntimeException e) {
        String why = e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage();
        return "cannot parse output of section " + section + ": " + e.getClass().getSimpleName() + ": "
                + (why == null ? "" : why.length() > 300 ? why.substring(0, 300) + "…" : why);
    }

    /** Processes may exit between the shell's glob and the read: those errors alone are not a failure. */
    private static Observed<ProcTable> processes(RawSnapshot raw) {
        for (String name : List.of("proc.stat", "proc.cmdline", "proc.ns")) {
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
        } catch (JacksonException | IllegalArgumentException | ArithmeticException | IndexOutOfBoundsException e) {
            return Observed.unavailable(stat.command(), unreadable("proc.*", e));
        }
    }

    private static boolean onlyVanishedProcesses(Section s) {
        return s.exitCode() == 1 && !s.stderr().isBlank()
                && s.stderr().lines().filter(l -> !l.isBlank()).allMatch(l -> VANISHED_PROCESS.matcher(l).matches());
    }
}
