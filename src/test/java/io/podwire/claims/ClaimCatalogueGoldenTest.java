package io.podwire.claims;

import io.podwire.verdict.ClaimId;

import io.podwire.report.CatalogueListings;
import io.podwire.report.CatalogueListings.Listed;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The claim catalogue ({@link ClaimId}) is the one list of claims. The README's claim table and the record schema's
 * claim IDs are written from it by the build (report/CatalogueListings), the conformance IT iterates it, and every
 * entry needs a fault that falsifies it on the lab: this test fails when any of them disagrees with the catalogue.
 */
@DisplayName("The claim catalogue, the record schema, the README table, the IT names and the faults agree")
class ClaimCatalogueGoldenTest {
    private static final Path SCHEMA = Path.of("docs/verdicts.schema.json");
    private static final Path README = Path.of("README.md");
    private static final String CONFORMANCE_IT = "io.podwire.conformance.PodWiringIT";

    /** What the repository holds where the catalogue is listed. */
    record Places(String readme, String schema, List<String> itTitles) {
    }

    @Test
    @DisplayName("every place lists exactly the catalogue's claims, and each claim has a fault")
    void everyPlaceAgreesWithTheCatalogue() throws Exception {
        assertEquals(List.of(), disagreements(CatalogueListings.catalogue(), titles(), places()),
                "places that disagree with the claim catalogue");
    }

    @Test
    @DisplayName("a claim added to the catalogue only is listed by the build, judged by the IT, and has no fault")
    void aClaimAddedToTheCatalogueOnlyIsCaught() throws Exception {
        Listed c14 = new Listed("C14", "9", "a fourteenth claim nobody wrote a fault for", "", List.of());
        List<Listed> catalogue = new ArrayList<>(CatalogueListings.catalogue());
        catalogue.add(c14);
        List<String> titles = new ArrayList<>(titles());
        titles.add("C14 a fourteenth claim");
        Places committed = places();

        // the build writes the listings from the catalogue: the new entry is in both, so only its missing fault is left
        Places built = new Places(CatalogueListings.withTable(committed.readme(), catalogue),
                CatalogueListings.withClaims(committed.schema(), catalogue), titles);
        assertTrue(built.readme().contains("| C14 | 9 | a fourteenth claim nobody wrote a fault for | the same | **no fault yet** |"),
                built::readme);
        assertTrue(built.schema().contains("\"C13\", \"C14\"]") && built.schema().contains("|C13|C14) ("),
                built::schema);
        assertEquals(List.of("C14 is the claim of no fault in LabFault: nothing shows it can fail"),
                disagreements(catalogue, titles, built));

        // a commit that kept the old listings is caught too (and CI sees the build's rewrite as a changed checkout)
        List<String> stale = disagreements(catalogue, titles, committed);
        for (String place : List.of("README", "schema", "fault")) {
            assertTrue(stale.stream().anyMatch(d -> d.contains(place)), () -> place + " is reported: " + stale);
        }
    }

    /** Each way a place differs from the catalogue, one line each. */
    static List<String> disagreements(List<Listed> catalogue, List<String> catalogueTitles, Places places) {
        List<String> out = new ArrayList<>();
        if (!CatalogueListings.withTable(places.readme(), catalogue).equals(places.readme())) {
            out.add("the README claim table is not the catalogue's: build (mvn process-classes) and commit " + README);
        }
        if (!CatalogueListings.withClaims(places.schema(), catalogue).equals(places.schema())) {
            out.add("the schema's claim IDs are not the catalogue's: build (mvn process-classes) and commit " + SCHEMA);
        }
        if (!places.itTitles().equals(catalogueTitles)) {
            out.add("PodWiringIT judges " + places.itTitles() + ", not the catalogue's " + catalogueTitles);
        }
        catalogue.stream().filter(c -> c.faults().isEmpty())
                .forEach(c -> out.add(c.id() + " is the claim of no fault in LabFault: nothing shows it can fail"));
        return out;
    }

    private static List<String> titles() {
        return Stream.of(ClaimId.values()).map(ClaimId::title).toList();
    }

    private static Places places() throws IOException, ReflectiveOperationException {
        return new Places(Files.readString(README), Files.readString(SCHEMA), itTitles());
    }

    /** The names of the conformance IT's tests, as its parameter source gives them. */
    @SuppressWarnings("unchecked")
    private static List<String> itTitles() throws ReflectiveOperationException {
        Method catalogue = Class.forName(CONFORMANCE_IT).getDeclaredMethod("catalogue");
        catalogue.setAccessible(true);
        return ((Stream<Named<ClaimId>>) catalogue.invoke(null)).map(Named::getName).toList();
    }
}
