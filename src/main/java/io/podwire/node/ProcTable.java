package io.podwire.node;

import java.util.Map;

/**
 * The node's processes as the snapshot read them, and the pids whose record could not be read (with the offending
 * text): a process that can't be read makes only what depends on that process unobservable.
 */
public record ProcTable(Map<Integer, Proc> byPid, Map<Integer, String> unread) {
}
