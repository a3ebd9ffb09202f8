package io.podwire.report;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** docs/verdicts.schema.json, checked by networknt's JSON Schema validator (draft 2020-12, no network). */
public final class VerdictsSchema {
    static final Path FILE = Path.of("docs/verdicts.schema.json");
    private static final Schema SCHEMA = load();

    private VerdictsSchema() {
    }

    /** Every deviation of the document from the schema as "JSON pointer keyword: message"; empty when it has the shape. */
    public static List<String> violations(JsonNode doc) {
        return SCHEMA.validate(doc).stream().map(VerdictsSchema::describe).toList();
    }

    static JsonNode schemaDocument() {
        return ClaimReport.JSON.readTree(read());
    }

    private static String describe(Error e) {
        return e.getInstanceLocation() + " " + e.getKeyword() + ": " + e.getMessage();
    }

    private static Schema load() {
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(read(), InputFormat.JSON);
    }

    private static String read() {
        try {
            return Files.readString(FILE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
