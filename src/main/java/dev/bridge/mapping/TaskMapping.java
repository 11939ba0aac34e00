package dev.bridge.mapping;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The task ⇄ issue part of the mapping file (flows F1–F3): which fields travel which way, the labels and contact
 * block of a new issue, the issue-URL line written under the task's text, and the comment on a deleted task's issue.
 *
 * @param fields direction by task field ({@code title}, {@code body}, {@code dueDate}, {@code completed},
 *               {@code assignedTo}); a field that is absent is not synced
 */
public record TaskMapping(Map<String, Direction> fields, List<String> labels, Template contactBlock, Template issueUrlLine,
                          String deletedComment) {

    /** Each task field and the one issue field it can pair with. */
    public static final Map<String, String> PAIRS = Map.of("title", "title", "body", "description", "dueDate", "due_date", "completed", "state",
            "assignedTo", "assignee_ids");
    /** What a contact block may name. */
    public static final Set<String> CONTACT_FIELDS = Set.of("name", "firstName", "lastName", "email", "phone", "companyName", "id", "locationId", "url");
    /** What the issue-URL line may name. */
    public static final Set<String> ISSUE_LINE_FIELDS = Set.of("url");

    /** Every mapped field is written when the issue is made, whatever its direction. */
    public boolean onCreate(String taskField) {
        return fields.get(taskField) != null;
    }

    public boolean toGitLab(String taskField) {
        Direction d = fields.get(taskField);
        return d != null && d.toGitLab();
    }

    public boolean toGhl(String taskField) {
        Direction d = fields.get(taskField);
        return d != null && d.toGhl();
    }

    /** The heading that starts the contact block: the issue's text above it is what a person wrote. */
    public String contactHeading() {
        return contactBlock.fixedFirstLine();
    }

    /** The words before the URL on the issue-URL line: the task's text above its last occurrence is a person's. */
    public String issueUrlLabel() {
        return issueUrlLine.labelBefore("url");
    }

    public String labelList() {
        return labels.isEmpty() ? null : String.join(",", labels);
    }
}
