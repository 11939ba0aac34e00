package dev.bridge.links;

import dev.bridge.inbox.EntityKeys;
import org.apache.camel.Body;
import org.apache.camel.Variable;

import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The task ⇄ issue pair, field by field (flows F1–F3). Each side's fields are kept in the link as the value
 * the bridge last wrote there or took from there: title, text (what a person wrote, without the bridge's
 * additions), due, and state. An incoming value equal to the kept one is an echo or old news; any other
 * changed field is applied to the other side. Flows hand values in as variables; nothing is parsed from text.
 */
public final class TaskSync {

    public static final String KIND = "task";
    private static final DateTimeFormatter GITLAB_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'");

    private final Links links;
    private final Dates dates;
    private final String contactHeading;
    private final String issueUrlLabel;
    private final String appUrl;
    private final String labels;

    public TaskSync(Links links, Dates dates, String contactHeading, String issueUrlLabel, String appUrl, String labels) {
        this.links = links;
        this.dates = dates;
        this.contactHeading = contactHeading;
        this.issueUrlLabel = issueUrlLabel;
        this.appUrl = appUrl;
        this.labels = labels;
    }

    public Map<String, Object> linkOfTask(@Variable("taskId") String taskId) throws SQLException {
        Links.Link link = links.find(KIND, taskId);
        return link == null ? null : link.asMap();
    }

    public Map<String, Object> linkOfIssue(@Variable("issue") Map<String, Object> issue) throws SQLException {
        Links.Link link = links.findByGitLab(KIND, issue.get("project_id") + ":" + issue.get("iid"));
        return link == null ? null : link.asMap();
    }

    /** F1: the new issue's fields: the task's title, text and due day, the configured labels, and a block about the contact. */
    public Map<String, Object> issueFields(@Variable("task") Map<String, Object> task, @Variable("contact") Map<String, Object> contact) {
        String name = Texts.join(" ", contact.get("firstName"), contact.get("lastName"));
        String reach = Texts.join(" · ", contact.get("email"), contact.get("phone"));
        String block = contactHeading + "\n" + Texts.join(" ", name.isEmpty() ? null : "**" + name + "**", reach) + "\n"
                + appUrl + "/v2/location/" + (task.get("locationId") != null ? task.get("locationId") : contact.get("locationId")) + "/contacts/detail/" + task.get("contactId");
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("title", task.get("title"));
        fields.put("description", Texts.join("\n\n", text(task.get("body")), block));
        fields.put("due_date", dates.toDay(task.get("dueDate")));
        fields.put("labels", labels);
        return fields;
    }

    /** F1: links the task to the issue just made (or found), putting the issue's events into the task's sequence. */
    public Map<String, Object> linkIssue(@Variable("task") Map<String, Object> task, @Variable("issue") Map<String, Object> issue) throws SQLException {
        String taskId = String.valueOf(task.get("id"));
        String project = String.valueOf(issue.get("project_id"));
        long iid = Long.parseLong(String.valueOf(issue.get("iid")));
        Links.Link link = new Links.Link(KIND, taskId, Objects.toString(task.get("contactId"), null), project + ":" + iid, project, iid,
                Objects.toString(issue.get("web_url"), null), EntityKeys.ghlTask(taskId), "open", new LinkedHashMap<>(), issueSide(issue));
        return links.create(link, EntityKeys.gitlabIssue(project, iid)).asMap();
    }

    /** F1: the task's body with the issue's URL under the text; only the body is written. */
    public Map<String, Object> taskBody(@Variable("link") Map<String, Object> link, @Variable("task") Map<String, Object> task) {
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("body", body(text(task.get("body")), link));
        return changes;
    }

    /** F1: remembers the task as the bridge left it. */
    public void rememberTask(@Variable("link") Map<String, Object> link, @Variable("task") Map<String, Object> task) throws SQLException {
        links.remember(KIND, (String) link.get("ghlId"), taskSide(task, Boolean.TRUE.equals(task.get("completed"))), Map.of());
    }

