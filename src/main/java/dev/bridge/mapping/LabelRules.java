package dev.bridge.mapping;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The mapping file's {@code labelRules} section (flow F8): what happens in HighLevel when a label is added to (or
 * removed from) a linked issue. Each rule names one label, the issues it is for, and its actions in order:
 * <pre>
 * - when: { added: "Ready for QA" }      # or removed: "..."
 *   on: task-issues                       # task-issues | contact-issue | any (the default)
 *   do:
 *     - complete-task
 *     - add-tag: qa-ready
 *     - remove-tag: in-progress
 *     - note: "Your request {{issue}} is ready for QA: {{url}}"
 * </pre>
 */
public final class LabelRules {

    /** The issues a rule is for, by their link. */
    public static final Set<String> SCOPES = Set.of("task-issues", "contact-issue", "any");
    /** The actions a rule may take; a new one is added here, in {@link #action} and in the flow's choice. */
    public static final List<String> ACTIONS = List.of("complete-task", "add-tag", "remove-tag", "note", "pipeline");
    /** What a note may name: the contact's fields, and the issue, its address, the label and who changed it. */
    public static final Set<String> NOTE_FIELDS = noteFields();

    /** One action of a rule: its name and its value (a tag or a trigger's name, a note's text; null for complete-task). */
    public record Action(String name, String value, Template text) {
    }

    /** One rule; {@code index} is its place in the file (named in start-up problems). */
    public record Rule(int index, String label, boolean added, String scope, List<Action> actions) {

        /** Whether the rule is for an issue with this kind of link ("task" or "contact-issue"). */
        public boolean isFor(String linkKind) {
            return scope.equals("any") || scope.equals("task-issues") == "task".equals(linkKind);
        }

        /** The label this rule names, as the change spells it, or null when the change does not have it. */
        public String matchIn(List<String> added, List<String> removed) {
            for (String l : this.added ? added : removed) {
                if (l.toLowerCase(Locale.ROOT).equals(label.toLowerCase(Locale.ROOT))) {
                    return l;
                }
            }
            return null;
        }
    }

    private static final LabelRules NONE = new LabelRules(List.of());

    private final List<Rule> rules;

    private LabelRules(List<Rule> rules) {
        this.rules = rules;
    }

    /** The section as none were written. */
    public static LabelRules none() {
        return NONE;
    }

    public List<Rule> rules() {
        return rules;
    }

