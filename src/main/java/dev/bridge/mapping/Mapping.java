package dev.bridge.mapping;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The field mapping in {@code config/mapping.yaml}. Placeholder: only the check {@code validate} calls.
 */
public final class Mapping {

    private Mapping() {
    }

    /**
     * What is wrong with the mapping file, one line each ({@code <file>[:<line>]: <entry>: <problem>; <fix>}); none when
     * the file does not exist.
     */
    public static List<String> problems(Path file) {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            new Load(LoadSettings.builder().setLabel(file.toString()).build()).loadFromString(Files.readString(file, StandardCharsets.UTF_8));
            return List.of();
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
            return List.of(file + (line > 0 ? ":" + line : "") + ": mapping: cannot read: " + e.getProblem() + "; fix the YAML syntax");
        } catch (YamlEngineException | IOException e) {
            return List.of(file + ": mapping: cannot read: " + String.valueOf(e.getMessage()).replace('\n', ' ') + "; fix the file");
        }
    }
}
