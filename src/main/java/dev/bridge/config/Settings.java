package dev.bridge.config;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

import java.net.URI;
import java.time.ZoneId;
import java.util.Optional;

/**
 * Typed, validated view of the bridge's keys. Each key {@code a.b-c} can be overridden by the
 * environment variable {@code A_B_C} (Camel's relaxed lookup), so the variables in the README work.
 */
public final class Settings {

    private final PropertiesComponent properties;

    public Settings(CamelContext context) {
        this.properties = context.getPropertiesComponent();
    }

    public static String envName(String key) {
        return key.toUpperCase().replace('.', '_').replace('-', '_');
    }

    public Optional<String> optional(String key) {
        return properties.resolveProperty(key).map(String::trim).filter(v -> !v.isEmpty());
    }

    public String string(String key, String fallback) {
        return optional(key).orElse(fallback);
    }

    public String required(String key) {
        return optional(key).orElseThrow(() -> new ConfigProblem(envName(key) + " is not set: set it in the environment or as "
                + key + " in config/application.properties"));
    }

    public long number(String key, long min, long max) {
        String raw = required(key);
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
        String raw = required(key);
        if (!raw.equalsIgnoreCase("true") && !raw.equalsIgnoreCase("false")) {
            throw new ConfigProblem(envName(key) + " is '" + raw + "': use true or false (key " + key + ")");
        }
        return Boolean.parseBoolean(raw);
    }

    /** BRIDGE_DEBUG=true (or -Dbridge.debug=true): stack traces after the one-line reports. */
    public static boolean debug() {
        return Boolean.getBoolean("bridge.debug") || "true".equalsIgnoreCase(System.getenv("BRIDGE_DEBUG"));
    }

    public double decimal(String key, double min, double max) {
        String raw = required(key);
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

    public String url(String key) {
        String raw = required(key);
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

    public ZoneId zone(String key) {
        String raw = required(key);
        try {
            return ZoneId.of(raw);
        } catch (Exception e) {
            throw new ConfigProblem(envName(key) + " is '" + raw + "': use a time zone id such as UTC or Europe/Berlin (key " + key + ")");
        }
    }
}
