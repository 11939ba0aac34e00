package dev.bridge.validate;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Kamelets a route can name: those in {@code kamelets/} first, then those on the classpath under
 * {@code kamelets/} (the same order as {@code camel.component.kamelet.location = file:kamelets,classpath:kamelets}).
 */
final class Kamelets {

    /** What a route must know about a Kamelet: its properties, the required ones, and those with a default. */
    record Definition(String name, Set<String> properties, Set<String> required, Set<String> defaults) {

        static Definition of(String name, JsonNode root) {
            JsonNode definition = root.path("spec").path("definition");
            Set<String> properties = new LinkedHashSet<>();
            Set<String> defaults = new LinkedHashSet<>();
            definition.path("properties").fields().forEachRemaining(e -> {
                properties.add(e.getKey());
                if (e.getValue().has("default")) {
                    defaults.add(e.getKey());
                }
            });
            Set<String> required = new LinkedHashSet<>();
            definition.path("required").forEach(r -> required.add(r.asText()));
            return new Definition(name, properties, required, defaults);
        }
    }

    private final Map<String, Definition> inFolder = new HashMap<>();
    private final Map<String, Optional<Definition>> onClasspath = new HashMap<>();

    void add(Definition definition) {
        inFolder.put(definition.name(), definition);
    }

    Optional<Definition> find(String name) {
        Definition d = inFolder.get(name);
        return d != null ? Optional.of(d) : onClasspath.computeIfAbsent(name, Kamelets::fromClasspath);
    }

    private static Optional<Definition> fromClasspath(String name) {
        String resource = "kamelets/" + name + ".kamelet.yaml";
        try (InputStream in = Kamelets.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return Optional.empty();
            }
            YamlFile y = YamlFile.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "classpath:" + resource, new ArrayList<>());
            return Optional.ofNullable(y).map(f -> Definition.of(name, f.root()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
