package dev.bridge.links;

import dev.bridge.effects.KnownSets;
import dev.bridge.effects.OnceWrites;
import dev.bridge.inbox.EntityKeys;
import dev.bridge.mapping.NoteMapping;
import dev.bridge.mapping.TaskMapping;
import org.apache.camel.Exchange;
import org.apache.camel.Header;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A contact's own GitLab issue, and the HighLevel notes that become its comments (flow F4). Which contacts get one
 * is the mapping's {@code contactIssue.for}; the comment text is its {@code noteComment}. A note link remembers the
 * text the bridge wrote, so an update that changes nothing writes nothing.
 */
public final class NoteSync {

    public static final String CONTACT_ISSUE = "contact-issue";
    public static final String NOTE = "note";

    private final Links links;
    private final Supplier<NoteMapping> notes;
    private final Supplier<TaskMapping> tasks;
    private final String appUrl;

    private final KnownSets writtenSets;

    public NoteSync(Links links, Supplier<NoteMapping> notes, Supplier<TaskMapping> tasks, String appUrl, KnownSets writtenSets) {
        this.writtenSets = writtenSets;
        this.links = links;
        this.notes = notes;
        this.tasks = tasks;
        this.appUrl = appUrl;
    }

    /** One step about a contact's issue (kamelet bridge-contact-issue-action); the body names the contact by contactId. */
    @SuppressWarnings("unchecked")
    public Object contactIssue(@Header("BridgeContactIssueStep") String step, Exchange exchange) throws SQLException {
        Map<String, Object> body = exchange.getMessage().getBody(Map.class);
        Map<String, Object> contact = exchange.getVariable("contact", Map.class);
        return switch (step) {
            case "lookup" -> asMap(links.find(CONTACT_ISSUE, String.valueOf(body.get("contactId"))));
            case "inScope" -> inScope(String.valueOf(body.get("contactId")), contact);
            case "newIssue" -> newIssue(body);
            case "link" -> link(contact, body, exchange.getVariable("issueFields", Map.class));
            case "ofContact" -> asMap(links.find(CONTACT_ISSUE, String.valueOf(body.get("id"))));
            case "deletedComment" -> notes.get().deletedComment();
            case "deleted" -> {
                links.setGhlState(CONTACT_ISSUE, String.valueOf(exchange.getVariable("link", Map.class).get("ghlId")), "deleted");
                yield null;
            }
            default -> throw new IllegalArgumentException("bridge-contact-issue-action has no step '" + step + "'");
        };
    }

    /** One step about a note and its comment (kamelet bridge-note-action); the body is the note or its event. */
    @SuppressWarnings("unchecked")
    public Object note(@Header("BridgeNoteStep") String step, Exchange exchange) throws SQLException {
        Map<String, Object> link = exchange.getVariable("link", Map.class);
        return switch (step) {
            case "lookup" -> asMap(links.find(NOTE, String.valueOf(exchange.getMessage().getBody(Map.class).get("id"))));
            case "comment" -> comment(exchange.getMessage().getBody(Map.class), exchange.getVariable("author", String.class));
            case "changed" -> !Objects.equals(exchange.getMessage().getBody(String.class), ((Map<String, Object>) link.get("ghl")).get("comment"));
            case "link" -> linkNote(exchange.getVariable("note", Map.class), exchange.getVariable("comment", String.class),
                    exchange.getVariable("contactIssue", Map.class), exchange.getMessage().getBody(Map.class));
            case "remember" -> {
                links.remember(NOTE, (String) link.get("ghlId"), Map.of("comment", exchange.getMessage().getBody(String.class)), Map.of());
                yield null;
            }
            case "deleted" -> {
                links.setGhlState(NOTE, (String) link.get("ghlId"), "deleted");
                yield null;
            }
            case "fromGitLab" -> {
                Map<?, ?> note = exchange.getMessage().getBody(Map.class);
                // a GitLab comment's copy (F5), or a note the bridge wrote from a rule or a report
                yield GITLAB_NOTE_URL.matcher(String.valueOf(note.get("body"))).find()
                        || OnceWrites.wroteNote(writtenSets, String.valueOf(note.get("contactId")), note.get("body"));
            }
            default -> throw new IllegalArgumentException("bridge-note-action has no step '" + step + "'");
        };
    }

    /**
     * One step about a person's comment on a linked GitLab issue, the Note Hook in the body (kamelet
     * bridge-gitlab-comment-action): "contact" (the contact the issue belongs to, or null), "link" (the comment's
     * link, or null), "note" (the HighLevel note's text), "changed", "linkNote" (body: the GHL note made), "remember".
     */
    @SuppressWarnings("unchecked")
    public Object gitlabComment(@Header("BridgeCommentStep") String step, Exchange exchange) throws SQLException {
        Map<String, Object> hook = exchange.getMessage().getBody(Map.class);
        Map<String, Object> link = exchange.getVariable("link", Map.class);
        return switch (step) {
            case "contact" -> contactOf((Map<String, Object>) hook.get("issue"));
            case "link" -> asMap(links.findByGitLab(NOTE, commentId(hook)));
            case "note" -> noteText(hook);
            case "changed" -> !Objects.equals(exchange.getMessage().getBody(String.class), ((Map<String, Object>) link.get("ghl")).get("note"));
            case "linkNote" -> linkComment(exchange.getVariable("hook", Map.class), exchange.getVariable("contactId", String.class),
                    exchange.getVariable("noteText", String.class), hook);
            case "remember" -> {
                links.remember(NOTE, (String) link.get("ghlId"), Map.of("note", exchange.getMessage().getBody(String.class)), Map.of());
                yield null;
            }
            default -> throw new IllegalArgumentException("bridge-gitlab-comment-action has no step '" + step + "'");
        };
    }

