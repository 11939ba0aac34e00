package dev.bridge.mapping;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads entries of the parsed file, noting each problem with its file and entry. */
record Entries(Path file, List<String> problems) {

    void problem(String entry, String text) {
        problems.add(file + ": " + entry + " " + text);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> map(Object value, String entry) {
        if (value == null) {
            return Map.of();
        }
        if (value instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        problem(entry, "must be a map of keys and values");
        return Map.of();
    }

    void onlyKeys(Map<String, Object> map, Set<String> allowed, String prefix) {
        for (String key : map.keySet()) {
            if (!allowed.contains(key)) {
                problems.add(file + ": " + prefix + key + " is not known here; use " + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
    }

    List<String> strings(Object value, String entry) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list && list.stream().allMatch(v -> v instanceof String s && !s.isBlank() && !s.contains(","))) {
            return list.stream().map(v -> ((String) v).strip()).toList();
        }
        problem(entry, "must be a list of names without commas, such as [highlevel, support]");
        return List.of();
    }

    Template template(Object value, String entry, Set<String> known) {
        if (value != null && !(value instanceof String)) {
            problem(entry, "must be text");
            return new Template("");
        }
        Template t = new Template((String) value);
        for (String name : t.names()) {
            boolean customField = known.contains("name") && name.startsWith("custom.") && name.length() > "custom.".length();
            if (!known.contains(name) && !customField) {
                problem(entry, "names {{" + name + "}}, which is not known; use " + String.join(", ", known.stream().sorted().toList())
                        + (known.contains("name") ? ", or custom.<custom field id>" : ""));
            }
        }
        return t;
    }
}
