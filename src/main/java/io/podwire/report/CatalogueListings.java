package io.podwire.report;

import io.podwire.profile.calico.CalicoProfile;
import io.podwire.verdict.ClaimId;
import io.podwire.lab.LabFault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The listings of the claim catalogue that live in files people read without running code: the README's claim
 * table and the run record schema's claim IDs. The build writes them from {@link ClaimId}, the calico profile's
 * details ({@link CalicoProfile}: the lab's CNI) and {@link LabFault}
 * (process-classes), so a new claim is one catalogue entry, its function and one fault; a stale listing in a
 * commit shows as a changed checkout, which CI refuses.
 */
public final class CatalogueListings {
    static final String TABLE_BEGIN = "<!-- claim table: written by the build from verdict/ClaimId, the calico profile and"
            + " lab/LabFault;"
            + " edit the catalogue, not this table -->";
    static final String TABLE_END = "<!-- end of claim table -->";
    static final Path README = Path.of("README.md");
    static final Path SCHEMA = Path.of("docs", "verdicts.schema.json");
    private static final Pattern SCHEMA_CLAIM = Pattern.compile("(\"claim\": \\{\"enum\": \\[)[^\\]]*(\\])");
    private static final Pattern SCHEMA_ID = Pattern.compile("(\"id\": \\{\"type\": \"string\", \"pattern\": \"\\^)"
            + "\\((?:C\\d+\\|)*C\\d+\\)( \\()");

    /**
     * One claim as the listings show it: the catalogue entry, what the calico profile adds to it (empty: nothing, the
     * claim is the same for every CNI) and the faults that falsify it on the lab.
     */
    public record Listed(String id, String labStep, String detail, String calico, List<String> faults) {
        static Listed of(ClaimId claim) {
            return new Listed(claim.name(), claim.labStep(), claim.detail(),
                    CalicoProfile.INSTANCE.detail(claim).orElse(""), Arrays.stream(LabFault.values())
                    .filter(f -> f.claim() == claim).map(Enum::name).toList());
        }
    }

    private CatalogueListings() {
    }

    /** The catalogue, as listed. */
    public static List<Listed> catalogue() {
        return Arrays.stream(ClaimId.values()).map(Listed::of).toList();
    }

    /** The README's claim table, markers included. */
    public static String readmeTable(List<Listed> claims) {
        StringBuilder sb = new StringBuilder(TABLE_BEGIN).append('\n')
                .append("| ID | lab step | asserted, per pod on its node, for any CNI | the calico profile's facts (bridge,"
                        + " ptp: below) | falsified on the lab by (`LabFault`) |\n")
                .append("|---|---|---|---|---|\n");
        for (Listed c : claims) {
            String faults = c.faults().isEmpty() ? "**no fault yet**"
                    : c.faults().stream().map(f -> "`" + f + "`").collect(Collectors.joining(", "));
            sb.append("| ").append(c.id()).append(" | ").append(c.labStep()).append(" | ")
                    .append(c.detail().replace("|", "\\|")).append(" | ")
                    .append(c.calico().isEmpty() ? "the same" : c.calico().replace("|", "\\|")).append(" | ")
                    .append(faults).append(" |\n");
        }
        return sb.append(TABLE_END).toString();
    }

    /** The README with its claim table replaced by the catalogue's. */
    public static String withTable(String readme, List<Listed> claims) {
        int begin = readme.indexOf(TABLE_BEGIN);
        int end = readme.indexOf(TABLE_END);
        if (begin < 0 || end < begin) {
            throw new IllegalStateException("the README has no claim table between " + TABLE_BEGIN + " and " + TABLE_END);
        }
        return readme.substring(0, begin) + readmeTable(claims) + readme.substring(end + TABLE_END.length());
    }

    /** The schema with the claim enum and the id pattern's claim alternatives replaced by the catalogue's IDs. */
    public static String withClaims(String schema, List<Listed> claims) {
        String ids = claims.stream().map(c -> "\"" + c.id() + "\"").collect(Collectors.joining(", "));
        String alternatives = claims.stream().map(Listed::id).collect(Collectors.joining("|"));
        return replaceOnce(replaceOnce(schema, SCHEMA_CLAIM, "$1" + ids + "$2"), SCHEMA_ID,
                "$1(" + alternatives + ")$2");
    }

    private static String replaceOnce(String text, Pattern pattern, String replacement) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("the schema has no " + pattern.pattern());
        }
        return m.replaceFirst(replacement);
    }

    /** Rewrites the listings under {@code root} where they differ from the catalogue; returns the files rewritten. */
    public static List<Path> write(Path root, List<Listed> claims) {
        return Stream.of(
                        rewrite(root.resolve(README), text -> withTable(text, claims)),
                        rewrite(root.resolve(SCHEMA), text -> withClaims(text, claims)))
                .flatMap(Optional::stream).toList();
    }

    private static Optional<Path> rewrite(Path file, UnaryOperator<String> listing) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            String listed = listing.apply(text);
            if (listed.equals(text)) {
                return Optional.empty();
            }
            Files.writeString(file, listed, StandardCharsets.UTF_8);
            return Optional.of(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The build's step: {@code java CatalogueListings <project root>}. */
    public static void main(String[] args) {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        for (Path rewritten : write(root, catalogue())) {
            System.out.println("[podwire] " + root.relativize(rewritten) + ": claim listing rewritten from the"
                    + " catalogue (commit it with the catalogue change)");
        }
    }
}
