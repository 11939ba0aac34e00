package dev.bridge.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the Kamelets in {@code kamelets/} ({@code *.kamelet.yaml}): the metadata and property definitions the Kamelet
 * catalog conventions ask for, the placeholders of the template, and the template itself against the YAML DSL schema.
 */
public final class KameletChecks {

    static final String SUFFIX = ".kamelet.yaml";
    private static final Set<String> KINDS = Set.of("source", "sink", "action");
    private static final Set<String> TYPES = Set.of("string", "integer", "number", "boolean", "object", "array");
    /** Names that hold a secret: a token, a secret, a password, or a private, API or access key (a public key or a comment key is not). */
    private static final Pattern SECRET = Pattern.compile("(?i).*(token|secret|passw(or)?d|credential|(api|access|private|signing)[-_]?key).*");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(.+?)}}");
    /** Placeholder functions ({{env:X}}) and the parameters Camel gives every Kamelet template. */
    private static final Set<String> FUNCTIONS = Set.of("env", "sys", "bean", "ref", "service", "service.host", "service.port");
    private static final Set<String> IMPLICIT = Set.of("routeId", "templateId", "uuid", "parentRouteId", "parentProcessorId");

    private KameletChecks() {
    }

    /** The Kamelets found in the folder (for routes to refer to) and how many files there were. */
    public record Result(Kamelets catalog, int files) {
    }

    /** Checks every Kamelet file in {@code base/kamelets} and adds the problems. */
    public static Result checkFolder(Path base, List<Problem> problems) throws IOException {
        Kamelets catalog = new Kamelets();
        List<Path> files = YamlFile.list(base.resolve("kamelets"), SUFFIX);
        for (Path file : files) {
            String name = file.getFileName().toString();
            YamlFile y = YamlFile.read(file, "kamelets/" + name, problems);
            if (y != null) {
                String kamelet = name.substring(0, name.length() - SUFFIX.length());
                problems.addAll(check(y, kamelet));
                catalog.add(Kamelets.Definition.of(kamelet, y.root()));
            }
        }
        return new Result(catalog, files.size());
    }

    /** Problems of one Kamelet whose file name (without {@code .kamelet.yaml}) is {@code name}. */
    public static List<Problem> check(YamlFile y, String name) {
        List<Problem> out = new ArrayList<>();
        JsonNode root = y.root();
        if (!root.isObject()) {
            out.add(y.problem("", "is not a Kamelet; start it with 'apiVersion: camel.apache.org/v1' and 'kind: Kamelet'"));
            return out;
        }
        expect(y, out, "/apiVersion", "camel.apache.org/v1");
        expect(y, out, "/kind", "Kamelet");
        JsonNode metaName = root.at("/metadata/name");
        if (!name.equals(metaName.asText())) {
            out.add(y.problem(metaName.isMissingNode() ? "/metadata" : "/metadata/name", "the name is '" + metaName.asText("")
                    + "' but the file is " + name + SUFFIX + "; make metadata.name '" + name + "' (routes use kamelet:<file name>)"));
        }
        JsonNode kind = root.path("metadata").path("labels").path("camel.apache.org/kamelet.type");
        if (!KINDS.contains(kind.asText())) {
            out.add(y.problem(kind.isMissingNode() ? "/metadata" : "/metadata/labels/camel.apache.org~1kamelet.type",
                    "label camel.apache.org/kamelet.type is '" + kind.asText("") + "'; set it to source, sink or action"));
        }
        JsonNode definition = root.at("/spec/definition");
        for (String field : List.of("title", "description")) {
            if (definition.path(field).asText("").isBlank()) {
                out.add(y.problem(definition.isMissingNode() ? "/spec" : "/spec/definition", "has no " + field + "; add spec.definition." + field));
            }
        }
        JsonNode properties = definition.path("properties");
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            checkProperty(y, out, p.getKey(), p.getValue());
        }
        JsonNode required = definition.path("required");
        for (int i = 0; i < required.size(); i++) {
            if (!properties.has(required.get(i).asText())) {
                out.add(y.problem("/spec/definition/required/" + i, "'" + required.get(i).asText()
                        + "' is required but not a property; declare it under spec.definition.properties or remove it from required"));
            }
        }
        JsonNode template = root.at("/spec/template");
        if (!template.isObject()) {
            out.add(y.problem("/spec", "has no template" + (root.at("/spec/flow").isMissingNode() ? "" : " (Camel 4 reads spec.template, not spec.flow)")
                    + "; add spec.template with a 'from: {uri: kamelet:source, steps: [...]}'"));
        } else {
            if (!template.has("from") && !template.has("route")) {
                out.add(y.problem("/spec/template", "has no 'from'; start the template with 'from: {uri: kamelet:source, steps: [...]}'"));
            }
            checkPlaceholders(y, out, template, "/spec/template", properties);
            checkTemplateSchema(y, out, template, name);
        }
        return out;
    }

    private static void checkProperty(YamlFile y, List<Problem> out, String name, JsonNode p) {
        String at = "/spec/definition/properties/" + name.replace("~", "~0").replace("/", "~1");
        for (String field : List.of("title", "description")) {
            if (p.path(field).asText("").isBlank()) {
                out.add(y.problem(at, "property '" + name + "' has no " + field + "; add one (tools show it to whoever configures the Kamelet)"));
            }
        }
        if (!TYPES.contains(p.path("type").asText())) {
            out.add(y.problem(at, "property '" + name + "' has type '" + p.path("type").asText("") + "'; use string, integer, number, boolean, object or array"));
        }
        if (SECRET.matcher(name).matches() && !"password".equals(p.path("format").asText())) {
            out.add(y.problem(at, "property '" + name + "' looks like a secret but is not 'format: password'; add it, so tools mask the value"));
        }
    }

    /** Every {{name}} without a dot must be a property of the Kamelet; names with a dot are application properties. */
    private static void checkPlaceholders(YamlFile y, List<Problem> out, JsonNode node, String pointer, JsonNode properties) {
        if (node.isTextual()) {
            Matcher m = PLACEHOLDER.matcher(node.asText());
            while (m.find()) {
                String name = m.group(1).startsWith("?") ? m.group(1).substring(1) : m.group(1);
                int colon = name.indexOf(':');
                String head = colon < 0 ? name : name.substring(0, colon);
                if (head.contains(".") || (colon >= 0 && FUNCTIONS.contains(head)) || IMPLICIT.contains(head) || properties.has(head)) {
                    continue;
                }
                out.add(y.problem(pointer, "{{" + head + "}} is not a property of this Kamelet; declare it under spec.definition.properties"
                        + " (or, for an application property, use its full dotted key)"));
            }
        } else if (node.isContainerNode()) {
            if (node.isObject()) {
                node.fields().forEachRemaining(e -> checkPlaceholders(y, out, e.getValue(), pointer + "/" + e.getKey().replace("~", "~0").replace("/", "~1"), properties));
            } else {
                for (int i = 0; i < node.size(); i++) {
                    checkPlaceholders(y, out, node.get(i), pointer + "/" + i, properties);
                }
            }
        }
    }

    /**
     * Camel loads a Kamelet's template as a route template whose id is the Kamelet's name, so the template is checked as
     * {@code - routeTemplate: {id: <name>, <template>}}: the schema's definition for exactly that.
     */
    private static void checkTemplateSchema(YamlFile y, List<Problem> out, JsonNode template, String name) {
        ObjectNode routeTemplate = JsonNodeFactory.instance.objectNode();
        routeTemplate.put("id", name);
        routeTemplate.setAll((ObjectNode) template.deepCopy());
        JsonNode document = JsonNodeFactory.instance.arrayNode().add(JsonNodeFactory.instance.objectNode().set("routeTemplate", routeTemplate));
        for (DslSchema.Violation v : DslSchema.get().validate(document)) {
            String pointer = "/spec/template" + v.pointer().replaceFirst("^/0/routeTemplate", "");
            out.add(y.problem(pointer, v.message()));
        }
    }

    private static void expect(YamlFile y, List<Problem> out, String pointer, String value) {
        String actual = y.root().at(pointer).asText("");
        if (!value.equals(actual)) {
            out.add(y.problem(pointer, pointer.substring(1) + " is '" + actual + "'; make it '" + value + "'"));
        }
    }
}