    /**
     * F3: what an Issue Hook changed that GHL does not know yet. Out: {@code completed} (true, false, or absent),
     * {@code taskChanges} (title, body, dueDate; a null dueDate clears it), {@code gitlab} and {@code ghl} (values to
     * remember). A hook older than the last one seen changes nothing.
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> fromIssue(@Variable("link") Map<String, Object> link, @Variable("issue") Map<String, Object> issue) {
        Map<String, Object> knownIssue = (Map<String, Object>) link.get("gitlab");
        Map<String, Object> knownTask = (Map<String, Object>) link.get("ghl");
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> taskChanges = new LinkedHashMap<>();
        Map<String, Object> ghlWritten = new LinkedHashMap<>();
        out.put("taskChanges", taskChanges);
        out.put("ghl", ghlWritten);
        Map<String, Object> seen = issueSide(issue);
        out.put("gitlab", seen);
        if (olderThan(issue.get("updated_at"), knownIssue.get("updatedAt"))) {
            out.put("gitlab", Map.of());
            return out;
        }
        if (changed(seen, knownIssue, "state")) {
            boolean completed = "closed".equals(seen.get("state"));
            out.put("completed", completed);
            ghlWritten.put("completed", completed);
        }
        if (changed(seen, knownIssue, "title")) {
            taskChanges.put("title", seen.get("title"));
            ghlWritten.put("title", seen.get("title"));
        }
        if (changed(seen, knownIssue, "text")) {
            taskChanges.put("body", body((String) seen.get("text"), link));
            ghlWritten.put("text", seen.get("text"));
        }
        if (changed(seen, knownIssue, "due")) {
            String due = dates.toInstant(seen.get("due"), knownTask.get("due"));
            taskChanges.put("dueDate", due);
            ghlWritten.put("due", due);
        }
        return out;
    }

    /**
     * F2: what a TaskComplete says that GitLab does not know yet: {@code close}, and {@code issueChanges} for a
     * title or due date edited in GHL (GHL sends no event for edits; a completion carries the task as it is).
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> fromTask(@Variable("link") Map<String, Object> link, @Body Map<String, Object> task) {
        Map<String, Object> knownTask = (Map<String, Object>) link.get("ghl");
        Map<String, Object> knownIssue = (Map<String, Object>) link.get("gitlab");
        Map<String, Object> seen = taskSide(task, true);
        Map<String, Object> issueChanges = new LinkedHashMap<>();
        Map<String, Object> gitlabWritten = new LinkedHashMap<>();
        if (changed(seen, knownTask, "title")) {
            issueChanges.put("title", seen.get("title"));
            gitlabWritten.put("title", seen.get("title"));
        }
        if (changed(seen, knownTask, "due") && !Objects.equals(dates.toDay(seen.get("due")), knownIssue.get("due"))) {
            issueChanges.put("due_date", dates.toDay(seen.get("due")));
            gitlabWritten.put("due", dates.toDay(seen.get("due")));
        }
        boolean close = !"closed".equals(knownIssue.get("state"));
        if (close) {
            gitlabWritten.put("state", "closed");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("issueChanges", issueChanges);
        out.put("close", close);
        out.put("ghl", seen);
        out.put("gitlab", gitlabWritten);
        return out;
    }

    /** Remembers both sides after a sync step ({@code sync} holds {@code ghl} and {@code gitlab} value maps). */
    @SuppressWarnings("unchecked")
    public void remember(@Variable("link") Map<String, Object> link, @Variable("sync") Map<String, Object> sync) throws SQLException {
        links.remember(KIND, (String) link.get("ghlId"), (Map<String, Object>) sync.get("ghl"), (Map<String, Object>) sync.get("gitlab"));
    }

    /** F2 on a delete: later hooks about the issue leave the task alone; the issue is closed on record. */
    public void deleted(@Variable("link") Map<String, Object> link) throws SQLException {
        links.setGhlState(KIND, (String) link.get("ghlId"), "deleted");
    }

    public void closed(@Variable("link") Map<String, Object> link) throws SQLException {
        links.remember(KIND, (String) link.get("ghlId"), Map.of(), Map.of("state", "closed"));
    }

    private Map<String, Object> issueSide(Map<String, Object> issue) {
        Map<String, Object> v = new LinkedHashMap<>();
        if (issue.containsKey("title")) {
            v.put("title", issue.get("title"));
        }
        if (issue.containsKey("description")) {
            v.put("text", Texts.before(issue.get("description"), contactHeading));
        }
        if (issue.containsKey("due_date")) {
            v.put("due", issue.get("due_date"));
        }
        if (issue.containsKey("state")) {
            v.put("state", issue.get("state"));
        }
        if (issue.get("updated_at") != null) {
            v.put("updatedAt", issue.get("updated_at"));
        }
        return v;
    }

    private Map<String, Object> taskSide(Map<String, Object> task, boolean completed) {
        Map<String, Object> v = new LinkedHashMap<>();
        if (task.containsKey("title")) {
            v.put("title", task.get("title"));
        }
        if (task.containsKey("body")) {
            v.put("text", text(task.get("body")));
        }
        if (task.containsKey("dueDate")) {
            v.put("due", dates.canonical(task.get("dueDate")));
        }
        v.put("completed", completed);
        return v;
    }

    /** A field changed when the incoming side has it and it differs from what is kept. */
    private static boolean changed(Map<String, Object> incoming, Map<String, Object> known, String field) {
        return incoming.containsKey(field) && !Objects.equals(incoming.get(field), known.get(field));
    }

    /** The task's own text: its body without the issue-URL line the bridge put under it. */
    private String text(Object body) {
        return Texts.beforeLast(body, issueUrlLabel);
    }

    private String body(String text, Map<String, Object> link) {
        return Texts.join("\n\n", text, issueUrlLabel + " " + link.get("gitlabUrl"));
    }

    /** GitLab writes hook times as "2013-12-03T17:15:43Z" or "2015-05-17 17:06:40 UTC". */
    private static boolean olderThan(Object time, Object known) {
        Instant a = parse(time);
        Instant b = parse(known);
        return a != null && b != null && a.isBefore(b);
    }

    private static Instant parse(Object time) {
        if (time == null) {
            return null;
        }
        String s = time.toString();
        try {
            return s.endsWith(" UTC") ? LocalDateTime.parse(s, GITLAB_TIME).toInstant(java.time.ZoneOffset.UTC) : Instant.parse(s);
        } catch (Exception e) {
            return null;
        }
    }
}