    /** A GitLab comment's address (…/issues/17#note_1241): a HighLevel note holding one was written by the bridge (F5). */
    private static final java.util.regex.Pattern GITLAB_NOTE_URL = java.util.regex.Pattern.compile("/issues/\\d+#note_\\d+");

    /** The contact of a linked issue: a task issue's contact, or the contact whose own issue it is. */
    private String contactOf(Map<String, Object> issue) throws SQLException {
        String gitlabId = issue.get("project_id") + ":" + issue.get("iid");
        Links.Link task = links.findByGitLab(TaskSync.KIND, gitlabId);
        if (task != null) {
            return task.ghlParentId();
        }
        Links.Link contactIssue = links.findByGitLab(CONTACT_ISSUE, gitlabId);
        return contactIssue == null ? null : contactIssue.ghlId();
    }

    @SuppressWarnings("unchecked")
    private static String commentId(Map<String, Object> hook) {
        Map<String, Object> issue = (Map<String, Object>) hook.get("issue");
        Map<String, Object> comment = (Map<String, Object>) hook.get("object_attributes");
        return issue.get("project_id") + ":" + issue.get("iid") + ":" + comment.get("id");
    }

    @SuppressWarnings("unchecked")
    private String noteText(Map<String, Object> hook) {
        Map<String, Object> user = (Map<String, Object>) hook.getOrDefault("user", Map.of());
        Map<String, Object> comment = (Map<String, Object>) hook.get("object_attributes");
        Map<String, Object> issue = (Map<String, Object>) hook.get("issue");
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("author", user.get("name"));
        values.put("username", user.get("username"));
        values.put("date", comment.get("created_at"));
        values.put("body", comment.get("note"));
        values.put("url", comment.get("url"));
        values.put("issue", issue.get("title"));
        return notes.get().gitlabComment().render(values);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> linkComment(Map<String, Object> hook, String contactId, String text, Map<String, Object> ghlNote) throws SQLException {
        Map<String, Object> issue = (Map<String, Object>) hook.get("issue");
        String project = String.valueOf(issue.get("project_id"));
        long iid = Long.parseLong(String.valueOf(issue.get("iid")));
        Links.Link link = new Links.Link(NOTE, String.valueOf(ghlNote.get("id")), contactId, commentId(hook), project, iid,
                Objects.toString(((Map<String, Object>) hook.get("object_attributes")).get("url"), null), null, "open",
                new LinkedHashMap<>(Map.of("note", text)), new LinkedHashMap<>());
        return links.create(link, null).asMap();
    }

    /** "yes", "no", or "ask-contact" when the answer needs the contact's tags (variable contact is not set yet). */
    private String inScope(String contactId, Map<String, Object> contact) throws SQLException {
        NoteMapping m = notes.get();
        switch (m.scope()) {
            case "all":
                return "yes";
            case "linked-tasks":
                return links.anyWithParent(TaskSync.KIND, contactId) ? "yes" : "no";
            default:
                if (contact == null) {
                    return "ask-contact";
                }
                Object tags = contact.get("tags");
                return tags instanceof List<?> list && list.stream().anyMatch(t -> m.tag().equalsIgnoreCase(String.valueOf(t))) ? "yes" : "no";
        }
    }

    /** The contact's issue: the mapping's title and labels, the contact block as description. */
    private Map<String, Object> newIssue(Map<String, Object> contact) {
        Map<String, Object> values = ContactValues.of(contact, null, null, appUrl);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("title", notes.get().title().render(values));
        fields.put("description", tasks.get().contactBlock().render(values));
        fields.put("labels", notes.get().labelList());
        return fields;
    }

    private Map<String, Object> link(Map<String, Object> contact, Map<String, Object> issue, Map<String, Object> written) throws SQLException {
        String contactId = String.valueOf(contact.get("id"));
        String project = String.valueOf(issue.get("project_id"));
        long iid = Long.parseLong(String.valueOf(issue.get("iid")));
        Links.Link link = new Links.Link(CONTACT_ISSUE, contactId, contactId, project + ":" + iid, project, iid,
                Objects.toString(issue.get("web_url"), null), EntityKeys.ghl("contact", contactId), "open", new LinkedHashMap<>(), new LinkedHashMap<>());
        String block = ContactBlocks.blockIn((written == null ? issue : written).get("description"), tasks.get().contactHeading());
        if (block != null) {
            link.gitlabValues().put("block", block);
        }
        return links.create(link, EntityKeys.gitlabIssue(project, iid)).asMap();
    }

    private String comment(Map<String, Object> note, String author) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("author", author == null ? "A HighLevel user" : author);
        values.put("date", note.get("dateAdded"));
        values.put("body", note.get("body"));
        values.put("title", note.get("title"));
        return notes.get().comment().render(values);
    }

    private Map<String, Object> linkNote(Map<String, Object> note, String comment, Map<String, Object> contactIssue, Map<String, Object> gitlabNote)
            throws SQLException {
        String project = String.valueOf(contactIssue.get("gitlabProject"));
        Long iid = ((Number) contactIssue.get("gitlabIid")).longValue();
        Links.Link link = new Links.Link(NOTE, String.valueOf(note.get("id")), String.valueOf(note.get("contactId")),
                project + ":" + iid + ":" + gitlabNote.get("id"), project, iid, (String) contactIssue.get("gitlabUrl"),
                null, "open", new LinkedHashMap<>(Map.of("comment", comment)), new LinkedHashMap<>());
        return links.create(link, null).asMap();
    }

    private static Map<String, Object> asMap(Links.Link link) {
        return link == null ? null : link.asMap();
    }
}