    /** Reads and checks the section (null when the file has none); problems go to {@code in}, one line each. */
    static LabelRules read(Object section, Entries in) {
        if (section == null) {
            return NONE;
        }
        if (!(section instanceof List<?> list)) {
            in.problem("labelRules", "must be a list of rules, each '- when: { added: <label> }' with a 'do:' list of actions");
            return NONE;
        }
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Rule rule = rule(i, list.get(i), in);
            if (rule != null) {
                rules.add(rule);
            }
        }
        return new LabelRules(List.copyOf(rules));
    }

    private static Rule rule(int index, Object value, Entries in) {
        String entry = "labelRules[" + index + "]";
        Map<String, Object> spec = in.map(value, entry);
        in.onlyKeys(spec, Set.of("when", "on", "do"), entry + ".");
        Map<String, Object> when = in.map(spec.get("when"), entry + ".when");
        in.onlyKeys(when, Set.of("added", "removed"), entry + ".when.");
        String label = null;
        boolean added = when.containsKey("added");
        boolean unknownKey = when.size() == 1 && !added && !when.containsKey("removed"); // onlyKeys said so
        if (!unknownKey && (when.size() != 1 || !(when.values().iterator().next() instanceof String l) || l.isBlank())) {
            in.problem(entry + ".when", "needs exactly one of added or removed, with a label's name, such as { added: \"Ready for QA\" }");
        } else if (!unknownKey) {
            label = ((String) when.values().iterator().next()).strip();
        }
        String scope = spec.get("on") == null ? "any" : String.valueOf(spec.get("on"));
        if (!SCOPES.contains(scope)) {
            in.problem(entry + ".on", "'" + scope + "' is not a choice; use task-issues, contact-issue or any (the default)");
        }
        List<Action> actions = new ArrayList<>();
        if (!(spec.get("do") instanceof List<?> steps) || steps.isEmpty()) {
            in.problem(entry + ".do", "must be a list of one or more actions: " + String.join(", ", ACTIONS));
        } else {
            for (int j = 0; j < steps.size(); j++) {
                Action action = action(entry + ".do[" + j + "]", steps.get(j), in);
                if (action == null) {
                    continue;
                }
                if (action.name().equals("complete-task") && scope.equals("contact-issue")) {
                    in.problem(entry + ".do[" + j + "]", "complete-task needs a task: a contact's own issue has none; use on: task-issues (or any)");
                }
                actions.add(action);
            }
        }
        return label == null ? null : new Rule(index, label, added, scope, List.copyOf(actions));
    }

    /** One action: a bare name ({@code - complete-task}) or a name with its value ({@code - add-tag: qa-ready}). */
    private static Action action(String entry, Object value, Entries in) {
        String name;
        Object param;
        if (value instanceof String s) {
            name = s.strip();
            param = null;
        } else if (value instanceof Map<?, ?> m && m.size() == 1) {
            name = String.valueOf(m.keySet().iterator().next());
            param = m.values().iterator().next();
        } else {
            in.problem(entry, "must be one action, such as '- complete-task' or '- add-tag: qa-ready'");
            return null;
        }
        switch (name) {
            case "complete-task" -> {
                if (param != null) {
                    in.problem(entry, "complete-task takes no value; write it as '- complete-task'");
                }
                return new Action(name, null, null);
            }
            case "add-tag", "remove-tag" -> {
                if (!(param instanceof String tag) || tag.isBlank() || tag.contains(",")) {
                    in.problem(entry, name + " needs one HighLevel tag's name, such as '- " + name + ": qa-ready'");
                    return null;
                }
                return new Action(name, tag.strip().toLowerCase(Locale.ROOT), null);
            }
            case "note" -> {
                if (!(param instanceof String text) || text.isBlank()) {
                    in.problem(entry, "note needs the note's text, such as '- note: \"Your request {{issue}} is ready for QA: {{url}}\"'");
                    return null;
                }
                return new Action(name, text, in.template(text, entry + ".note", NOTE_FIELDS));
            }
            case "pipeline" -> {
                if (!(param instanceof String trigger) || trigger.isBlank()) {
                    in.problem(entry, "pipeline needs the name of a trigger in pipelines.triggers, such as '- pipeline: provision'");
                    return null;
                }
                return new Action(name, trigger.strip(), null);
            }
            default -> {
                in.problem(entry, "'" + name + "' is not an action; use one of " + String.join(", ", ACTIONS));
                return null;
            }
        }
    }

    /** Every pipeline action names a trigger of pipelines.triggers (checked once both sections are read). */
    void checkTriggers(PipelineTriggers triggers, Entries in) {
        for (Rule rule : rules) {
            for (int j = 0; j < rule.actions().size(); j++) {
                Action a = rule.actions().get(j);
                if (a.name().equals("pipeline") && triggers.named(a.value()) == null) {
                    List<String> names = triggers.all().stream().map(PipelineTriggers.Trigger::name).toList();
                    in.problem("labelRules[" + rule.index() + "].do[" + j + "]", "'" + a.value() + "' is not a trigger in pipelines.triggers; "
                            + (names.isEmpty() ? "add one named " + a.value() + " there" : "use one of " + String.join(", ", names)));
                }
            }
        }
    }

    private static Set<String> noteFields() {
        Set<String> fields = new LinkedHashSet<>(TaskMapping.CONTACT_FIELDS);
        fields.remove("url"); // {{url}} is the address here; the contact's is contactUrl
        fields.addAll(List.of("contactUrl", "issue", "url", "label", "user"));
        return Set.copyOf(fields);
    }
}
