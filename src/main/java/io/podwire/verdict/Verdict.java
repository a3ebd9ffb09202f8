package io.podwire.verdict;

/**
 * The outcome of one claim for one pod on one node (pod "*" for node-wide checks such as orphan cali links),
 * with a one-sentence reason, expected and observed values, and the evidence that decided it.
 */
public record Verdict(ClaimId claim, String namespace, String pod, String node, Status status, String reason,
                      String expected, String observed, Evidence evidence) {

    /**
     * NOT_APPLICABLE: the node's CNI profile makes no promise this claim checks (the reason says which and why);
     * it is no pass: it holds nothing, and the record and the report show it as its own state.
     */
    public enum Status { PASS, FAIL, INCONCLUSIVE, NOT_APPLICABLE }

    public static final String NODE_SCOPE = "*";

    public String podKey() {
        return pod.equals(NODE_SCOPE) ? "node " + node : namespace + "/" + pod;
    }
}
