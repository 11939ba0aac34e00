package dev.bridge.validate;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Checks the route files in {@code routes/} ({@code *.yaml}): the YAML DSL schema, route ids (present, unique, and
 * the file name when a file holds one route, because reload matches routes by id), and every {@code kamelet:} the
 * routes use: the Kamelet exists and gets its required properties.
 */
public final class RouteChecks {

    private static final Set<String> TEMPLATE_ENDPOINTS = Set.of("source", "sink");

    private final Kamelets kamelets;
    private final Function<String, Optional<String>> properties;
    private final Map<String, String> ids = new HashMap<>();

    /** {@code properties} resolves application properties: a Kamelet's property can also be set as camel.kamelet.NAME.PROP. */
    public RouteChecks(Kamelets kamelets, Function<String, Optional<String>> properties) {
        this.kamelets = kamelets;
        this.properties = properties;
    }

    /** Checks every route file in {@code base/routes}, adds the problems and returns how many files there were. */
    public int checkFolder(Path base, List<Problem> problems) throws IOException {
        List<Path> files = YamlFile.list(base.resolve("routes"), ".yaml");
        for (Path file : files) {
            YamlFile y = YamlFile.read(file, "routes/" + file.getFileName(), problems);
            if (y != null) {
                problems.addAll(check(y, file.getFileName().toString()));
            }
        }
        return files.size();
    }

    /** Problems of one route file named {@code fileName}. */
    public List<Problem> check(YamlFile y, String fileName) {
        List<Problem> out = new ArrayList<>();
        for (DslSchema.Violation v : DslSchema.get().validate(y.root())) {
            out.add(y.problem(v.pointer(), v.message()));
        }
        if (!y.root().isArray()) {
            return out;
        }
        List<Integer> routes = new ArrayList<>();
        for (int i = 0; i < y.root().size(); i++) {
            JsonNode item = y.root().get(i);
            if (item.has("route")) {
                routes.add(i);
            } else if (item.has("from")) {
                out.add(y.problem("/" + i + "/from", "a route without an id; write it as '- route: {id: ..., from: ...}', reload matches routes by id"));
            }
        }
        String expected = fileName.replaceFirst("(\\.camel)?\\.yaml$", "");
        for (int i : routes) {
            String at = "/" + i + "/route";
            JsonNode id = y.root().get(i).get("route").path("id");
            if (!id.isTextual() || id.asText().isBlank()) {
                out.add(y.problem(at, "the route has no id; add 'id: " + expected + "', reload matches routes by id"));
                continue;
            }
            String previous = ids.putIfAbsent(id.asText(), y.name() + ":" + y.line(at + "/id"));
            if (previous != null) {
                out.add(y.problem(at + "/id", "route id '" + id.asText() + "' is also used in " + previous + "; give each route its own id"));
            }
            if (routes.size() == 1 && !id.asText().equals(expected)) {
                out.add(y.problem(at + "/id", "route id '" + id.asText() + "' differs from the file name; rename the file to "
                        + id.asText() + ".camel.yaml or make the id '" + expected + "'"));
            }
        }
        kameletUses(y, y.root(), "", out);
        return out;
    }

    /** Finds kamelet:NAME in URIs ({@code to}, {@code uri}...) and {@code kamelet:} steps, with the parameters beside them. */
    private void kameletUses(YamlFile y, JsonNode node, String pointer, List<Problem> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                String child = pointer + "/" + e.getKey().replace("~", "~0").replace("/", "~1");
                JsonNode value = e.getValue();
                if (value.isTextual() && value.asText().startsWith("kamelet:")) {
                    kamelet(y, child, value.asText().substring("kamelet:".length()), "uri".equals(e.getKey()) ? node.path("parameters") : null, out);
                } else if ("kamelet".equals(e.getKey()) && value.isTextual()) {
                    kamelet(y, child, value.asText(), null, out);
                } else if ("kamelet".equals(e.getKey()) && value.isObject()) {
                    kamelet(y, child, value.path("name").asText(), value.path("parameters"), out);
                }
                kameletUses(y, value, child, out);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                kameletUses(y, node.get(i), pointer + "/" + i, out);
            }
        }
    }

    private void kamelet(YamlFile y, String pointer, String ref, JsonNode parameters, List<Problem> out) {
        int q = ref.indexOf('?');
        String path = q < 0 ? ref : ref.substring(0, q);
        String name = path.contains("/") ? path.substring(0, path.indexOf('/')) : path;
        if (TEMPLATE_ENDPOINTS.contains(name)) {
            return;
        }
        Optional<Kamelets.Definition> found = kamelets.find(name);
        if (found.isEmpty()) {
            out.add(y.problem(pointer, "there is no Kamelet '" + name + "'; add kamelets/" + name + ".kamelet.yaml or fix the name"));
            return;
        }
        Set<String> given = new LinkedHashSet<>();
        if (q >= 0) {
            for (String pair : ref.substring(q + 1).split("&")) {
                given.add(URLDecoder.decode(pair.split("=", 2)[0], StandardCharsets.UTF_8));
            }
        }
        if (parameters != null && parameters.isObject()) {
            parameters.fieldNames().forEachRemaining(given::add);
        }
        Kamelets.Definition d = found.get();
        for (String required : d.required()) {
            if (!given.contains(required) && !d.defaults().contains(required)
                    && properties.apply("camel.kamelet." + name + "." + required).isEmpty()) {
                out.add(y.problem(pointer, "Kamelet '" + name + "' needs '" + required + "'; add it to the URI (?" + required
                        + "=...) or under parameters:"));
            }
        }
    }

}
