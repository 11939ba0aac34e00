package dev.bridge.mapping;

import dev.bridge.config.ConfigProblem;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The mapping file ({@code config/mapping.yaml}): what the flows write where, as data. It is read at start-up
 * and checked whole: every problem is one line that names the file, the entry and the fix.
 */
public final class Mapping {

    private static final Set<String> TOP = Set.of("tasks", "contactIssue");
    private static final Set<String> TASK_KEYS = Set.of("fields", "newIssue", "taskBody", "taskDeleted");

    private final TaskMapping tasks;
    private final NoteMapping notes;

    private Mapping(TaskMapping tasks, NoteMapping notes) {
        this.tasks = tasks;
        this.notes = notes;
    }

    public TaskMapping tasks() {
        return tasks;
    }

    public NoteMapping notes() {
        return notes;
    }

    /** Reads and checks the file; any problem stops start-up with one line. */
    public static Mapping load(Path file) {
        List<String> problems = new ArrayList<>();
        Mapping mapping = read(file, problems);
        if (!problems.isEmpty()) {
            throw new ConfigProblem(problems.get(0) + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more: run the validate command)" : ""));
        }
        return mapping;
    }

    /** Every problem of the file, one line each; empty when it is fine. */
    public static List<String> problems(Path file) {
        List<String> problems = new ArrayList<>();
        read(file, problems);
        return problems;
    }

    private static Mapping read(Path file, List<String> problems) {
        Object root;
        try {
            root = new Load(LoadSettings.builder().setLabel(file.toString()).build()).loadFromString(Files.readString(file));
        } catch (IOException e) {
            problems.add(file + ": cannot be read (" + e.getClass().getSimpleName() + "); create it or set BRIDGE_MAPPING_FILE to the mapping file");
            return null;
        } catch (MarkedYamlEngineException e) {
            String where = e.getProblemMark().map(m -> ":" + (m.getLine() + 1)).orElse("");
            problems.add(file + where + ": not valid YAML: " + e.getProblem() + "; fix the indentation or quoting there");
            return null;
        } catch (YamlEngineException e) {
            problems.add(file + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse("") + "; fix the file");
            return null;
        }
        Entries in = new Entries(file, problems);
        Map<String, Object> top = in.map(root, "the file");
        in.onlyKeys(top, TOP, "");
        Map<String, Object> taskSection = in.map(top.get("tasks"), "tasks");
        in.onlyKeys(taskSection, TASK_KEYS, "tasks.");
        TaskMapping tasks = tasks(taskSection, in);
        NoteMapping notes = contactIssue(in.map(top.get("contactIssue"), "contactIssue"), in);
        return problems.isEmpty() ? new Mapping(tasks, notes) : null;
    }

    private static NoteMapping contactIssue(Map<String, Object> section, Entries in) {
        in.onlyKeys(section, Set.of("for", "tag", "title", "labels", "noteComment", "gitlabComment"), "contactIssue.");
        String scope = section.get("for") == null ? "linked-tasks" : String.valueOf(section.get("for"));
        if (!NoteMapping.SCOPES.contains(scope)) {
            in.problem("contactIssue.for", "'" + scope + "' is not a choice; use linked-tasks, tagged or all");
        }
        Object tag = section.get("tag");
        if ("tagged".equals(scope) && (!(tag instanceof String t) || t.isBlank())) {
            in.problem("contactIssue.tag", "is needed with for: tagged; name the HighLevel tag, such as gitlab");
        }
        Template title = in.template(section.getOrDefault("title", "{{name}} (HighLevel contact)"), "contactIssue.title", TaskMapping.CONTACT_FIELDS);
        if (title.isEmpty() || !title.isOneLine()) {
            in.problem("contactIssue.title", "must be one line, such as '{{name}} (HighLevel contact)'");
        }
        List<String> labels = in.strings(section.get("labels"), "contactIssue.labels");
        Template comment = in.template(section.getOrDefault("noteComment", "**{{author}}** wrote in HighLevel on {{date}}:\n\n{{body}}"),
                "contactIssue.noteComment", NoteMapping.COMMENT_FIELDS);
        if (!comment.names().contains("body")) {
            in.problem("contactIssue.noteComment", "must name {{body}}, the note's text");
        }
        Template gitlabComment = in.template(section.getOrDefault("gitlabComment", "{{author}} commented in GitLab:\n\n{{body}}\n\n{{url}}"),
                "contactIssue.gitlabComment", NoteMapping.GITLAB_COMMENT_FIELDS);
        if (!gitlabComment.names().contains("body") || !gitlabComment.names().contains("url")) {
            in.problem("contactIssue.gitlabComment", "must name {{body}} (the comment) and {{url}} (its address: the bridge knows its own notes by it)");
        }
        return new NoteMapping(scope, tag == null ? null : tag.toString().strip(), title, labels, comment, gitlabComment);
    }

