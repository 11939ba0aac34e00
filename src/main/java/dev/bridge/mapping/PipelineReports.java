package dev.bridge.mapping;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The mapping file's {@code pipelines.reports} section: F10: which pipeline and merge request results reach the
 * contacts they concern, and as what (a note, a task for the contact's owner, a tag).
 */
public final class PipelineReports {

    /** The pipeline outcomes a contact can be told about. */
    public static final Set<String> OUTCOMES = Set.of("failed", "fixed", "success");
    /** What a pipeline report may name. */
    public static final Set<String> PIPELINE_FIELDS = Set.of("url", "ref", "status", "pipelineId", "project", "name", "issue", "issueUrl",
            "mergeRequest", "mergeRequestUrl", "trigger");
    /** What a merged merge request's report may name. */
    public static final Set<String> MERGED_FIELDS = Set.of("url", "title", "ref", "project", "name", "issue", "issueUrl", "mergedBy");

    private static final PipelineReports NONE = new PipelineReports(List.of(), List.of(), Map.of(), Action.NONE);

    /** A task for the contact's owner: its title and text (which names {{url}}: the bridge finds its task by it), due after {@code due}. */
    public record Task(Template title, Template body, Duration due) {
    }

    /** What a contact gets: a note, a task, tags; each may be absent. */
    public record Action(Template note, Task task, List<String> tags) {

        static final Action NONE = new Action(new Template(""), null, List.of());

        public boolean isEmpty() {
            return note.isEmpty() && task == null && tags.isEmpty();
        }

        /** A task is for the contact's owner, and {{name}} and {{custom.<id>}} are the contact's: these need the contact read. */
        public boolean needsContact() {
            return task != null || note.names().stream().anyMatch(n -> n.equals("name") || n.startsWith("custom."));
        }
    }

    private final List<String> projects;
    private final List<String> refs;
    private final Map<String, Action> pipeline;
    private final Action merged;

    PipelineReports(List<String> projects, List<String> refs, Map<String, Action> pipeline, Action merged) {
        this.projects = projects;
        this.refs = refs;
        this.pipeline = pipeline;
        this.merged = merged;
    }

    /** The section as none were written. */
    public static PipelineReports none() {
        return NONE;
    }

    /** Whether a project (its numeric id or its path) is reported on; none configured: the default project only. */
    public boolean project(Object id, Object path, String defaultProject) {
        List<String> wanted = projects.isEmpty() ? (defaultProject == null ? List.of() : List.of(defaultProject)) : projects;
        return wanted.stream().anyMatch(p -> p.equals(String.valueOf(id)) || p.equalsIgnoreCase(String.valueOf(path)));
    }

    /** Whether a ref is reported on; none configured: any. */
    public boolean ref(Object ref) {
        return refs.isEmpty() || refs.contains(String.valueOf(ref));
    }

    /** Whether any pipeline outcome has an action. */
    public boolean reportsPipelines() {
        return pipeline.values().stream().anyMatch(a -> !a.isEmpty());
    }

    /** The action for a pipeline outcome (failed, fixed, success); empty when there is none. */
    public Action pipeline(String outcome) {
        return pipeline.getOrDefault(outcome, Action.NONE);
    }

    /** The action for a merged merge request; empty when there is none. */
    public Action mergeRequestMerged() {
        return merged;
    }

    /** Reads and checks the section (null when the file has none); problems go to {@code in}, one line each. */
    static PipelineReports read(Object section, Entries in) {
        if (section == null) {
            return NONE;
        }
        String at = "pipelines.reports";
        Map<String, Object> map = in.map(section, at);
        in.onlyKeys(map, Set.of("projects", "refs", "pipeline", "mergeRequestMerged"), at + ".");
        List<String> projects = projects(map.get("projects"), at + ".projects", in);
        List<String> refs = in.strings(map.get("refs"), at + ".refs");
        Map<String, Object> outcomes = in.map(map.get("pipeline"), at + ".pipeline");
        in.onlyKeys(outcomes, OUTCOMES, at + ".pipeline.");
        Map<String, Action> pipeline = new LinkedHashMap<>();
        for (String outcome : OUTCOMES) {
            if (outcomes.containsKey(outcome)) {
                pipeline.put(outcome, action(outcomes.get(outcome), at + ".pipeline." + outcome, PIPELINE_FIELDS, in));
            }
        }
        Action merged = map.containsKey("mergeRequestMerged") ? action(map.get("mergeRequestMerged"), at + ".mergeRequestMerged", MERGED_FIELDS, in)
                : Action.NONE;
        return new PipelineReports(projects, refs, pipeline, merged);
    }

    private static List<String> projects(Object value, String entry, Entries in) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list && list.stream().allMatch(p -> p instanceof Integer || p instanceof Long
                || (p instanceof String s && s.strip().matches("[0-9]+|[A-Za-z0-9_.][A-Za-z0-9_./-]*")))) {
            return list.stream().map(p -> p.toString().strip()).toList();
        }
        in.problem(entry, "must be a list of project ids or paths, such as [\"42\", acme/support]");
        return List.of();
    }

    private static Action action(Object value, String entry, Set<String> fields, Entries in) {
        Map<String, Object> map = in.map(value, entry);
        in.onlyKeys(map, Set.of("note", "task", "tag"), entry + ".");
        Template note = in.template(map.get("note"), entry + ".note", fields);
        if (map.get("note") instanceof String && !note.names().contains("url")) {
            in.problem(entry + ".note", "must name {{url}}: the bridge tells its notes apart by the address");
        }
        Task task = map.containsKey("task") ? task(map.get("task"), entry + ".task", fields, in) : null;
        Object tag = map.get("tag");
        List<String> tags = tag instanceof String s ? (s.isBlank() || s.contains(",") ? bad(in, entry) : List.of(s.strip().toLowerCase()))
                : in.strings(tag, entry + ".tag").stream().map(String::toLowerCase).toList();
        return new Action(note, task, tags);
    }

    private static List<String> bad(Entries in, String entry) {
        in.problem(entry + ".tag", "must be a tag name without commas, or a list of them, such as fix-shipped");
        return List.of();
    }

    private static Task task(Object value, String entry, Set<String> fields, Entries in) {
        Map<String, Object> map = in.map(value, entry);
        in.onlyKeys(map, Set.of("title", "body", "due"), entry + ".");
        Template title = in.template(map.get("title"), entry + ".title", fields);
        if (title.isEmpty() || !title.isOneLine()) {
            in.problem(entry + ".title", "must be one line, such as 'Tell {{name}} the fix shipped'");
        }
        Object bodyText = map.getOrDefault("body", "{{url}}");
        Template body = in.template(bodyText, entry + ".body", fields);
        if (bodyText instanceof String && !body.names().contains("url")) {
            in.problem(entry + ".body", "must name {{url}}: the bridge finds the task it made by the address");
        }
        Duration due = in.offset(map.get("due"), entry + ".due", Duration.ofDays(1));
        return new Task(title, body, due);
    }
}
