package dev.bridge.links;

import dev.bridge.inbox.EntityKeys;
import dev.bridge.mapping.TaskMapping;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Variable;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The task ⇄ issue pair, field by field (flows F1–F3). Each side's fields are kept in the link as the value
 * the bridge last wrote there or took from there: title, text (what a person wrote, without the bridge's
 * additions), due, state, and assignee ({@link TaskAssignees}). An incoming value equal to the kept one is an echo or old news; any other
 * changed field is applied to the other side. Flows hand values in as variables; nothing is parsed from text.
 */
public final class TaskSync {

    public static final String KIND = "task";

    private final Links links;
    private final Dates dates;
    private final Supplier<TaskMapping> mapping;
    private final String appUrl;
    private final TaskAssignees assignees;
    private final TaskSides sides;

    public TaskSync(Links links, Dates dates, Supplier<TaskMapping> mapping, String appUrl) {
        this.links = links;
        this.dates = dates;
        this.mapping = mapping;
        this.appUrl = appUrl;
        this.assignees = new TaskAssignees(mapping);
        this.sides = new TaskSides(dates, mapping, assignees);
    }

    /** Who is who across the two sides, for a mapped assignedTo (bound with the people beans). */
    public void matchAssigneesWith(dev.bridge.clients.Assignees people) {
        assignees.use(people);
    }

    /** The link of the task or issue in the body (kamelet bridge-link-lookup-action); null when there is none. */
    public Map<String, Object> link(@Header("BridgeSide") String side, @Body Map<String, Object> body) throws SQLException {
        return "issue".equals(side) ? linkOfIssue(body) : linkOfTask(body);
    }

    /** One step of the task mapping (kamelet bridge-task-mapping-action): the body is the task or issue it maps. */
    @SuppressWarnings("unchecked")
    public Object map(@Header("BridgeMappingStep") String step, Exchange exchange) {
        Map<String, Object> body = exchange.getMessage().getBody(Map.class);
        Map<String, Object> link = exchange.getVariable("link", Map.class);
        return switch (step) {
            case "newIssue" -> issueFields(body, exchange.getVariable("contact", Map.class));
            case "taskBody" -> taskBody(link, body);
            case "taskToIssue" -> fromTask(link, body, true);
            case "taskEdited" -> fromTask(link, body, Boolean.TRUE.equals(body.get("completed")));
            case "issueToTask" -> fromIssue(link, body);
            case "deletedComment" -> deletedComment();
            default -> throw new IllegalArgumentException("bridge-task-mapping-action has no step '" + step + "'");
        };
    }

    /** Records what a linked pair now holds (kamelet bridge-link-remember-action). */
    @SuppressWarnings("unchecked")
    public void remember(@Header("BridgeRemember") String what, Exchange exchange) throws SQLException {
        Map<String, Object> link = exchange.getVariable("link", Map.class);
        switch (what) {
            case "sync" -> rememberSync(link, exchange.getMessage().getBody(Map.class));
            case "task" -> rememberTask(link, exchange.getMessage().getBody(Map.class));
            case "taskDeleted" -> deleted(link);
            case "issueClosed" -> closed(link);
            default -> throw new IllegalArgumentException("bridge-link-remember-action cannot remember '" + what + "'");
        }
    }

    /** Links the task in variable {@code task} to the issue in the body (kamelet bridge-link-create-action). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> create(@Variable("task") Map<String, Object> task, @Variable("issueFields") Map<String, Object> fields,
                                      @Body Map<String, Object> issue) throws SQLException {
        return linkIssue(task, issue, fields == null ? issue : fields);
    }

    /** The link of a GHL task: the body is the task or its event (its {@code id}). */
    private Map<String, Object> linkOfTask(Map<String, Object> task) throws SQLException {
        Links.Link link = links.find(KIND, String.valueOf(task.get("id")));
        return link == null ? null : link.asMap();
    }

    /** The link of a GitLab issue: the body is the issue ({@code project_id}, {@code iid}). */
    private Map<String, Object> linkOfIssue(Map<String, Object> issue) throws SQLException {
        Links.Link link = links.findByGitLab(KIND, issue.get("project_id") + ":" + issue.get("iid"));
        return link == null ? null : link.asMap();
    }