    private static TaskMapping tasks(Map<String, Object> section, Entries in) {
        Map<String, Direction> fields = new LinkedHashMap<>();
        in.map(section.get("fields"), "tasks.fields").forEach((field, value) -> {
            String entry = "tasks.fields." + field;
            if (!TaskMapping.PAIRS.containsKey(field)) {
                in.problem(entry, "is not a task field the bridge syncs; use one of " + String.join(", ", TaskMapping.PAIRS.keySet()));
                return;
            }
            Map<String, Object> spec = in.map(value, entry);
            in.onlyKeys(spec, Set.of("gitlab", "direction"), entry + ".");
            Object gitlab = spec.get("gitlab");
            if (!TaskMapping.PAIRS.get(field).equals(gitlab)) {
                in.problem(entry + ".gitlab", (gitlab == null ? "is missing" : "'" + gitlab + "' cannot hold a task's " + field)
                        + "; a task's " + field + " pairs with the issue's " + TaskMapping.PAIRS.get(field));
            }
            Direction direction = Direction.of(String.valueOf(spec.get("direction")));
            if (direction == null) {
                in.problem(entry + ".direction", (spec.get("direction") == null ? "is missing" : "'" + spec.get("direction") + "' is not a direction")
                        + "; use one of " + Direction.choices());
            } else if (field.equals("completed") && direction == Direction.ON_CREATE) {
                in.problem(entry + ".direction", "on-create makes no sense for completed (a new issue is always open); use both, to-gitlab or to-ghl");
            }
            fields.put(field, direction);
        });
        Map<String, Object> newIssue = in.map(section.get("newIssue"), "tasks.newIssue");
        in.onlyKeys(newIssue, Set.of("labels", "contactBlock"), "tasks.newIssue.");
        List<String> labels = in.strings(newIssue.get("labels"), "tasks.newIssue.labels");
        Template block = in.template(newIssue.get("contactBlock"), "tasks.newIssue.contactBlock", TaskMapping.CONTACT_FIELDS);
        if (!block.isEmpty() && block.fixedFirstLine().isEmpty()) {
            in.problem("tasks.newIssue.contactBlock", "must start with a fixed heading line (no {{...}}), such as '#### HighLevel contact': "
                    + "the bridge finds its block by it and keeps only the text above it for the task");
        }
        Map<String, Object> taskBody = in.map(section.get("taskBody"), "tasks.taskBody");
        in.onlyKeys(taskBody, Set.of("issueUrlLine"), "tasks.taskBody.");
        Template urlLine = in.template(taskBody.get("issueUrlLine"), "tasks.taskBody.issueUrlLine", TaskMapping.ISSUE_LINE_FIELDS);
        if (!urlLine.isEmpty() && (urlLine.labelBefore("url").isEmpty() || !urlLine.isOneLine())) {
            in.problem("tasks.taskBody.issueUrlLine", "must be one line of fixed words followed by {{url}}, such as 'GitLab issue: {{url}}': "
                    + "the bridge finds the line it wrote by those words");
        }
        Map<String, Object> deleted = in.map(section.get("taskDeleted"), "tasks.taskDeleted");
        in.onlyKeys(deleted, Set.of("comment"), "tasks.taskDeleted.");
        Object comment = deleted.get("comment");
        if (comment != null && !(comment instanceof String)) {
            in.problem("tasks.taskDeleted.comment", "must be text");
        }
        return new TaskMapping(fields, labels, block, urlLine, comment == null ? "" : comment.toString().strip());
    }

    /** Reads entries of the parsed file, noting each problem with its file and entry. */
    private record Entries(Path file, List<String> problems) {

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
                if (!known.contains(name)) {
                    problem(entry, "names {{" + name + "}}, which is not known; use " + String.join(", ", known.stream().sorted().toList()));
                }
            }
            return t;
        }
    }
}
