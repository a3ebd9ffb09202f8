package io.podwire.claims;

import io.podwire.lab.LabFault;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The claim catalogue ({@link ClaimId}) is the one list of claims: the run record's schema, the README's claim
 * table, the conformance IT's display names and the fault catalogue's coverage must agree with it, entry by entry.
 */
@DisplayName("The claim catalogue, the record schema, the README table, the IT names and the faults agree")
class ClaimCatalogueGoldenTest {
    private static final Path SCHEMA = Path.of("docs/verdicts.schema.json");
    private static final Path README = Path.of("README.md");
    private static final String CONFORMANCE_IT = "io.podwire.conformance.PodWiringIT";
    private static final Pattern README_ROW = Pattern.compile("^\\| (C\\d+) \\| ([^|]+) \\|.*$", Pattern.MULTILINE);

    /** A catalogue entry as the other places must show it. */
    record Entry(String id, String labStep, String title) {
        static Entry of(ClaimId c) {
            return new Entry(c.name(), c.labStep(), c.title());
        }
    }

    /** What each place says of the claims, read from the repository. */
    record Places(List<String> schemaClaims, Map<String, String> readmeLabSteps, List<String> itDisplayNames,
                  Set<String> faultTargets) {
    }

    @Test
    @DisplayName("every place lists exactly the catalogue's claims, with its lab steps and titles, and each claim has a fault")
    void everyPlaceAgreesWithTheCatalogue() throws Exception {
        List<Entry> catalogue = Arrays.stream(ClaimId.values()).map(Entry::of).toList();
        assertEquals(List.of(), disagreements(catalogue, places()), "places that disagree with the claim catalogue");
    }

    @Test
    @DisplayName("a claim added to the catalogue only is reported in every place that does not list it")
    void aClaimAddedToTheCatalogueOnlyIsCaught() throws Exception {
        List<Entry> catalogue = new ArrayList<>(Arrays.stream(ClaimId.values()).map(Entry::of).toList());
        catalogue.add(new Entry("C14", "9", "C14 a fourteenth claim nobody wired in"));
        List<String> found = disagreements(catalogue, places());
        for (String place : List.of("schema", "README", "PodWiringIT", "fault")) {
            assertTrue(found.stream().anyMatch(d -> d.startsWith("C14") && d.contains(place)),
                    () -> "C14 missing from the " + place + " is reported: " + found);
        }
    }

    /** Each way a place differs from the catalogue, one line each, naming the claim first. */
    static List<String> disagreements(List<Entry> catalogue, Places places) {
        List<String> out = new ArrayList<>();
        List<String> ids = catalogue.stream().map(Entry::id).toList();
        if (!places.schemaClaims().equals(ids)) {
            ids.stream().filter(id -> !places.schemaClaims().contains(id))
                    .forEach(id -> out.add(id + " is not in the schema's claim enum (" + SCHEMA + ")"));
            places.schemaClaims().stream().filter(id -> !ids.contains(id))
                    .forEach(id -> out.add(id + " is in the schema's claim enum but not in the catalogue"));
        }
        for (Entry e : catalogue) {
            String step = places.readmeLabSteps().get(e.id());
            if (step == null) {
                out.add(e.id() + " has no row in the README claim table");
            } else if (!step.equals(e.labStep())) {
                out.add(e.id() + " has lab step '" + step + "' in the README table, '" + e.labStep() + "' in the catalogue");
            }
            long named = places.itDisplayNames().stream().filter(e.title()::equals).count();
            if (named != 1) {
                out.add(e.id() + " is the display name of " + named + " PodWiringIT tests, not 1: '" + e.title() + "'");
            }
            if (!places.faultTargets().contains(e.id())) {
                out.add(e.id() + " is the claim of no fault in LabFault: nothing shows it can fail");
            }
        }
        places.readmeLabSteps().keySet().stream().filter(id -> !ids.contains(id))
                .forEach(id -> out.add(id + " has a README row but is not in the catalogue"));
        places.itDisplayNames().stream().filter(n -> catalogue.stream().noneMatch(e -> e.title().equals(n)))
                .forEach(n -> out.add(n.split(" ")[0] + ": PodWiringIT display name '" + n + "' is no catalogue title"));
        return out;
    }

    private static Places places() throws IOException, ClassNotFoundException {
        return new Places(schemaClaims(), readmeLabSteps(), itDisplayNames(),
                Arrays.stream(LabFault.values()).map(f -> f.claim().name()).collect(Collectors.toSet()));
    }

    /** The enum of the record's `claim` property, wherever the schema declares it. */
    private static List<String> schemaClaims() throws IOException {
        JsonNode schema = JsonMapper.builder().build().readTree(Files.readString(SCHEMA));
        List<String> out = new ArrayList<>();
        for (JsonNode claim : schema.findValues("claim")) {
            claim.path("enum").forEach(v -> out.add(v.asString()));
        }
        return out;
    }

    /** The README's claim table (the first, headed `| ID | lab step |`): ID → lab step, in the order of its rows. */
    private static Map<String, String> readmeLabSteps() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        String readme = Files.readString(README);
        int start = readme.indexOf("| ID | lab step |");
        assertTrue(start >= 0, "the README has its claim table, headed `| ID | lab step |`");
        int end = readme.indexOf("\n\n", start);
        Matcher m = README_ROW.matcher(readme.substring(start, end < 0 ? readme.length() : end));
        while (m.find()) {
            out.putIfAbsent(m.group(1), m.group(2).strip());
        }
        return out;
    }

    private static List<String> itDisplayNames() throws ClassNotFoundException {
        List<String> out = new ArrayList<>();
        for (Method m : Class.forName(CONFORMANCE_IT).getDeclaredMethods()) {
            org.junit.jupiter.api.DisplayName name = m.getAnnotation(org.junit.jupiter.api.DisplayName.class);
            if (name != null && m.isAnnotationPresent(Test.class)) {
                out.add(name.value());
            }
        }
        return out;
    }
}