    /** F1: the new issue's fields from the task (the body) and its contact, as the mapping file says. */
    private Map<String, Object> issueFields(Map<String, Object> task, Map<String, Object> contact) {
        TaskMapping m = mapping.get();
        Map<String, Object> values = ContactValues.of(contact, task.get("locationId"), task.get("contactId"), appUrl);
        Map<String, Object> fields = new LinkedHashMap<>();
        // GitLab needs a title: a new issue takes the task's even when the title is not synced afterwards
        fields.put("title", task.get("title"));
        fields.put("description", Texts.join("\n\n", m.onCreate("body") ? sides.text(task.get("body")) : null, m.contactBlock().render(values)));
        fields.put("due_date", m.onCreate("dueDate") ? dates.toDay(task.get("dueDate")) : null);
        fields.put("labels", m.labelList());
        assignees.newIssue(task, fields);
        return fields;
    }

    /** F1: links the task to the issue just made or found (the body), putting the issue's events into the task's sequence. */
    private Map<String, Object> linkIssue(Map<String, Object> task, Map<String, Object> issue, Map<String, Object> written) throws SQLException {
        String taskId = String.valueOf(task.get("id"));
        String project = String.valueOf(issue.get("project_id"));
        long iid = Long.parseLong(String.valueOf(issue.get("iid")));
        Map<String, Object> gitlab = sides.issue(issue);
        // the contact block as written, so a contact change that leaves it as it is costs no call (ContactBlocks)
        String block = ContactBlocks.blockIn(written.get("description"), mapping.get().contactHeading());
        if (block != null) {
            gitlab.put("block", block);
        }
        assignees.written(written, gitlab);
        Links.Link link = new Links.Link(KIND, taskId, Objects.toString(task.get("contactId"), null), project + ":" + iid, project, iid,
                Objects.toString(issue.get("web_url"), null), EntityKeys.ghlTask(taskId), "open", new LinkedHashMap<>(), gitlab);
        return links.create(link, EntityKeys.gitlabIssue(project, iid)).asMap();
    }

    /** F1: the task's body (the body is the task) with the issue-URL line under its text; empty when the mapping has no such line. */
    private Map<String, Object> taskBody(Map<String, Object> link, Map<String, Object> task) {
        Map<String, Object> changes = new LinkedHashMap<>();
        if (!mapping.get().issueUrlLine().isEmpty()) {
            changes.put("body", sides.body(sides.text(task.get("body")), link));
        }
        return changes;
    }

    /** The comment on the issue of a task deleted in HighLevel. */
    private String deletedComment() {
        return mapping.get().deletedComment();
    }

    /** F1: remembers the task (the body) as the bridge left it. */
    private void rememberTask(Map<String, Object> link, Map<String, Object> task) throws SQLException {
        // a new issue is open: a task completed already has its completion still to travel (its TaskComplete, a poll)
        links.remember(KIND, (String) link.get("ghlId"), sides.task(task, false), Map.of());
    }

    /**
     * F3: what an Issue Hook changed that GHL does not know yet. Out: {@code completed} (true, false, or absent),
     * {@code taskChanges} (title, body, dueDate; a null dueDate clears it), {@code gitlab} and {@code ghl} (values to
     * remember). A hook older than the last one seen changes nothing.
     */
    @SuppressWarnings("unchecked")
    private Map<String, Object> fromIssue(Map<String, Object> link, Map<String, Object> issue) {
        TaskMapping m = mapping.get();
        Map<String, Object> knownIssue = (Map<String, Object>) link.get("gitlab");
        Map<String, Object> knownTask = (Map<String, Object>) link.get("ghl");
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> taskChanges = new LinkedHashMap<>();
        Map<String, Object> ghlWritten = new LinkedHashMap<>();
        out.put("taskChanges", taskChanges);
        out.put("ghl", ghlWritten);
        Map<String, Object> seen = sides.issue(issue);
        out.put("gitlab", seen);
        if (Dates.olderThan(issue.get("updated_at"), knownIssue.get("updatedAt"))) {
            out.put("gitlab", Map.of());
            return out;
        }
        if (m.toGhl("completed") && changed(seen, knownIssue, "state")) {
            boolean completed = "closed".equals(seen.get("state"));
            out.put("completed", completed);
            ghlWritten.put("completed", completed);
        }
        if (m.toGhl("title") && changed(seen, knownIssue, "title")) {
            taskChanges.put("title", seen.get("title"));
            ghlWritten.put("title", seen.get("title"));
        }
        if (m.toGhl("body") && changed(seen, knownIssue, "text")) {
            taskChanges.put("body", sides.body((String) seen.get("text"), link));
            ghlWritten.put("text", seen.get("text"));
        }
        if (m.toGhl("dueDate") && changed(seen, knownIssue, "due")) {
            String due = dates.toInstant(seen.get("due"), knownTask.get("due"));
            taskChanges.put("dueDate", due);
            ghlWritten.put("due", due);
        }
        assignees.fromIssue(seen, knownIssue, knownTask, taskChanges, ghlWritten);
        return out;
    }

