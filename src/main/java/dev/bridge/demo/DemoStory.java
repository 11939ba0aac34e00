package dev.bridge.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintStream;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * The four steps, told as they happen: what arrives at the bridge, which calls the bridge makes to each stand-in,
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
    private final DemoBridge bridge;
    private final DemoWebhooks webhooks;
    private final CallLog log;
    private final DemoView view;
    private String step;
    private long issue1;
    private long issue2;

    DemoStory(PrintStream out, DemoGhl ghl, DemoGitLab gitlab, DemoBridge bridge, DemoWebhooks webhooks, CallLog log) {
        this.out = out;
        this.ghl = ghl;
        this.gitlab = gitlab;
        this.bridge = bridge;
        this.webhooks = webhooks;
        this.log = log;
        this.view = new DemoView(out, ghl, gitlab);
    }

    long issue1() {
        return issue1;
    }

    long issue2() {
        return issue2;
    }

    void run() throws Exception {
        taskCreated();
        issueEdited();
        issueClosed();
        taskCreatedThenDeleted();
        List<CallLog.Call> refused = log.refused();
        if (!refused.isEmpty()) {
            throw new StepFailed("the stand-ins refused " + refused.size() + " call(s) of the bridge, first: " + refused.get(0));
        }
    }

    private void taskCreated() throws Exception {
        heading("Step 1 of 4: a task is created in HighLevel");
        ObjectNode task = ghl.addTask(TASK_1, "Login broken for Acme", "Customer cannot log in since Monday.", dueIn(7, 12));
        say("Someone adds the task \"" + task.get("title").asText() + "\" to the contact " + ghl.contactName() + ".");
        int mark = log.mark();
        deliver("HighLevel -> bridge  TaskCreate (signed with X-GHL-Signature)", () -> webhooks.ghl("TaskCreate", task, true));
        await("the task's body to name its new GitLab issue", () -> linkedIssue(TASK_1) != null, () -> "the task's body is: " + body(TASK_1));
        settle(mark);
        issue1 = linkedIssue(TASK_1).get("iid").asLong();
        ObjectNode issue = gitlab.issue(issue1);
        ObjectNode none = issue.deepCopy().putNull("title").putNull("description").putNull("due_date").putNull("updated_at");
        none.putArray("labels");
        echo("GitLab -> bridge     Issue Hook (open) about the issue the bridge just made",
                () -> webhooks.issueHook(none, issue, "open", DemoWebhooks.BRIDGE_BOT));
        view.task(TASK_1);
        view.issue(issue1, true);
    }

    private void issueEdited() throws Exception {
        heading("Step 2 of 4: the issue is edited in GitLab");
        say("Jane renames issue #" + issue1 + " in GitLab to \"" + EDITED_TITLE + "\".");
        ObjectNode before = gitlab.change(issue1, StandIn.object().put("title", EDITED_TITLE));
        int mark = log.mark();
        deliver("GitLab -> bridge     Issue Hook (update, title changed)",
                () -> webhooks.issueHook(before, gitlab.issue(issue1), "update", DemoWebhooks.PERSON));
        await("the task's title to follow", () -> EDITED_TITLE.equals(ghl.task(TASK_1).get("title").asText()),
                () -> "the task's title is \"" + ghl.task(TASK_1).get("title").asText() + "\"");
        settle(mark);
        say("(HighLevel sends no event when a task is edited, so nothing comes back.)");
        view.task(TASK_1);
        view.issue(issue1, false);
    }

    private void issueClosed() throws Exception {
        heading("Step 3 of 4: the issue is closed in GitLab");
        say("Jane closes issue #" + issue1 + ".");
        ObjectNode before = gitlab.change(issue1, StandIn.object().put("state_event", "close"));
        int mark = log.mark();
        deliver("GitLab -> bridge     Issue Hook (close)", () -> webhooks.issueHook(before, gitlab.issue(issue1), "close", DemoWebhooks.PERSON));
        await("the task to be completed", () -> ghl.task(TASK_1).get("completed").asBoolean(), () -> "the task is still open");
        settle(mark);
        echo("HighLevel -> bridge  TaskComplete about the completion the bridge just made",
                () -> webhooks.ghl("TaskComplete", ghl.task(TASK_1), true));
        view.task(TASK_1);
        view.issue(issue1, false);
    }

    private void taskCreatedThenDeleted() throws Exception {
        heading("Step 4 of 4: a second task is created, then deleted, in HighLevel");
        ObjectNode task = ghl.addTask(TASK_2, "Invoice PDF shows the wrong VAT rate", "The last invoice charges 19 % VAT instead of 7 %.",
                dueIn(14, 9));
        say("Someone adds the task \"" + task.get("title").asText() + "\". This TaskCreate carries no contactId,");
        say("as HighLevel often sends it: the bridge finds the task through the location's task search.");
        int mark = log.mark();
        deliver("HighLevel -> bridge  TaskCreate (no contactId)", () -> webhooks.ghl("TaskCreate", task, false));
        await("the task's body to name its new GitLab issue", () -> linkedIssue(TASK_2) != null, () -> "the task's body is: " + body(TASK_2));
        settle(mark);
        issue2 = linkedIssue(TASK_2).get("iid").asLong();
        view.task(TASK_2);
        view.issue(issue2, false);

        out.println();
        say("Then someone deletes that task in HighLevel.");
        ObjectNode deleted = ghl.deleteTask(TASK_2);
        ObjectNode before = gitlab.issue(issue2);
        mark = log.mark();
        deliver("HighLevel -> bridge  TaskDelete", () -> webhooks.ghl("TaskDelete", deleted, true));
        await("issue #" + issue2 + " to be commented on and closed",
                () -> gitlab.issue(issue2).get("state").asText().equals("closed") && !gitlab.notes(issue2).isEmpty(),
                () -> "the issue is " + gitlab.issue(issue2).get("state").asText() + " with " + gitlab.notes(issue2).size() + " comment(s)");
        settle(mark);
        echo("GitLab -> bridge     Issue Hook (close) about the close the bridge just made",
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

    private void heading(String text) {
        step = text.substring(0, text.indexOf(':'));
        out.println();
        out.println(text);
    }

    private void say(String text) {
        out.println("  " + text);
    }

    private void deliver(String what, Callable<DemoWebhooks.BridgeAnswer> send) throws Exception {
        DemoWebhooks.BridgeAnswer answer = send.call();
        out.println("  " + what + ": answered " + answer.status() + " " + answer.body());
        if (!answer.accepted()) {
            throw new StepFailed(step + ": the bridge did not accept the webhook (" + answer.status() + " " + answer.body() + ")");
        }
    }

    /** A webhook about the bridge's own change, as the real service would send it: the bridge must leave it at that. */
    private void echo(String what, Callable<DemoWebhooks.BridgeAnswer> send) throws Exception {
        int mark = log.mark();
        deliver(what, send);
        await("the bridge to finish with it", bridge::idle, () -> "it is still in the inbox");
        List<CallLog.Call> calls = log.since(mark);
        out.println(calls.isEmpty() ? "    the bridge sees its own change coming back and makes no call" : "    the bridge made these calls:");
        calls.forEach(c -> out.println("    " + c));
    }

    /** Waits until the bridge is idle, prints the calls it made since {@code mark}, and stops on a dead letter. */
    private void settle(int mark) throws Exception {
        await("the bridge to finish the event", bridge::idle, () -> "an event is still in the inbox");
        log.since(mark).forEach(c -> out.println("  " + c));
        List<String> dead = bridge.deadLetters();
        if (!dead.isEmpty()) {
            throw new StepFailed(step + ": the bridge gave up on an event: " + dead.get(0));
        }
    }

    private void await(String what, Callable<Boolean> done, Supplier<String> state) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT_SECONDS * 1_000_000_000L;
        while (!done.call()) {
            List<String> dead = bridge.deadLetters();
            if (!dead.isEmpty()) {
                throw new StepFailed(step + ": the bridge gave up on an event: " + dead.get(0));
            }
            if (System.nanoTime() > deadline) {
                throw new StepFailed(step + " did not complete within " + TIMEOUT_SECONDS + " s: waited for " + what + ", but " + state.get());
            }
            Thread.sleep(50);
        }
    }
}
