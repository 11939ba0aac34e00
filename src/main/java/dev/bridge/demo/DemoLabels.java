package dev.bridge.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An issue's labels in the GitLab stand-in, as {@code POST}/{@code PUT /issues} take them: {@code labels} replaces the
 * list, {@code add_labels} and {@code remove_labels} change it (each "a,b" or ["a","b"]); GitLab answers a list of names.
 */
final class DemoLabels {

    private DemoLabels() {
    }

    /** Applies labels, add_labels and remove_labels of an issue update, in GitLab's order. */
    static void apply(ObjectNode issue, JsonNode in) {
        if (in.has("labels")) {
            issue.set("labels", of(in.get("labels")));
        }
        if (!in.has("add_labels") && !in.has("remove_labels")) {
            return;
        }
        Set<String> now = new LinkedHashSet<>(names(issue.get("labels")));
        now.addAll(names(of(in.get("add_labels"))));
        names(of(in.get("remove_labels"))).forEach(now::remove);
        issue.set("labels", Templates.JSON.valueToTree(new ArrayList<>(now)));
    }

    /** "a,b" or ["a","b"] as a list of names. */
    static ArrayNode of(JsonNode in) {
        ArrayNode out = Templates.JSON.createArrayNode();
        if (in != null && in.isArray()) {
            in.forEach(l -> out.add(l.asText()));
        } else if (in != null && !in.isNull()) {
            for (String l : in.asText().split(",")) {
                if (!l.isBlank()) {
                    out.add(l.strip());
                }
            }
        }
        return out;
    }

    static List<String> names(JsonNode labels) {
        List<String> out = new ArrayList<>();
        if (labels != null) {
            labels.forEach(l -> out.add(l.asText()));
        }
        return out;
    }
}
