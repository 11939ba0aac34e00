package dev.bridge.mapping;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the {@code contactIssue} section of the mapping file (flows F4 and F5). */
final class NoteMappingReader {

    private NoteMappingReader() {
    }

    static NoteMapping read(Map<String, Object> section, Entries in) {
        in.onlyKeys(section, Set.of("for", "tag", "title", "labels", "noteComment", "gitlabComment", "deletedComment"), "contactIssue.");
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
        Object deleted = section.getOrDefault("deletedComment", "This contact was deleted in HighLevel.");
        if (!(deleted instanceof String d) || d.isBlank()) {
            in.problem("contactIssue.deletedComment", "must be a text, such as 'This contact was deleted in HighLevel.'");
        }
        return new NoteMapping(scope, tag == null ? null : tag.toString().strip(), title, labels, comment, gitlabComment,
                deleted == null ? "" : deleted.toString().strip());
    }
}
