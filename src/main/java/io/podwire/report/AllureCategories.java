package io.podwire.report;

import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Applies src/test/allure/categories.json as Allure 2 does: status listed, then DOTALL full-match regexes. */
final class AllureCategories {
    static final Path FILE = Path.of("src/test/allure/categories.json");

    private AllureCategories() {
    }

    static List<String> of(String status, String message, String trace) {
        JsonNode categories;
        try {
            categories = ClaimReport.JSON.readTree(Files.readString(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> matched = new ArrayList<>();
        for (JsonNode c : categories) {
            boolean statusListed = false;
            for (JsonNode s : c.path("matchedStatuses")) {
                statusListed |= s.asString().equals(status);
            }
            if (statusListed && matches(c.path("messageRegex"), message) && matches(c.path("traceRegex"), trace)) {
                matched.add(c.path("name").asString());
            }
        }
        return matched;
    }

    private static boolean matches(JsonNode regex, String text) {
        return regex.isMissingNode()
                || text != null && Pattern.compile(regex.asString(), Pattern.DOTALL).matcher(text).matches();
    }
}
