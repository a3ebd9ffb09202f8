package io.podwire.verdict;

import java.util.List;
import java.util.Map;

/**
 * What decided a verdict: the commands run, the raw output lines that mattered, and the parsed values. A FAIL also
 * names its deciding fact, the first expected fact found false (the verdict's expected and observed are that fact's
 * values), and {@code decidedBy}, the command whose output showed it, as it ran; an INCONCLUSIVE names in
 * {@code decidedBy} the command whose output could not be used. Both are null on a PASS.
 */
public record Evidence(List<String> commands, List<String> excerpts, Map<String, Object> values, String fact,
                       String decidedBy) {

    public Evidence(List<String> commands, List<String> excerpts, Map<String, Object> values) {
        this(commands, excerpts, values, null, null);
    }
}
