package io.podwire.run;

/**
 * A pod listed for a run that was not judged, because at its node's snapshot it was no longer (or not yet) a pod whose
 * wiring can be held to the claims: gone, replaced by a new pod of its name, being deleted, or too young for Calico to have finished with it. It has no
 * verdict, neither PASS nor FAIL; the record lists it with the reason.
 */
public record NotJudged(String namespace, String pod, String node, Outcome outcome, String reason) {

    /** Why a pod was not judged. */
    public enum Outcome {
        /** The API no longer has it (deleted, or ended) when re-listed after the snapshot. */
        GONE,
        /** The API has a pod of its name on its node, with another uid: the listed pod was deleted and recreated. */
        REPLACED,
        /** It carries a deletionTimestamp: kubelet is tearing its containers and sandbox down. */
        TERMINATING,
        /** It became Ready less than the settle bound before its node's snapshot: Felix may not have written its record. */
        YOUNG
    }

    public String podKey() {
        return namespace + "/" + pod;
    }
}
