package dev.bridge.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.AnnotationKeyword;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Camel's own YAML DSL JSON schema ({@code schema/camelYamlDsl.json} inside camel-yaml-dsl, the one Kaoto edits
 * with), checked with networknt json-schema-validator. It is stricter than the runtime: a number option written as
 * a {@code "{{placeholder}}"} runs, but the schema (and Kaoto) refuse it.
 */
public final class DslSchema {

    /** One schema violation: where in the document (JSON pointer), what kind, and what to do about it. */
    public record Violation(String pointer, String type, String message) {
    }

    private static final String RESOURCE = "schema/camelYamlDsl.json";
    private static volatile DslSchema instance;

    private final JsonSchema schema;

    private DslSchema(JsonSchema schema) {
        this.schema = schema;
    }

    /** The schema, loaded once from the classpath. */
    public static DslSchema get() {
        if (instance == null) {
            synchronized (DslSchema.class) {
                if (instance == null) {
                    instance = new DslSchema(load());
                }
            }
        }
        return instance;
    }

    private static JsonSchema load() {
        try (InputStream in = DslSchema.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath: the jar lacks camel-yaml-dsl's schema");
            }
            // the schema marks options "deprecated": an annotation only, not a draft-04 keyword
            JsonMetaSchema draft4 = JsonMetaSchema.builder(JsonMetaSchema.getV4()).keyword(new AnnotationKeyword("deprecated")).build();
            JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4, b -> b.metaSchema(draft4));
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER).locale(Locale.ENGLISH).build();
            return factory.getSchema(in, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Violations of a whole YAML DSL document (a list of routes, route configurations, templates...), the deepest ones. */
    public List<Violation> validate(JsonNode document) {
        Set<ValidationMessage> messages = schema.validate(document);
        return SchemaMessages.explain(messages);
    }
}
