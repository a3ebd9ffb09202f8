package io.podwire.claims;

import java.util.List;
import java.util.Map;

/** What decided a verdict: the commands run, the raw output lines that mattered, and the parsed values. */
public record Evidence(List<String> commands, List<String> excerpts, Map<String, Object> values) {
}