    /**
     * F2: what a TaskComplete says that GitLab does not know yet: {@code close}, and {@code issueChanges} for a
     * title or due date edited in GHL (GHL sends no event for edits; a completion carries the task as it is).
     */
    @SuppressWarnings("unchecked")
    private Map<String, Object> fromTask(Map<String, Object> link, Map<String, Object> task, boolean completed) {
        TaskMapping m = mapping.get();
        Map<String, Object> knownTask = (Map<String, Object>) link.get("ghl");
        Map<String, Object> knownIssue = (Map<String, Object>) link.get("gitlab");
        Map<String, Object> seen = sides.task(task, completed);
        Map<String, Object> issueChanges = new LinkedHashMap<>();
        Map<String, Object> gitlabWritten = new LinkedHashMap<>();
        if (m.toGitLab("title") && changed(seen, knownTask, "title")) {
            issueChanges.put("title", seen.get("title"));
            gitlabWritten.put("title", seen.get("title"));
        }
        if (m.toGitLab("dueDate") && changed(seen, knownTask, "due") && !Objects.equals(dates.toDay(seen.get("due")), knownIssue.get("due"))) {
            issueChanges.put("due_date", dates.toDay(seen.get("due")));
            gitlabWritten.put("due", dates.toDay(seen.get("due")));
        }
        boolean closed = "closed".equals(knownIssue.get("state"));
        // a completion is news only when the task was not completed on record: the echo of a completion the bridge
        // wrote itself (F3, a label rule that keeps the issue open) closes nothing
        boolean close = m.toGitLab("completed") && completed && !closed && changed(seen, knownTask, "completed");
        // a task found not completed (by the tasks poller) whose issue is closed on record was reopened in HighLevel
        boolean reopen = m.toGitLab("completed") && !completed && closed && Boolean.TRUE.equals(knownTask.get("completed"));
        if (close || reopen) {
            gitlabWritten.put("state", close ? "closed" : "opened");
        }
        assignees.fromTask(seen, knownTask, knownIssue, issueChanges, gitlabWritten);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("issueChanges", issueChanges);
        out.put("close", close);
        out.put("reopen", reopen);
        out.put("ghl", seen);
        out.put("gitlab", gitlabWritten);
        return out;
    }

    /** Remembers both sides after a sync step ({@code sync} holds {@code ghl} and {@code gitlab} value maps). */
    @SuppressWarnings("unchecked")
    private void rememberSync(Map<String, Object> link, Map<String, Object> sync) throws SQLException {
        links.remember(KIND, (String) link.get("ghlId"), (Map<String, Object>) sync.get("ghl"), (Map<String, Object>) sync.get("gitlab"));
    }

    /** F2 on a delete: later hooks about the issue leave the task alone; the issue is closed on record. */
    private void deleted(Map<String, Object> link) throws SQLException {
        links.setGhlState(KIND, (String) link.get("ghlId"), "deleted");
    }

    private void closed(Map<String, Object> link) throws SQLException {
        links.remember(KIND, (String) link.get("ghlId"), Map.of(), Map.of("state", "closed"));
    }

    /** A field changed when the incoming side has it and it differs from what is kept. */
    private static boolean changed(Map<String, Object> incoming, Map<String, Object> known, String field) {
        return incoming.containsKey(field) && !Objects.equals(incoming.get(field), known.get(field));
    }

}
