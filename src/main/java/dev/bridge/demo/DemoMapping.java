package dev.bridge.demo;

import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The demo's mapping file, written per run in its temporary folder: config/mapping.yaml (the bridge's default
 * mapping file) with the sections of demo/mapping-demo.yaml put over its own (tags, onboarding, pipelines), so the
 * story can show the flows those sections turn on without touching the operator's file.
 */
final class DemoMapping {

    /** bridge.mapping-file's built-in default, relative to the folder the demo runs in (the one that holds routes/). */
    static final Path BASE = Path.of("config", "mapping.yaml");

    private DemoMapping() {
    }

    /** Writes mapping.yaml into {@code folder}; returns its path. */
    static Path write(Path folder) throws IOException {
        Map<Object, Object> mapping = new LinkedHashMap<>(load(Files.readString(BASE), BASE.toString()));
        try (InputStream in = DemoMapping.class.getResourceAsStream("/demo/mapping-demo.yaml")) {
            if (in == null) {
                throw new IllegalStateException("the demo's file demo/mapping-demo.yaml is missing from the jar");
            }
            mapping.putAll(load(new String(in.readAllBytes(), StandardCharsets.UTF_8), "demo/mapping-demo.yaml"));
        }
        Path file = folder.resolve("mapping.yaml");
        String yaml = new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).build()).dumpToString(mapping);
        Files.writeString(file, "# " + BASE + " with the demo's sections (demo/mapping-demo.yaml), for this run only\n" + yaml);
        return file;
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> load(String text, String name) {
        Object yaml = new Load(LoadSettings.builder().setLabel(name).build()).loadFromString(text);
        if (!(yaml instanceof Map<?, ?> map)) {
            throw new IllegalStateException(name + " is not a YAML mapping of sections");
        }
        return (Map<Object, Object>) map;
    }
}
