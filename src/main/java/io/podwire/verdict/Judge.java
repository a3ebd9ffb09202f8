package io.podwire.verdict;

import io.podwire.node.ExpectedPod;
import io.podwire.node.Observed;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Collects the evidence of one claim for one pod while it is evaluated, then states the verdict. */
public final class Judge {
    /** The fact a FAIL names (the first expected fact found false) and the command whose output showed it. */
    public record Fact(String name, String decidedBy) {
    }

    private final ClaimId claim;
    private final String namespace;
    private final String pod;
    private final String node;
    private final Set<String> commands = new LinkedHashSet<>();
    private final List<String> excerpts = new ArrayList<>();
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final List<Observed<?>> unobservedDetails = new ArrayList<>();

    public Judge(ClaimId claim, String namespace, String pod, String node) {
        this.claim = claim;
        this.namespace = namespace;
        this.pod = pod;
        this.node = node;
    }

    public Judge(ClaimId claim, ExpectedPod pod, String node) {
        this(claim, pod.namespace(), pod.name(), node);
    }

    /** Records that this observation was used; the caller checks available() before reading it. */
    public <T> Observed<T> saw(Observed<T> o) {
        commands.add(o.command());
        return o;
    }

    /** The fact {@code name} as observation {@code from} showed it: its command decides when the fact is false. */
    public Fact fact(String name, Observed<?> from) {
        return fact(name, from.command());
    }

    public Fact fact(String name, String command) {
        commands.add(command);
        return new Fact(name, command);
    }

    public Judge command(String command) {
        commands.add(command);
        return this;
    }

    public Judge excerpt(String raw) {
        if (raw != null && !raw.isBlank()) {
            excerpts.add(raw);
        }
        return this;
    }

    public Judge value(String name, Object value) {
        values.put(name, value);
        return this;
    }

    /**
     * A detail of the claim that could not be observed (a setting or value the snapshot did not read): the other
     * details are still checked, and a violated one still FAILs; otherwise the verdict is INCONCLUSIVE, not a pass.
     */
    public Judge unobserved(Observed<?> detail) {
        commands.add(detail.command());
        unobservedDetails.add(detail);
        return this;
    }

    /** PASS when every detail was observed; INCONCLUSIVE naming each detail that was not. */
    public Verdict pass(String reason, String expected, String observed) {
        if (!unobservedDetails.isEmpty()) {
            return verdict(Verdict.Status.INCONCLUSIVE, "could not observe: " + String.join("; ",
                            unobservedDetails.stream().map(Observed::problem).toList()) + " (otherwise: " + reason + ")",
                    expected, observed, null, unobservedDetails.get(0).command());
        }
        return verdict(Verdict.Status.PASS, reason, expected, observed, null, null);
    }

    /** The node's CNI makes no promise this claim checks: NOT_APPLICABLE, with why (never a pass). */
    public Verdict notApplicable(String reason) {
        return verdict(Verdict.Status.NOT_APPLICABLE, reason, "(not applicable)", "(not applicable)", null, null);
    }

    /**
     * The claim is violated: {@code fact} is the first expected fact found false, {@code expected} and {@code observed}
     * are exactly that fact's values, and the reason names it.
     */
    public Verdict fail(Fact fact, String reason, String expected, String observed) {
        return verdict(Verdict.Status.FAIL, reason, expected, observed, fact.name(), fact.decidedBy());
    }

    /**
     * A step the claim needs was not seen: looked for and absent is a violation (FAIL, {@code observed} says what
     * was found instead); could not observe is INCONCLUSIVE. Decided by the observation's state, never its words.
     */
    public Verdict notSeen(String fact, Observed<?> o, String expected, String observed) {
        commands.add(o.command());
        return o.absent() ? fail(fact(fact, o), o.problem(), expected, observed) : inconclusive(o, expected);
    }

    /** Could not observe: names the command and what went wrong; never a pass. */
    public Verdict inconclusive(Observed<?> missing, String expected) {
        commands.add(missing.command());
        return verdict(Verdict.Status.INCONCLUSIVE, "could not observe: " + missing.problem(), expected,
                "nothing: `" + missing.command() + "` gave no usable output", null, missing.command());
    }

    private Verdict verdict(Verdict.Status status, String reason, String expected, String observed, String fact,
                            String decidedBy) {
        return new Verdict(claim, namespace, pod, node, status, reason, expected, observed,
                new Evidence(List.copyOf(commands), List.copyOf(excerpts), Collections.unmodifiableMap(new LinkedHashMap<>(values)),
                        fact, decidedBy));
    }
}
