package dev.bridge.validate;

import dev.bridge.config.EngineSettings;
import dev.bridge.config.Settings;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.util.FileUtil;
import org.apache.camel.util.StringHelper;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The configuration as the bridge would see it at start-up, checked with the start-up rules ({@link EngineSettings}):
 * the built-in {@code application.properties}, then {@code config/*.properties} (or the {@code --config} file), then
 * environment variables and {@code -D} system properties, resolved by Camel's own properties component (never started:
 * no route, port or database). Each problem names where its value came from.
 */
public final class ConfigChecks {

    private static final String BUILT_IN = "application.properties (built in)";

    private final Path base;
    private final PropertiesComponent properties;
    /** The files read, in order (a later one wins), with their properties. */
    private final Map<Path, Properties> files = new LinkedHashMap<>();

    private ConfigChecks(Path base, Path configFile, List<Problem> problems) {
        this.base = base;
        DefaultCamelContext context = new DefaultCamelContext();
        this.properties = context.getPropertiesComponent();
        properties.setLocation("classpath:application.properties");
        // like camel-main: the files of camel.main.fileConfigurations override the built-in file, the environment overrides both
        String locations = configFile != null ? configFile.toString()
                : properties.resolveProperty("camel.main.fileConfigurations").orElse("");
        Properties merged = new Properties();
        for (String location : locations.split(",")) {
            for (Path file : matching(location.trim())) {
                Properties p = load(file, problems);
                files.put(file, p);
                merged.putAll(p);
            }
        }
        properties.setOverrideProperties(merged);
    }

    /** Checks the configuration; {@code configFile} is the {@code --config} file, or null for the default files. */
    public static ConfigChecks check(Path base, Path configFile, List<Problem> problems) {
        ConfigChecks config = new ConfigChecks(base, configFile, problems);
        List<Settings.Problem> found = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        EngineSettings.read(Settings.collecting(config.properties, found), warnings::add);
        for (Settings.Problem p : found) {
            Source source = config.sourceOf(p.key());
            problems.add(Problem.error(source.name, source.line, p.key(), p.message()));
        }
        for (String w : warnings) {
            problems.add(Problem.warning("configuration", 0, "", w));
        }
        return config;
    }

    /** Looks up an application property as the bridge would (for Kamelet properties set as camel.kamelet.NAME.PROP). */
    public Function<String, Optional<String>> lookup() {
        return key -> {
            try {
                return properties.resolveProperty(key);
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        };
    }

    private record Source(String name, int line) {
    }

    /**
     * Where the value of {@code key} comes from: a system property, the environment, a config file, or the built-in
     * file. Decided by the value, since BRIDGE_*_PORT variables reach their keys only through the built-in file's
     * {{env:...}}, which a config file overrides.
     */
    private Source sourceOf(String key) {
        String value = lookup().apply(key).orElse(null);
        if (value != null && value.equals(System.getProperty(key))) {
            return new Source("system property -D" + key, 0);
        }
        String env = Settings.envName(key);
        if (value != null && value.equals(System.getenv(env))) {
            return new Source("environment variable " + env, 0);
        }
        Source found = new Source(BUILT_IN, lineOf(null, key));
        for (Map.Entry<Path, Properties> f : files.entrySet()) {
            if (f.getValue().containsKey(key)) {
                found = new Source(display(f.getKey()), lineOf(f.getKey(), key));
            }
        }
        return found;
    }

    private int lineOf(Path file, String key) {
        try {
            List<String> lines = file == null
                    ? new String(ConfigChecks.class.getClassLoader().getResourceAsStream("application.properties").readAllBytes(), StandardCharsets.UTF_8).lines().toList()
                    : Files.readAllLines(file, StandardCharsets.UTF_8);
            Pattern entry = Pattern.compile("^\\s*" + Pattern.quote(key) + "\\s*[=:\\s]");
            for (int i = 0; i < lines.size(); i++) {
                if (entry.matcher(lines.get(i) + " ").find()) {
                    return i + 1;
                }
            }
        } catch (IOException | RuntimeException e) {
            // no line number then
        }
        return 0;
    }

    /** The files a camel-main location such as config/*.properties names (relative to the base folder). */
    private List<Path> matching(String location) {
        if (location.isEmpty()) {
            return List.of();
        }
        Path path = base.resolve(location.replaceFirst("^file:", ""));
        String pattern = FileUtil.stripPath(location);
        Path dir = path.getParent() == null ? base : path.getParent();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var stream = Files.list(dir)) {
            return stream.filter(p -> Files.isRegularFile(p) && StringHelper.matches(pattern, p.getFileName().toString())).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private Properties load(Path file, List<Problem> problems) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            problems.add(Problem.error(display(file), 0, "file", "cannot be read (" + e.getMessage() + "); fix the file or remove it"));
        }
        return p;
    }

    private String display(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        Path root = base.toAbsolutePath().normalize();
        return abs.startsWith(root) ? root.relativize(abs).toString() : abs.toString();
    }
}
