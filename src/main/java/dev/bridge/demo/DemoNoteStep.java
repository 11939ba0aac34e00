package dev.bridge.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * Step 5, a note travels both ways: a note written on the contact in HighLevel becomes a comment on the contact's own
 * GitLab issue (made on first need, flow F4), and a person's comment on the task's issue becomes a note on the
 * contact (flow F5); HighLevel's NoteCreate for that note only echoes the bridge's change.
 */
final class DemoNoteStep extends DemoStep {

    static final String HIGHLEVEL_NOTE = "Customer confirmed the workaround works";
    static final String GITLAB_COMMENT = "Fix ships in 2.4.1";

    private String commentUrl;

    DemoNoteStep(Parts parts) {
        super(parts);
    }

    /** @param taskIssue the issue of the contact's task (step 1), where a developer comments */
    void run(long taskIssue) throws Exception {
        n.heading("Step 5 of 9: a note travels both ways");
        ObjectNode note = ghl.addNote(ghl.contactId(), HIGHLEVEL_NOTE);
        n.say(ghl.userName() + " writes a note on the contact " + ghl.contactName() + " in HighLevel: \"" + HIGHLEVEL_NOTE + "\".");
        n.say("The contact has a task linked to an issue (step 1), so its notes go to GitLab, to an issue of the contact's own.");
        int mark = n.log().mark();
        n.deliver("HighLevel -> bridge  NoteCreate (signed with X-GHL-Signature)", () -> webhooks.ghlNote("NoteCreate", note));
        n.await("the contact's issue to hold the note as a comment",
                () -> contactIssues().size() == 1 && !gitlab.notes(contactIssue()).isEmpty(),
                () -> contactIssues().size() + " issue(s) of the contact exist in GitLab");
        n.settle(mark);
        long contactIssue = contactIssue();
        List<ObjectNode> comments = gitlab.notes(contactIssue);
        ObjectNode comment = comments.get(comments.size() - 1);
        n.echo("GitLab -> bridge     Note Hook about the comment the bridge just wrote",
                () -> webhooks.noteHook(gitlab.issue(contactIssue), comment, DemoWebhooks.BRIDGE_BOT));
        view.contactNotes();
        view.issue(contactIssue, true);

        n.out().println();
        n.say(DemoWebhooks.PERSON.get("name").asText() + " comments on issue #" + taskIssue + " in GitLab: \"" + GITLAB_COMMENT + "\".");
        ObjectNode person = gitlab.commentAsPerson(taskIssue, GITLAB_COMMENT, DemoWebhooks.PERSON);
        commentUrl = gitlab.issue(taskIssue).get("web_url").asText() + "#note_" + person.get("id").asLong();
        mark = n.log().mark();
        n.deliver("GitLab -> bridge     Note Hook (a person's comment)",
                () -> webhooks.noteHook(gitlab.issue(taskIssue), person, DemoWebhooks.PERSON));
        n.await("a note on the contact with the comment's address", () -> noteFromComment() != null,
                () -> "the contact has " + ghl.notes().size() + " note(s), none with " + commentUrl);
        n.settle(mark);
        ObjectNode copy = noteFromComment();
        n.echo("HighLevel -> bridge  NoteCreate about the note the bridge just wrote", () -> webhooks.ghlNote("NoteCreate", copy));
        view.contactNotes();
        view.issue(taskIssue, false);
    }

    /** The issues whose description carries the contact's hidden marker: one, once the bridge made it. */
    List<ObjectNode> contactIssues() {
        String marker = dev.bridge.clients.GitLabIssues.marker("contact", ghl.contactId());
        return gitlab.issues().stream().filter(i -> i.path("description").asText().contains(marker)).toList();
    }

    /** The GitLab address of the developer's comment (null before the step ran). */
    String commentUrl() {
        return commentUrl;
    }

    private long contactIssue() {
        return contactIssues().get(0).get("iid").asLong();
    }

    /** The contact's note that names the developer's comment by its address. */
    private ObjectNode noteFromComment() {
        return ghl.notes().stream().filter(x -> x.get("body").asText().contains(commentUrl)).findFirst().orElse(null);
    }
}
