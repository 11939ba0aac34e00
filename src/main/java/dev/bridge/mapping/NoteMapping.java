package dev.bridge.mapping;

import java.util.List;
import java.util.Set;

/**
 * A contact's own GitLab issue and the notes on it (flow F4): which contacts get one, its title and labels, and
 * the comment a HighLevel note becomes.
 *
 * @param deletedComment the comment on the contact's issue when the contact is deleted in HighLevel (before it is closed)
 * @param gitlabComment the HighLevel note a person's GitLab comment on a linked issue becomes (flow F5)
 * @param scope {@code linked-tasks} (contacts with a task linked to an issue), {@code tagged} (contacts with
 *              {@code tag}) or {@code all}
 */
public record NoteMapping(String scope, String tag, Template title, List<String> labels, Template comment, Template gitlabComment,
                          String deletedComment) {

    public static final Set<String> SCOPES = Set.of("linked-tasks", "tagged", "all");
    /** What a note comment may name. */
    public static final Set<String> COMMENT_FIELDS = Set.of("author", "date", "body", "title");
    /** What the HighLevel note made from a GitLab comment may name. */
    public static final Set<String> GITLAB_COMMENT_FIELDS = Set.of("author", "username", "date", "body", "url", "issue");

    public String labelList() {
        return labels.isEmpty() ? null : String.join(",", labels);
    }
}
