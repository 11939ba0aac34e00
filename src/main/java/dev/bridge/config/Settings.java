package dev.bridge.config;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

import java.net.URI;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Typed, validated view of the bridge's keys. Each key {@code a.b-c} can be overridden by the
 * environment variable {@code A_B_C} (Camel's relaxed lookup), so the variables in the README work.
 * At start-up the first bad value throws a {@link ConfigProblem}; {@link #collecting} notes every one instead
 * (for {@code validate}) and lets a harmless stand-in value through, so the next keys are still checked.
 */
public final class Settings {

    /** A bad value and the key it was read for. */
    public record Problem(String key, String message) {
    }

    private final PropertiesComponent properties;
    private final List<Problem> problems;

    public Settings(CamelContext context) {
        this(context.getPropertiesComponent(), null);
    }

    private Settings(PropertiesComponent properties, List<Problem> problems) {
        this.properties = properties;
        this.problems = problems;
    }

    /** Settings that add each problem to {@code into} instead of throwing it. */
    public static Settings collecting(PropertiesComponent properties, List<Problem> into) {
        return new Settings(properties, into);
    }

    public static String envName(String key) {
        return key.toUpperCase().replace('.', '_').replace('-', '_');
    }

    public Optional<String> optional(String key) {
        return check(() -> value(key), Optional.empty(), key);
    }

    private Optional<String> value(String key) {
        return properties.resolveProperty(key).map(String::trim).filter(v -> !v.isEmpty());
    }

    public String string(String key, String fallback) {
        return optional(key).orElse(fallback);
    }

    /** How many problems were noted so far (always 0 at start-up, where the first one throws). */
    public int problemCount() {
        return problems == null ? 0 : problems.size();
    }

    /** Runs a check that may throw a ConfigProblem about one of {@code keys}; when collecting, notes it and returns the fallback. */
    public <T> T check(Supplier<T> check, T fallback, String... keys) {
        try {
            return check.get();
        } catch (RuntimeException e) {
            if (problems == null) {
                throw e;
            }
            String message = e instanceof ConfigProblem ? e.getMessage()
                    : envName(keys[0]) + " cannot be read: " + e.getMessage() + " (key " + keys[0] + ")";
            String key = keys[0];
            for (String k : keys) {
                if (message.startsWith(envName(k) + " ")) {
                    key = k;
                }
            }
            problems.add(new Problem(key, message.replace('\n', ' ')));
            return fallback;
        }
    }

    /** A problem found outside this class (for example two keys that clash), about {@code key}. */
    public void problem(String key, String message) {
        check(() -> {
            throw new ConfigProblem(message);
        }, null, key);
    }

    public String required(String key) {
        return check(() -> requiredValue(key), "", key);
    }

    public long number(String key, long min, long max) {
        return check(() -> wholeNumber(key, min, max), min, key);
    }

    public double decimal(String key, double min, double max) {
        return check(() -> realNumber(key, min, max), min, key);
    }

    public String url(String key) {
        return check(() -> httpUrl(key), "http://invalid", key);
    }

    public ZoneId zone(String key) {
        return check(() -> zoneId(key), ZoneOffset.UTC, key);
    }

    private String requiredValue(String key) {
        return value(key).orElseThrow(() -> new ConfigProblem(envName(key) + " is not set: set it in the environment or as "
                + key + " in config/application.properties"));
    }

    private long wholeNumber(String key, long min, long max) {
        String raw = requiredValue(key);
        try {
            long value = Long.parseLong(raw);
            if (value < min || value > max) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new ConfigProblem(envName(key) + " is '" + raw + "': use a whole number from " + min + " to " + max
                    + " (key " + key + ")");
        }
    }

    public boolean flag(String key) {
        return check(() -> trueOrFalse(key), false, key);
    }

    /** BRIDGE_DEBUG=true (or -Dbridge.debug=true): stack traces after the one-line reports. */
    public static boolean debug() {
        return Boolean.getBoolean("bridge.debug") || "true".equalsIgnoreCase(System.getenv("BRIDGE_DEBUG"));
    }

    private boolean trueOrFalse(String key) {
        String raw = requiredValue(key);
        if (!raw.equalsIgnoreCase("true") && !raw.equalsIgnoreCase("false")) {
            throw new ConfigProblem(envName(key) + " is '" + raw + "': use true or false (key " + key + ")");
        }
        return Boolean.parseBoolean(raw);
    }

    private double realNumber(String key, double min, double max) {
        String raw = requiredValue(key);
        try {
            double value = Double.parseDouble(raw);
            if (value < min || value > max) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new ConfigProblem(envName(key) + " is '" + raw + "': use a number from " + min + " to " + max + " (key " + key + ")");
        }
    }

    private String httpUrl(String key) {
        String raw = requiredValue(key);
        try {
            URI uri = new URI(raw);
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new IllegalArgumentException();
            }
        } catch (Exception e) {
            throw new ConfigProblem(envName(key) + " is '" + raw + "': use an http(s) URL such as https://gitlab.example.com (key " + key + ")");
        }
        return raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw;
    }

    private ZoneId zoneId(String key) {
        String raw = requiredValue(key);
        try {
            return ZoneId.of(raw);
        } catch (Exception e) {
            throw new ConfigProblem(envName(key) + " is '" + raw + "': use a time zone id such as UTC or Europe/Berlin (key " + key + ")");
        }
    }
}
