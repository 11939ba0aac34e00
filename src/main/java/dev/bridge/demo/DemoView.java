package dev.bridge.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Prints what each side holds now: a HighLevel task or the contact's notes, a GitLab issue and its comments. */
final class DemoView {

    private static final String INDENT = "                   ";

    private final PrintStream out;
    private final DemoGhl ghl;
    private final DemoGitLab gitlab;

    DemoView(PrintStream out, DemoGhl ghl, DemoGitLab gitlab) {
        this.out = out;
        this.ghl = ghl;
        this.gitlab = gitlab;
    }

    void task(String id) {
        ObjectNode task = ghl.task(id);
        if (task == null) {
            out.println("  HighLevel now:   the task is gone (deleted)");
            return;
        }
        out.println("  HighLevel now:   task \"" + task.get("title").asText() + "\", "
                + (task.get("completed").asBoolean() ? "completed" : "not completed") + ", due " + task.get("dueDate").asText());
        lines("body", task.get("body").asText());
    }

    void contactNotes() {
        List<ObjectNode> notes = ghl.notes();
        out.println("  HighLevel now:   contact " + ghl.contactName() + ", " + (notes.isEmpty() ? "no notes" : notes.size() + " note(s)"));
        for (ObjectNode note : notes) {
            lines("note by " + (DemoGhl.USER_ID.equals(note.path("userId").asText()) ? ghl.userName() : "the bridge"), note.get("body").asText());
        }
    }

    /** @param full also the description (the first time an issue is shown) */
    void issue(long iid, boolean full) {
        ObjectNode issue = gitlab.issue(iid);
        List<String> labels = new ArrayList<>();
        issue.get("labels").forEach(l -> labels.add(l.asText()));
        List<ObjectNode> notes = gitlab.notes(iid);
        out.println("  GitLab now:      issue #" + iid + " \"" + issue.get("title").asText() + "\", " + issue.get("state").asText()
                + ", labels " + (labels.isEmpty() ? "none" : String.join(", ", labels)) + ", due " + text(issue.get("due_date"))
                + ", " + (notes.isEmpty() ? "no comments" : notes.size() + " comment(s)"));
        if (full) {
            lines("description", issue.get("description").asText());
        }
        for (ObjectNode note : notes) {
            lines("comment by " + note.get("author").get("username").asText(), note.get("body").asText());
        }
    }

    private void lines(String label, String text) {
        String first = INDENT + label + ": ";
        boolean head = true;
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            out.println(head ? first + line : " ".repeat(first.length()) + line);
            head = false;
        }
    }

    private static String text(JsonNode value) {
        return value == null || value.isNull() ? "none" : value.asText();
    }
}
