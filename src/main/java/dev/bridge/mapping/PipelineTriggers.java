package dev.bridge.mapping;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The mapping file's {@code pipelines.triggers} section: F11: which contact tags trigger which GitLab pipeline, with
 * which ref and variables. Each trigger's token is a secret: it comes from the configuration (see {@link Trigger#tokenKey()}).
 */
public final class PipelineTriggers {

    /** The variable the bridge adds to every trigger: it names the effect, so a retry finds a pipeline made before. */
    public static final String TRIGGER_ID_VARIABLE = "BRIDGE_TRIGGER_ID";

    private static final PipelineTriggers NONE = new PipelineTriggers(List.of());
    private static final Set<String> KEYS = Set.of("name", "when", "project", "ref", "variables");

    /**
     * One trigger.
     *
     * @param tagAdded the tag (lower case) whose adding to a contact fires it; null: only other flows (label rules) fire it by name
     * @param project  the GitLab project (id or path); null: GITLAB_PROJECT
     * @param variables CI variable name → value template (contact fields)
     */
    public record Trigger(String name, String tagAdded, String project, String ref, Map<String, Template> variables) {

        /** The configuration key of its token; the environment variable is GITLAB_TRIGGER_TOKEN_&lt;NAME&gt;. */
        public String tokenKey() {
            return "gitlab.trigger-token." + name;
        }
    }

    private final List<Trigger> triggers;

    private PipelineTriggers(List<Trigger> triggers) {
        this.triggers = List.copyOf(triggers);
    }

    /** The section as none were written. */
    public static PipelineTriggers none() {
        return NONE;
    }

    public List<Trigger> all() {
        return triggers;
    }

    /** The trigger of that name, or null. */
    public Trigger named(String name) {
        return triggers.stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
    }

    /** The triggers fired by adding any of {@code addedTags} (compared in lower case), in the file's order. */
    public List<Trigger> forAddedTags(Collection<String> addedTags) {
        Set<String> added = new HashSet<>();
        addedTags.forEach(t -> added.add(t.toLowerCase(Locale.ROOT)));
        return triggers.stream().filter(t -> t.tagAdded() != null && added.contains(t.tagAdded())).toList();
    }

    /** Reads and checks the section (null when the file has none); problems go to {@code in}, one line each. */
    static PipelineTriggers read(Object section, Entries in) {
        if (section == null) {
            return NONE;
        }
        if (!(section instanceof List<?> list)) {
            in.problem("pipelines.triggers", "must be a list of triggers, each with name, when, ref (and project, variables)");
            return NONE;
        }
        List<Trigger> triggers = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            Trigger t = trigger(list.get(i), "pipelines.triggers[" + i + "]", in);
            if (t != null && !names.add(t.name())) {
                in.problem("pipelines.triggers[" + i + "].name", "'" + t.name() + "' is used twice; give each trigger its own name");
            } else if (t != null) {
                triggers.add(t);
            }
        }
        return new PipelineTriggers(triggers);
    }

    private static Trigger trigger(Object value, String entry, Entries in) {
        Map<String, Object> spec = in.map(value, entry);
        in.onlyKeys(spec, KEYS, entry + ".");
        Object name = spec.get("name");
        if (!(name instanceof String n) || !n.matches("[a-z][a-z0-9-]{0,62}")) {
            in.problem(entry + ".name", (name == null ? "is missing" : "'" + name + "' is not a usable name")
                    + "; use lower-case letters, digits and dashes, such as provision (it names the token setting too)");
            return null;
        }
        String where = "pipelines.triggers '" + name + "'";
        Map<String, Object> when = in.map(spec.get("when"), where + ".when");
        in.onlyKeys(when, Set.of("tagAdded"), where + ".when.");
        Object tag = when.get("tagAdded");
        if (spec.containsKey("when") && (!(tag instanceof String s) || s.isBlank())) {
            in.problem(where + ".when.tagAdded", "must name a HighLevel tag, such as { tagAdded: provision }; leave when out for a trigger "
                    + "that only label rules fire");
        }
        Object project = spec.get("project");
        if (project != null && !String.valueOf(project).matches("[0-9]+|[A-Za-z0-9_.][A-Za-z0-9_.-]*(/[A-Za-z0-9_.][A-Za-z0-9_.-]*)+")) {
            in.problem(where + ".project", "'" + project + "' is neither a project id (42) nor a path (group/project)");
        }
        Object ref = spec.get("ref");
        if (!(ref instanceof String r) || r.isBlank()) {
            in.problem(where + ".ref", (ref == null ? "is missing" : "must be text") + "; name the branch or tag the pipeline runs on, such as main");
        }
        Map<String, Template> variables = new LinkedHashMap<>();
        in.map(spec.get("variables"), where + ".variables").forEach((key, v) -> {
            String at = where + ".variables." + key;
            if (!key.matches("[A-Za-z_][A-Za-z0-9_]*") || key.equals(TRIGGER_ID_VARIABLE)) {
                in.problem(at, key.equals(TRIGGER_ID_VARIABLE) ? "is the bridge's own variable; choose another name"
                        : "is not a CI variable name; use letters, digits and underscores, such as CUSTOMER_ID");
            } else if (v instanceof Map || v instanceof List) {
                in.problem(at, "must be a text such as \"{{email}}\"");
            } else {
                variables.put(key, in.template(v == null ? "" : String.valueOf(v), at, TaskMapping.CONTACT_FIELDS));
            }
        });
        return new Trigger((String) name, tag instanceof String s ? s.strip().toLowerCase(Locale.ROOT) : null,
                project == null ? null : String.valueOf(project), ref instanceof String r ? r.strip() : "", variables);
    }
}
