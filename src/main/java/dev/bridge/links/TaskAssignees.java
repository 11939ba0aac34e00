package dev.bridge.links;

import dev.bridge.clients.Assignees;
import dev.bridge.mapping.TaskMapping;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The task's {@code assignedTo} and its issue's assignee, as a mapped field of {@link TaskSync}. Each side's value is
 * kept in the link under {@code assignee} (a HighLevel user id; a GitLab user id as text): a value equal to the kept
 * one is an echo or old news. An issue with several assignees counts by its first; the bridge writes one.
 */
final class TaskAssignees {

    static final String FIELD = "assignedTo";
    private static final String KEPT = "assignee";

    private final Supplier<TaskMapping> mapping;
    private volatile Assignees people;

    TaskAssignees(Supplier<TaskMapping> mapping) {
        this.mapping = mapping;
    }

    void use(Assignees assignees) {
        this.people = assignees;
    }

    private boolean mapped() {
        return mapping.get().onCreate(FIELD);
    }

    private Assignees people() {
        if (people == null) {
            throw new IllegalStateException("the mapping maps assignedTo but no assignee matching is bound");
        }
        return people;
    }

    /** F1: the new issue's assignee, when the task's user matches a GitLab user. */
    void newIssue(Map<String, Object> task, Map<String, Object> fields) {
        if (mapped() && task.get(FIELD) != null && !task.get(FIELD).toString().isBlank()) {
            Assignees.Outcome o = people().gitlabFor(task.get(FIELD).toString());
            if (o.apply() && o.value() != null) {
                fields.put("assignee_ids", List.of(Long.parseLong(o.value())));
            }
        }
    }

    /** F1: the issue's side as the bridge wrote it (the answer may not show assignees a GitLab tier ignores). */
    void written(Map<String, Object> fields, Map<String, Object> gitlab) {
        if (fields.get("assignee_ids") instanceof List<?> ids && !ids.isEmpty()) {
            gitlab.put(KEPT, ids.get(0).toString());
        }
    }

    /** The issue's assignee as an Issue Hook ({@code assignee_ids}) or the API ({@code assignees}) has it. */
    void issueSide(Map<String, Object> issue, Map<String, Object> side) {
        if (!mapped()) {
            return;
        }
        if (issue.get("assignee_ids") instanceof List<?> ids) {
            side.put(KEPT, ids.isEmpty() ? null : ids.get(0).toString());
        } else if (issue.get("assignees") instanceof List<?> users) {
            Object first = users.isEmpty() ? null : ((Map<?, ?>) users.get(0)).get("id");
            side.put(KEPT, first == null ? null : first.toString());
        }
    }

    void taskSide(Map<String, Object> task, Map<String, Object> side) {
        if (mapped() && task.containsKey(FIELD)) {
            Object user = task.get(FIELD);
            side.put(KEPT, user == null || user.toString().isBlank() ? null : user.toString());
        }
    }

    /** F2: a task reassigned in HighLevel reassigns the issue (unassigned: nobody on the issue). */
    void fromTask(Map<String, Object> seen, Map<String, Object> knownTask, Map<String, Object> knownIssue,
                  Map<String, Object> issueChanges, Map<String, Object> gitlabWritten) {
        if (!mapping.get().toGitLab(FIELD) || !changed(seen, knownTask)) {
            return;
        }
        Assignees.Outcome o = people().gitlabFor((String) seen.get(KEPT));
        if (o.apply() && !Objects.equals(o.value(), knownIssue.get(KEPT))) {
            issueChanges.put("assignee_ids", o.value() == null ? List.of() : List.of(Long.parseLong(o.value())));
            gitlabWritten.put(KEPT, o.value());
        }
    }

    /** F3: an issue reassigned in GitLab reassigns the task; an issue left with nobody leaves the task as it is. */
    void fromIssue(Map<String, Object> seen, Map<String, Object> knownIssue, Map<String, Object> knownTask,
                   Map<String, Object> taskChanges, Map<String, Object> ghlWritten) {
        if (!mapping.get().toGhl(FIELD) || !changed(seen, knownIssue)) {
            return;
        }
        Assignees.Outcome o = people().ghlFor((String) seen.get(KEPT));
        if (o.apply() && o.value() != null && !Objects.equals(o.value(), knownTask.get(KEPT))) {
            taskChanges.put(FIELD, o.value());
            ghlWritten.put(KEPT, o.value());
        }
    }

    private static boolean changed(Map<String, Object> incoming, Map<String, Object> known) {
        return incoming.containsKey(KEPT) && !Objects.equals(incoming.get(KEPT), known.get(KEPT));
    }
}
