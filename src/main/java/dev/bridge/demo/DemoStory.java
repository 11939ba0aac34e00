package dev.bridge.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintStream;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The nine steps, told as they happen (the fifth in {@link DemoNoteStep}, the sixth in {@link DemoContactStep}, seven to
 * nine in {@link DemoAutomationStep}): what arrives at the bridge, which calls the bridge makes to each stand-in,
 * and what each side holds afterwards. Each step waits (at most {@link #TIMEOUT_SECONDS} s) until the stand-ins
 * hold its result and the bridge is idle again.
 */
final class DemoStory {

    static final int TIMEOUT_SECONDS = 30;
    static final String TASK_1 = "UlRWGLSXh0ji5qbiGu4i";
    static final String TASK_2 = "k3Jq8VZ1pQ7mN2xTbR4s";
    static final String EDITED_TITLE = "Login fails after a password reset (Acme)";

    /** A step did not complete; the message says what was expected and what the stand-ins hold. */
    static final class StepFailed extends Exception {
        StepFailed(String message) {
            super(message, null, false, false);
        }
    }

    private final PrintStream out;
    private final DemoGhl ghl;
    private final DemoGitLab gitlab;
    private final DemoWebhooks webhooks;
    private final CallLog log;
    private final DemoView view;
    private final Narrator n;
    private final DemoNoteStep notes;
    private final DemoContactStep contact;
    private final DemoAutomationStep automation;
    private long issue1;
    private long issue2;

    DemoStory(PrintStream out, DemoGhl ghl, DemoGitLab gitlab, DemoBridge bridge, DemoWebhooks webhooks, CallLog log) {
        this.out = out;
        this.ghl = ghl;
        this.gitlab = gitlab;
        this.webhooks = webhooks;
        this.log = log;
        this.view = new DemoView(out, ghl, gitlab);
        this.n = new Narrator(out, bridge, log);
        DemoStep.Parts parts = new DemoStep.Parts(n, ghl, gitlab, webhooks, view, bridge);
        this.notes = new DemoNoteStep(parts);
        this.contact = new DemoContactStep(parts);
        this.automation = new DemoAutomationStep(parts);
    }

    long issue1() {
        return issue1;
    }

    long issue2() {
        return issue2;
    }

    /** Step 5: the contact's own issue, the HighLevel note that became a comment there, and the note made from a comment. */
    DemoNoteStep notes() {
        return notes;
    }

    /** Step 6: the contact updated on both sides. */
    DemoContactStep contact() {
        return contact;
    }

    /** Steps 7 to 9: a label, a new contact's onboarding, a triggered pipeline. */
    DemoAutomationStep automation() {
        return automation;
    }

    /** The calls the bridge made about webhooks that only echoed its own changes (none, when all is well). */
    List<CallLog.Call> echoCalls() {
        return n.echoCalls();
    }

    void run() throws Exception {
        taskCreated();
        issueEdited();
        issueClosed();
        taskCreatedThenDeleted();
        notes.run(issue1);
        contact.run(List.of(notes.contactIssues().get(0).get("iid").asLong(), issue1));
        automation.run(issue1);
        List<CallLog.Call> refused = log.refused();
        if (!refused.isEmpty()) {
            throw new StepFailed("the stand-ins refused " + refused.size() + " call(s) of the bridge, first: " + refused.get(0));
        }
    }

    private void taskCreated() throws Exception {
        n.heading("Step 1 of 9: a task is created in HighLevel");
        ObjectNode task = ghl.addTask(TASK_1, "Login broken for Acme", "Customer cannot log in since Monday.", dueIn(7, 12));
        n.say("Someone adds the task \"" + task.get("title").asText() + "\" to the contact " + ghl.contactName() + ".");
        int mark = log.mark();
        n.deliver("HighLevel -> bridge  TaskCreate (signed with X-GHL-Signature)", () -> webhooks.ghl("TaskCreate", task, true));
        n.await("the task's body to name its new GitLab issue", () -> linkedIssue(TASK_1) != null, () -> "the task's body is: " + body(TASK_1));
        n.settle(mark);
        issue1 = linkedIssue(TASK_1).get("iid").asLong();
        ObjectNode issue = gitlab.issue(issue1);
        ObjectNode none = issue.deepCopy().putNull("title").putNull("description").putNull("due_date").putNull("updated_at");
        none.putArray("labels");
        n.echo("GitLab -> bridge     Issue Hook (open) about the issue the bridge just made",
                () -> webhooks.issueHook(none, issue, "open", DemoWebhooks.BRIDGE_BOT));
        view.task(TASK_1);
        view.issue(issue1, true);
    }

    private void issueEdited() throws Exception {
        n.heading("Step 2 of 9: the issue is edited in GitLab");
        n.say("Jane renames issue #" + issue1 + " in GitLab to \"" + EDITED_TITLE + "\".");
        ObjectNode before = gitlab.change(issue1, StandIn.object().put("title", EDITED_TITLE));
        int mark = log.mark();
        n.deliver("GitLab -> bridge     Issue Hook (update, title changed)",
                () -> webhooks.issueHook(before, gitlab.issue(issue1), "update", DemoWebhooks.PERSON));
        n.await("the task's title to follow", () -> EDITED_TITLE.equals(ghl.task(TASK_1).get("title").asText()),
                () -> "the task's title is \"" + ghl.task(TASK_1).get("title").asText() + "\"");
        n.settle(mark);
        n.say("(HighLevel sends no event when a task is edited, so nothing comes back.)");
        view.task(TASK_1);
        view.issue(issue1, false);
    }

    private void issueClosed() throws Exception {
        n.heading("Step 3 of 9: the issue is closed in GitLab");
        n.say("Jane closes issue #" + issue1 + ".");
        ObjectNode before = gitlab.change(issue1, StandIn.object().put("state_event", "close"));
        int mark = log.mark();
        n.deliver("GitLab -> bridge     Issue Hook (close)", () -> webhooks.issueHook(before, gitlab.issue(issue1), "close", DemoWebhooks.PERSON));
        n.await("the task to be completed", () -> ghl.task(TASK_1).get("completed").asBoolean(), () -> "the task is still open");
        n.settle(mark);
        n.echo("HighLevel -> bridge  TaskComplete about the completion the bridge just made",
                () -> webhooks.ghl("TaskComplete", ghl.task(TASK_1), true));
        view.task(TASK_1);
        view.issue(issue1, false);
    }

    private void taskCreatedThenDeleted() throws Exception {
        n.heading("Step 4 of 9: a second task is created, then deleted, in HighLevel");
        ObjectNode task = ghl.addTask(TASK_2, "Invoice PDF shows the wrong VAT rate", "The last invoice charges 19 % VAT instead of 7 %.",
                dueIn(14, 9));
        n.say("Someone adds the task \"" + task.get("title").asText() + "\". This TaskCreate carries no contactId,");
        n.say("as HighLevel often sends it: the bridge finds the task through the location's task search.");
        int mark = log.mark();
        n.deliver("HighLevel -> bridge  TaskCreate (no contactId)", () -> webhooks.ghl("TaskCreate", task, false));
        n.await("the task's body to name its new GitLab issue", () -> linkedIssue(TASK_2) != null, () -> "the task's body is: " + body(TASK_2));
        n.settle(mark);
        issue2 = linkedIssue(TASK_2).get("iid").asLong();
        view.task(TASK_2);
        view.issue(issue2, false);

        out.println();
        n.say("Then someone deletes that task in HighLevel.");
        ObjectNode deleted = ghl.deleteTask(TASK_2);
        ObjectNode before = gitlab.issue(issue2);
        mark = log.mark();
        n.deliver("HighLevel -> bridge  TaskDelete", () -> webhooks.ghl("TaskDelete", deleted, true));
        n.await("issue #" + issue2 + " to be commented on and closed",
                () -> gitlab.issue(issue2).get("state").asText().equals("closed") && !gitlab.notes(issue2).isEmpty(),
                () -> "the issue is " + gitlab.issue(issue2).get("state").asText() + " with " + gitlab.notes(issue2).size() + " comment(s)");
        n.settle(mark);
        n.echo("GitLab -> bridge     Issue Hook (close) about the close the bridge just made",
                () -> webhooks.issueHook(before, gitlab.issue(issue2), "close", DemoWebhooks.BRIDGE_BOT));
        view.task(TASK_2);
        view.issue(issue2, false);
    }

    /** A due date as GHL writes it, some days from today at a whole hour (UTC). */
    private static String dueIn(int days, int hour) {
        return LocalDate.now(ZoneOffset.UTC).plusDays(days).atTime(hour, 0).atOffset(ZoneOffset.UTC)
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'"));
    }

    /** The issue whose URL the task's body names, once the bridge has written it there. */
    private JsonNode linkedIssue(String taskId) {
        ObjectNode task = ghl.task(taskId);
        for (long iid = 1; task != null && gitlab.issue(iid) != null; iid++) {
            if (task.get("body").asText().contains(gitlab.issue(iid).get("web_url").asText())) {
                return gitlab.issue(iid);
            }
        }
        return null;
    }

    private String body(String taskId) {
        return "\"" + ghl.task(taskId).get("body").asText().replace("\n", "\\n") + "\"";
    }
}
