package dev.bridge.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo's payloads and stand-in data, from JSON files under src/main/resources/demo/. A string value that is
 * exactly {@code "{{name}}"} is replaced by the typed value given for it (text, number, boolean, null, object),
 * so values are escaped by Jackson, never pasted into text.
 */
final class Templates {

    static final ObjectMapper JSON = new ObjectMapper();
    /** A value that removes its field, for payloads that leave a field out (a TaskCreate without contactId). */
    static final Object OMIT = new Object();

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\w+)}}");

    private Templates() {
    }

    static ObjectNode load(String name) {
        try (InputStream in = Templates.class.getResourceAsStream("/demo/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the demo's file demo/" + name + " is missing from the jar");
            }
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode fill(String name, Map<String, ?> values) {
        ObjectNode node = load(name);
        fill(node, values, name);
        return node;
    }

    private static void fill(JsonNode node, Map<String, ?> values, String template) {
        if (node instanceof ObjectNode object) {
            for (String field : object.properties().stream().map(Map.Entry::getKey).toList()) {
                String key = placeholder(object.get(field));
                if (key == null) {
                    fill(object.get(field), values, template);
                } else if (value(values, key, template) == OMIT) {
                    object.remove(field);
                } else {
                    object.set(field, JSON.valueToTree(value(values, key, template)));
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                String key = placeholder(array.get(i));
                if (key == null) {
                    fill(array.get(i), values, template);
                } else {
                    array.set(i, JSON.valueToTree(value(values, key, template)));
                }
            }
        }
    }

    private static String placeholder(JsonNode node) {
        if (!node.isTextual()) {
            return null;
        }
        Matcher m = PLACEHOLDER.matcher(node.textValue());
        return m.matches() ? m.group(1) : null;
    }

    private static Object value(Map<String, ?> values, String key, String template) {
        if (!values.containsKey(key)) {
            throw new IllegalStateException("demo/" + template + " has {{" + key + "}}, but the demo gives no value for it");
        }
        return values.get(key);
    }
}
