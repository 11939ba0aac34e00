package dev.bridge.mapping;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads entries of the parsed file, noting each problem with its file and entry. */
record Entries(Path file, List<String> problems) {

    private static final java.util.regex.Pattern OFFSET = java.util.regex.Pattern.compile("(\\d{1,4})\\s*([mhdw])");

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

    /** A time from now such as 30m, 4h, 2d or 1w (a due date's offset); {@code fallback} when it is missing or wrong. */
    java.time.Duration offset(Object value, String entry, java.time.Duration fallback) {
        if (value == null) {
            return fallback;
        }
        java.util.regex.Matcher m = OFFSET.matcher(value.toString().strip().toLowerCase(java.util.Locale.ROOT));
        if (!m.matches()) {
            problem(entry, "'" + value + "' is not an offset; write a number and a unit: 30m, 4h, 2d or 1w (from when the bridge makes the task)");
            return fallback;
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "m" -> java.time.Duration.ofMinutes(n);
            case "h" -> java.time.Duration.ofHours(n);
            case "d" -> java.time.Duration.ofDays(n);
            default -> java.time.Duration.ofDays(7 * n);
        };
    }
}
