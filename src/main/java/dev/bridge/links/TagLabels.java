package dev.bridge.links;

import dev.bridge.effects.KnownSets;
import dev.bridge.mapping.TagRules;
import org.apache.camel.Exchange;
import org.apache.camel.Header;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The mapping's tag rules applied (flow F8, kamelet bridge-tag-label-rules-action): a contact's tag changes become
 * label changes for its issues, an issue's label changes become tag changes for its contact, and a new task issue
 * takes the labels of its contact's tags. Only what a rule names travels, and only the way the rule says.
 */
public final class TagLabels {

    private final KnownSets sets;
    private final Supplier<TagRules> rules;

    public TagLabels(KnownSets sets, Supplier<TagRules> rules) {
        this.sets = sets;
        this.rules = rules;
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> step(@Header("BridgeTagLabelStep") String step, Exchange exchange) throws SQLException {
        Map<String, Object> body = exchange.getMessage().getBody(Map.class);
        return switch (step) {
            case "toLabels" -> toLabels(body);
            case "toTags" -> toTags(exchange.getVariable("link", Map.class), body);
            case "newIssue" -> newIssue(body, exchange.getVariable("task", Map.class), exchange.getVariable("contact", Map.class));
            case "newIssueMade" -> newIssueMade(exchange.getVariable("link", Map.class), body);
            default -> throw new IllegalArgumentException("bridge-tag-label-rules-action has no step '" + step + "'");
        };
    }

    /** A contact's tag change (added, removed) → the labels to add and remove on its issues. */
    private Map<String, Object> toLabels(Map<String, Object> tagChange) throws SQLException {
        TagRules r = rules.get();
        Set<String> now = sets.present(KnownSets.contactTags(String.valueOf(tagChange.get("contactId"))));
        return change(mapped(standing(tagChange.get("added"), now, true), r::labelOf), mapped(standing(tagChange.get("removed"), now, false), r::labelOf));
    }

    /** An issue's label change (added, removed) → the tags to add and remove on the contact of the issue's link. */
    private Map<String, Object> toTags(Map<String, Object> link, Map<String, Object> labelChange) throws SQLException {
        TagRules r = rules.get();
        Set<String> now = sets.present(KnownSets.issueLabels(labelChange.get("project"), labelChange.get("iid")));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("contactId", link.get("contactId"));
        out.putAll(change(mapped(standing(labelChange.get("added"), now, true), r::tagOf), mapped(standing(labelChange.get("removed"), now, false), r::tagOf)));
        return out;
    }

    /**
     * The members of an event's change that still stand: an event's change is worked out once, so a dead letter
     * replayed after later changes (say, a person removed the label meanwhile) must not undo them.
     */
    private static List<String> standing(Object members, Set<String> present, boolean added) {
        List<String> out = new ArrayList<>();
        if (members instanceof List<?> list) {
            list.stream().filter(Objects::nonNull).map(Object::toString).filter(m -> present.contains(m) == added).forEach(out::add);
        }
        return out;
    }

    /**
     * F1: the new issue's fields (the body) with the labels of its contact's tags added: the tags the bridge knows the
     * contact to carry, and those on the contact F1 read.
     */
    private Map<String, Object> newIssue(Map<String, Object> fields, Map<String, Object> task, Map<String, Object> contact) throws SQLException {
        Set<String> tags = new LinkedHashSet<>();
        // a task's issue (F1) names its contact by the task; a contact's own issue (F4) by the contact
        Object contactId = task != null ? task.get("contactId") : contact != null ? contact.get("id") : null;
        if (contactId != null) {
            tags.addAll(sets.present(KnownSets.contactTags(contactId.toString())));
        }
        if (contact != null && contact.get("tags") instanceof List<?> onContact) {
            onContact.stream().filter(Objects::nonNull).forEach(t -> tags.add(t.toString().strip().toLowerCase(Locale.ROOT)));
        }
        // in the rules' order: the same labels read the same way on every issue
        List<String> paired = rules.get().rules().stream().filter(r -> r.direction().toGitLab() && tags.contains(r.tag()))
                .map(TagRules.Rule::label).toList();
        if (paired.isEmpty()) {
            return fields;
        }
        Set<String> labels = new LinkedHashSet<>(split(fields.get("labels")));
        labels.addAll(paired);
        Map<String, Object> out = new LinkedHashMap<>(fields);
        out.put("labels", String.join(",", labels));
        return out;
    }

    /** F1: the rule labels the new issue (variable link) was made with are the bridge's own, so its hook is no change. */
    private Map<String, Object> newIssueMade(Map<String, Object> link, Map<String, Object> fields) throws SQLException {
        TagRules r = rules.get();
        List<String> ruled = split(fields.get("labels")).stream().filter(l -> isRuleLabel(r, l)).toList();
        if (link != null && !ruled.isEmpty()) {
            sets.written(KnownSets.issueLabels(link.get("gitlabProject"), link.get("gitlabIid")), ruled, List.of());
        }
        return fields;
    }

    private static boolean isRuleLabel(TagRules r, String label) {
        return r.rules().stream().anyMatch(rule -> rule.label().equals(label));
    }

    private static List<String> mapped(List<String> names, java.util.function.Function<String, String> pair) {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            String p = pair.apply(n);
            if (p != null && !out.contains(p)) {
                out.add(p);
            }
        }
        return out;
    }

    private static Map<String, Object> change(List<String> add, List<String> remove) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("add", add);
        out.put("remove", remove);
        return out;
    }

    private static List<String> split(Object labels) {
        return labels == null ? List.of() : Arrays.stream(labels.toString().split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
