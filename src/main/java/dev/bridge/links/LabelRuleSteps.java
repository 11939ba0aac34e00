package dev.bridge.links;

import dev.bridge.Sha256;
import dev.bridge.inbox.InboxDispatcher;
import dev.bridge.mapping.LabelRules;
import org.apache.camel.Exchange;
import org.apache.camel.Header;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The label rules of the mapping (flow F8), step by step (kamelet bridge-label-rules-action): which actions the rules
 * name for the labels an Issue Hook added and removed on a linked issue, and a note's text. The actions are
 * plain maps the flow routes by their {@code action}; the calls are made by the catalog's action Kamelets.
 */
public final class LabelRuleSteps {

    private final Supplier<LabelRules> rules;
    private final String appUrl;

    public LabelRuleSteps(Supplier<LabelRules> rules, String appUrl) {
        this.rules = rules;
        this.appUrl = appUrl;
    }

    @SuppressWarnings("unchecked")
    public Object step(@Header("BridgeLabelRuleStep") String step, @Header(InboxDispatcher.EVENT_KEY) String eventKey, Exchange exchange) throws SQLException {
        return switch (step) {
            case "actions" -> actions(eventKey, exchange.getVariable("link", Map.class), exchange.getVariable("labels", Map.class));
            case "note" -> note(exchange.getVariable("action", Map.class), exchange.getVariable("contact", Map.class),
                    exchange.getVariable("hook", Map.class));
            default -> throw new IllegalArgumentException("bridge-label-rules-action has no step '" + step + "'");
        };
    }

    /** The actions of every rule the change matches, in the file's order. */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> actions(String eventKey, Map<String, Object> link, Map<String, Object> labels) {
        List<String> added = (List<String>) labels.getOrDefault("added", List.of());
        List<String> removed = (List<String>) labels.getOrDefault("removed", List.of());
        String kind = String.valueOf(link.get("kind"));
        List<Map<String, Object>> out = new ArrayList<>();
        Map<String, Integer> notes = new HashMap<>();
        for (LabelRules.Rule rule : rules.get().rules()) {
            String label = rule.isFor(kind) ? rule.matchIn(added, removed) : null;
            if (label == null) {
                continue;
            }
            for (int i = 0; i < rule.actions().size(); i++) {
                LabelRules.Action a = rule.actions().get(i);
                if (a.name().equals("complete-task") && !TaskSync.KIND.equals(kind)) {
                    continue; // a contact's own issue has no task
                }
                Map<String, Object> action = new LinkedHashMap<>();
                action.put("action", a.name());
                action.put("rule", rule.index());
                action.put("index", i);
                action.put("label", label);
                action.put("contactId", link.get("contactId"));
                switch (a.name()) {
                    case "complete-task" -> {
                        action.put("completed", true);
                        // remembered in the link: the task's TaskComplete echo then closes nothing (TaskSync)
                        action.put("ghl", Map.of("completed", true));
                        action.put("gitlab", Map.of());
                    }
                    case "add-tag" -> {
                        action.put("add", List.of(a.value()));
                        action.put("remove", List.of());
                    }
                    case "remove-tag" -> {
                        action.put("add", List.of());
                        action.put("remove", List.of(a.value()));
                    }
                    case "note" -> action.put("key", noteKey(eventKey, rule, notes));
                    case "pipeline" -> action.put("trigger", a.value());
                    default -> throw new IllegalStateException("label rule action '" + a.name() + "' has no step");
                }
                out.add(action);
            }
        }
        return out;
    }

    /**
     * A note's once-key names its rule by what the rule reacts to, and the note by its place among that rule's notes:
     * neither reordering the rules nor editing a note's text while the event retries writes a second note.
     */
    private static String noteKey(String eventKey, LabelRules.Rule rule, Map<String, Integer> notes) {
        String when = (rule.added() ? "added:" : "removed:") + rule.label().toLowerCase(Locale.ROOT) + ":" + rule.scope();
        int nth = notes.merge(when, 1, Integer::sum);
        return "label-rule-note:" + eventKey + ":" + Sha256.hex(when) + ":" + nth;
    }

    /** A note action's note: contactId, key and the text (the contact's values, the issue's title and address, the label, who changed it). */
    @SuppressWarnings("unchecked")
    private Map<String, Object> note(Map<String, Object> action, Map<String, Object> contact, Map<String, Object> hook) {
        LabelRules.Rule rule = rules.get().rules().stream().filter(r -> r.index() == ((Number) action.get("rule")).intValue()).findFirst()
                .orElseThrow(() -> new IllegalStateException("label rule " + action.get("rule") + " is gone"));
        LabelRules.Action a = rule.actions().get(((Number) action.get("index")).intValue());
        Map<String, Object> values = new LinkedHashMap<>(ContactValues.of(contact == null ? Map.of() : contact, null, action.get("contactId"), appUrl));
        values.put("contactUrl", values.remove("url"));
        Map<String, Object> issue = (Map<String, Object>) hook.getOrDefault("object_attributes", Map.of());
        Map<String, Object> user = (Map<String, Object>) hook.getOrDefault("user", Map.of());
        values.put("issue", issue.get("title"));
        values.put("url", issue.get("url"));
        values.put("label", action.get("label"));
        values.put("user", user.get("name"));
        Map<String, Object> note = new LinkedHashMap<>();
        note.put("contactId", action.get("contactId"));
        note.put("key", action.get("key"));
        note.put("text", a.text().render(values));
        return note;
    }
}
