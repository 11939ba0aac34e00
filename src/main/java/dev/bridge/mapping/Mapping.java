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

    private static final Set<String> TOP = Set.of("tasks", "contactIssue", "contacts", "tags", "labelRules", "onboarding", "pipelines", "people");
    private static final Set<String> TASK_KEYS = Set.of("fields", "newIssue", "taskBody", "taskDeleted");

    private final TaskMapping tasks;
    private final NoteMapping notes;
    private final ContactMapping contacts;
    private final Automation automation;

    /** The sections of the flows F8-F11 and of people. */
    public record Automation(TagRules tags, LabelRules labelRules, Onboarding onboarding, Pipelines pipelines, People people) {
    }

    private Mapping(TaskMapping tasks, NoteMapping notes, ContactMapping contacts, Automation automation) {
        this.tasks = tasks;
        this.notes = notes;
        this.contacts = contacts;
        this.automation = automation;
    }

    public TagRules tags() {
        return automation.tags();
    }

    public LabelRules labelRules() {
        return automation.labelRules();
    }

    public Onboarding onboarding() {
        return automation.onboarding();
    }

    public Pipelines pipelines() {
        return automation.pipelines();
    }

    public People people() {
        return automation.people();
    }

    /** The contacts section; its fields are empty when the file has none. */
    public ContactMapping contacts() {
        return contacts;
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
        NoteMapping notes = NoteMappingReader.read(in.map(top.get("contactIssue"), "contactIssue"), in);
        ContactMapping contacts = ContactMappingReader.read(top.get("contacts"), in);
        Automation automation = new Automation(TagRules.read(top.get("tags"), in), LabelRules.read(top.get("labelRules"), in),
                Onboarding.read(top.get("onboarding"), in), Pipelines.read(top.get("pipelines"), in), People.read(top.get("people"), in));
        automation.labelRules().checkTriggers(automation.pipelines().triggers(), in);
        return problems.isEmpty() ? new Mapping(tasks, notes, contacts, automation) : null;
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
}
