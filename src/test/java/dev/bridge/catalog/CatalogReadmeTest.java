package dev.bridge.catalog;

import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's catalog table is made from the Kamelet files, so it cannot drift: when a Kamelet or one of its
 * properties changes, this test fails and prints the table to paste between the catalog markers.
 */
class CatalogReadmeTest {

    static final String BEGIN = "<!-- catalog:begin (made from kamelets/ by CatalogReadmeTest) -->";
    static final String END = "<!-- catalog:end -->";

    @Test
    void the_readme_lists_every_kamelet_with_its_properties_as_the_files_say() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String expected = BEGIN + "\n" + table(Path.of("kamelets")) + END + "\n";
        assertTrue(readme.contains(expected), "README.md's catalog differs from kamelets/; paste this:\n" + expected);
    }

    @SuppressWarnings("unchecked")
    static String table(Path folder) throws IOException {
        StringBuilder sb = new StringBuilder("| Kamelet | Type | What it does | Properties |\n|---|---|---|---|\n");
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(p -> p.toString().endsWith(".kamelet.yaml")).sorted().toList();
        }
        for (Path file : files) {
            Map<String, Object> k = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
            Map<String, Object> metadata = (Map<String, Object>) k.get("metadata");
            Map<String, Object> labels = (Map<String, Object>) metadata.get("labels");
            Map<String, Object> definition = (Map<String, Object>) ((Map<String, Object>) k.get("spec")).get("definition");
            List<String> required = (List<String>) definition.getOrDefault("required", List.of());
            Map<String, Map<String, Object>> props = (Map<String, Map<String, Object>>) definition.getOrDefault("properties", Map.of());
            StringBuilder p = new StringBuilder();
            props.forEach((name, spec) -> {
                p.append(p.length() == 0 ? "" : "<br>").append('`').append(name).append("` (").append(spec.get("type"))
                        .append(required.contains(name) ? ", required" : "").append(")");
                if (spec.get("enum") != null) {
                    p.append(": ").append(String.join(", ", ((List<Object>) spec.get("enum")).stream().map(String::valueOf).toList()));
                } else if (spec.get("example") != null) {
                    p.append(", e.g. `").append(spec.get("example")).append('`');
                }
            });
            String description = definition.get("description").toString().replace("\n", " ").replace("|", "\\|");
            sb.append("| `").append(metadata.get("name")).append("` | ").append(labels.get("camel.apache.org/kamelet.type"))
                    .append(" | **").append(definition.get("title")).append(".** ").append(description).append(" | ")
                    .append(p.length() == 0 ? "none" : p).append(" |\n");
        }
        return sb.toString();
    }
}
