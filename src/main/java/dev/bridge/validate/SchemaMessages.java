package dev.bridge.validate;

import com.networknt.schema.ValidationMessage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns the validator's messages into one line per mistake. The YAML DSL schema is full of oneOf/anyOf (a step is one
 * of 60 kinds, {@code to} is a string or an object), so one typo yields a message for every branch; the deepest
 * location is where the mistake is, and the branch messages above it are left out.
 */
final class SchemaMessages {

    private static final Set<String> BRANCHES = Set.of("oneOf", "anyOf", "not", "allOf");

    private SchemaMessages() {
    }

    static List<DslSchema.Violation> explain(Set<ValidationMessage> messages) {
        List<ValidationMessage> all = new ArrayList<>(messages);
        List<String> pointers = all.stream().map(SchemaMessages::pointer).toList();
        // keep the deepest: drop a message whose location has another message below it
        Map<String, List<ValidationMessage>> byPointer = new LinkedHashMap<>();
        for (ValidationMessage m : all) {
            String p = pointer(m);
            boolean hasDeeper = pointers.stream().anyMatch(other -> other.startsWith(p + "/"));
            if (!hasDeeper) {
                byPointer.computeIfAbsent(p, k -> new ArrayList<>()).add(m);
            }
        }
        List<DslSchema.Violation> out = new ArrayList<>();
        byPointer.forEach((p, list) -> out.addAll(atOnePlace(p, list)));
        out.sort(Comparator.comparing(DslSchema.Violation::pointer).thenComparing(DslSchema.Violation::message));
        return out;
    }

    private static List<DslSchema.Violation> atOnePlace(String pointer, List<ValidationMessage> list) {
        List<ValidationMessage> kept = list.stream().filter(m -> !BRANCHES.contains(m.getType())).toList();
        if (kept.isEmpty()) {
            kept = list;
        }
        // a type mismatch beside another complaint is the other branch's ("object found, string expected" for to:)
        if (kept.stream().anyMatch(m -> !"type".equals(m.getType()))) {
            kept = kept.stream().filter(m -> !"type".equals(m.getType())).toList();
        }
        List<DslSchema.Violation> out = new ArrayList<>();
        Set<String> missing = new TreeSet<>();
        boolean alternatives = false;
        for (ValidationMessage m : kept) {
            if ("required".equals(m.getType())) {
                missing.add(m.getProperty());
                alternatives |= m.getEvaluationPath().toString().matches(".*/(oneOf|anyOf)/.*");
            } else {
                out.add(new DslSchema.Violation(pointer, m.getType(), text(m)));
            }
        }
        if (!missing.isEmpty()) {
            String names = "'" + String.join("', '", missing) + "'";
            out.add(new DslSchema.Violation(pointer, "required", alternatives && missing.size() > 1
                    ? "needs one of " + names + "; add the one you mean"
                    : "needs " + names + "; add " + (missing.size() > 1 ? "them" : "it")));
        }
        return out;
    }

    /** Where the mistake is: for an unknown option, the option itself rather than the object holding it. */
    private static String pointer(ValidationMessage m) {
        String p = m.getInstanceLocation().toString();
        if ("additionalProperties".equals(m.getType()) && m.getProperty() != null) {
            return p + "/" + m.getProperty().replace("~", "~0").replace("/", "~1");
        }
        return p;
    }

    private static String text(ValidationMessage m) {
        String message = m.getMessage();
        String prefix = m.getInstanceLocation().toString() + ": ";
        if (message.startsWith(prefix)) {
            message = message.substring(prefix.length());
        }
        return switch (m.getType()) {
            case "additionalProperties" -> "'" + m.getProperty() + "' is not an option here; check its spelling and where it is indented";
            case "type" -> {
                String expected = message.replaceAll(".*found, (\\w+) expected.*", "$1");
                expected = (expected.matches("[aeiou].*") ? "an " : "a ") + expected;
                boolean placeholder = m.getInstanceNode() != null && m.getInstanceNode().isTextual() && m.getInstanceNode().asText().contains("{{");
                yield message + (placeholder
                        ? "; write " + expected + ": a {{placeholder}} runs, but the schema (and Kaoto) refuse it here, so put the value or move the option into a bean"
                        : "; write " + expected);
            }
            case "enum" -> message + "; use one of them";
            case "maxProperties" -> message + "; one step per list item (start each with '- ')";
            default -> message + "; see the Camel YAML DSL reference";
        };
    }
}
