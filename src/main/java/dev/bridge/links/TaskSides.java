package dev.bridge.links;

import dev.bridge.mapping.TaskMapping;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What each side of a task ⇄ issue pair holds, in the link's terms (title, text, due, state or completed, assignee):
 * the text without the bridge's additions (the contact block, the issue-URL line), the due date as a day.
 */
final class TaskSides {

    private final Dates dates;
    private final Supplier<TaskMapping> mapping;
    private final TaskAssignees assignees;

    TaskSides(Dates dates, Supplier<TaskMapping> mapping, TaskAssignees assignees) {
        this.dates = dates;
        this.mapping = mapping;
        this.assignees = assignees;
    }

    Map<String, Object> issue(Map<String, Object> issue) {
        Map<String, Object> v = new LinkedHashMap<>();
        if (issue.containsKey("title")) {
            v.put("title", issue.get("title"));
        }
        if (issue.containsKey("description")) {
            v.put("text", Texts.before(issue.get("description"), mapping.get().contactHeading()));
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
        assignees.issueSide(issue, v);
        return v;
    }

    Map<String, Object> task(Map<String, Object> task, boolean completed) {
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
        assignees.taskSide(task, v);
        return v;
    }

    /** The task's own text: its body without the issue-URL line the bridge put under it. */
    String text(Object body) {
        return Texts.beforeLast(body, mapping.get().issueUrlLabel());
    }

    String body(String text, Map<String, Object> link) {
        TaskMapping m = mapping.get();
        if (m.issueUrlLine().isEmpty()) {
            return text;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("url", link.get("gitlabUrl"));
        return Texts.join("\n\n", text, m.issueUrlLine().render(values));
    }
}
