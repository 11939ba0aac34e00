package dev.bridge.demo;

import dev.bridge.clients.GitLabIssues;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Steps 7 to 9, with the demo mapping's tags, onboarding and pipelines sections on ({@link DemoMapping}): a label added
 * in GitLab becomes a tag on the contact (flow F8); a new contact gets its onboarding tasks once, however often
 * HighLevel sends its ContactCreate, and a task's TaskCreate makes its issue (F9, F1); a tag added in HighLevel
 * triggers a GitLab pipeline (F11) whose failure, and then its pass, become notes on the contact (F10).
 */
final class DemoAutomationStep extends DemoStep {

    static final String LABEL = "customer::vip";
    static final String TAG = "vip";
    static final String TRIGGER_TAG = "provision";
    static final String TRIGGER_CALL = "POST /api/v4/projects/42/trigger/pipeline";

    private List<CallLog.Call> repeatCalls = List.of();
    private String onboardedTask;
    private ObjectNode pipeline;

    DemoAutomationStep(Parts parts) {
        super(parts);
    }

    /** @param taskIssue the issue of the contact's task (step 1), where the label is added */
    void run(long taskIssue) throws Exception {
        labelBecomesTag(taskIssue);
        newContactOnboarded();
        tagTriggersPipeline();
    }

    private void labelBecomesTag(long iid) throws Exception {
        n.heading("Step 7 of 9: a label in GitLab becomes a tag in HighLevel");
        n.say("The demo's mapping pairs the HighLevel tag " + TAG + " with the GitLab label " + LABEL + " (section tags:).");
        n.say(DemoWebhooks.PERSON.get("name").asText() + " adds the label " + LABEL + " to issue #" + iid + ", the issue of "
                + ghl.contactName() + "'s task.");
        ObjectNode before = gitlab.change(iid, StandIn.object().put("add_labels", LABEL));
        int mark = n.log().mark();
        n.deliver("GitLab -> bridge     Issue Hook (update, labels changed)",
                () -> webhooks.issueHook(before, gitlab.issue(iid), "update", DemoWebhooks.PERSON));
        n.await("the contact to carry the tag " + TAG, () -> tags(ghl.contactId()).contains(TAG), () -> "its tags are " + tags(ghl.contactId()));
        n.settle(mark);
        n.echo("HighLevel -> bridge  ContactTagUpdate about the tag the bridge just added",
                () -> webhooks.ghlContact("ContactTagUpdate", ghl.contact()));
        contactLine(ghl.contactId(), false);
        view.issue(iid, false);
    }

    private void newContactOnboarded() throws Exception {
        n.heading("Step 8 of 9: a new contact gets its onboarding tasks");
        ObjectNode contact = ghl.addSecondContact();
        String id = contact.get("id").asText();
        n.say("Someone adds the contact " + contact.get("name").asText() + " in HighLevel. The demo's mapping gives every new contact");
        n.say("two onboarding tasks (section onboarding:), each made once per contact.");
        int mark = n.log().mark();
        n.deliver("HighLevel -> bridge  ContactCreate (signed with X-GHL-Signature)", () -> webhooks.ghlContact("ContactCreate", contact));
        n.await("the contact's two onboarding tasks", () -> tasksOf(id).size() == 2, () -> "it has " + tasksOf(id).size() + " task(s)");
        n.settle(mark);
        n.out().println();
        n.say("HighLevel delivers webhooks at least once: the same ContactCreate comes again, with a new webhookId.");
        mark = n.log().mark();
        n.deliver("HighLevel -> bridge  ContactCreate (again)", () -> webhooks.ghlContact("ContactCreate", contact));
        n.settle(mark);
        repeatCalls = n.log().since(mark);
        n.say(repeatCalls.isEmpty() ? "  the bridge knows the contact is onboarded and makes no call" : "  (calls above; no task is made twice)");
        contactLine(id, true);

        n.out().println();
        ObjectNode task = tasksOf(id).get(0);
        onboardedTask = task.get("id").asText();
        n.say("HighLevel sends TaskCreate for the tasks the bridge made; for the first one, flow F1 makes its GitLab issue:");
        mark = n.log().mark();
        n.deliver("HighLevel -> bridge  TaskCreate \"" + task.get("title").asText() + "\"", () -> webhooks.ghl("TaskCreate", task, true));
        n.await("the task's body to name its new GitLab issue", () -> issueOf(onboardedTask) != null,
                () -> "the task's body is: " + ghl.task(onboardedTask).get("body").asText());
        n.settle(mark);
        ObjectNode issue = issueOf(onboardedTask);
        ObjectNode none = issue.deepCopy().putNull("title").putNull("description").putNull("due_date").putNull("updated_at");
        none.putArray("labels");
        n.echo("GitLab -> bridge     Issue Hook (open) about the issue the bridge just made",
                () -> webhooks.issueHook(none, issue, "open", DemoWebhooks.BRIDGE_BOT));
        view.task(onboardedTask);
        view.issue(issue.get("iid").asLong(), false);
    }

    private void tagTriggersPipeline() throws Exception {
        n.heading("Step 9 of 9: a tag starts a GitLab pipeline, and its result becomes a note");
        n.say("The demo's mapping has a pipeline trigger (section pipelines:): the tag " + TRIGGER_TAG + " starts a pipeline on "
                + DemoPipelines.REF + " in project " + DemoGitLab.PROJECT_ID + ",");
        n.say("with the contact's id and e-mail as variables; its trigger token exists only for this run, like the other secrets.");
        n.say(ghl.userName() + " adds the tag " + TRIGGER_TAG + " to " + ghl.contactName() + " in HighLevel.");
        ObjectNode tagged = ghl.tag(ghl.contactId(), List.of(TRIGGER_TAG), List.of());
        int mark = n.log().mark();
        n.deliver("HighLevel -> bridge  ContactTagUpdate (signed with X-GHL-Signature)", () -> webhooks.ghlContact("ContactTagUpdate", tagged));
        n.await("GitLab to hold the triggered pipeline", () -> !gitlab.pipelines().all().isEmpty(), () -> "it holds none");
        n.settle(mark);
        n.say("(the trigger token travels in the request's body, as GitLab's trigger API takes it; no PRIVATE-TOKEN)");
        contactLine(ghl.contactId(), false);
        long id = gitlab.pipelines().all().get(0).get("id").asLong();
        n.out().println("  GitLab now:      pipeline " + id + " on " + DemoPipelines.REF + ", created, variables "
                + gitlab.pipelines().variables(id));

        n.out().println();
        n.say("The pipeline's job provision-customer fails, and GitLab sends a Pipeline Hook.");
        finished(id, "failed", 1);
        n.out().println();
        n.say(DemoWebhooks.PERSON.get("name").asText() + " fixes the cause and retries the pipeline; this time it passes.");
        finished(id, "success", 2);
        view.contactNotes();
        pipeline = gitlab.pipelines().get(id);
    }

    /** The pipeline ends; its hook reaches the bridge, which writes the {@code notes}-th note about it on the contact. */
    private void finished(long id, String status, int notes) throws Exception {
        ObjectNode done = gitlab.pipelines().finish(id, status);
        Map<String, String> variables = gitlab.pipelines().variables(id);
        n.out().println("  GitLab now:      pipeline " + id + " " + status + " (job provision-customer " + status
                + ", smoke-test " + (status.equals("failed") ? "skipped" : status) + ")");
        int mark = n.log().mark();
        n.deliver("GitLab -> bridge     Pipeline Hook (" + status + ")", () -> webhooks.pipelineHook(done, variables));
        n.await("a note about the pipeline on the contact", () -> pipelineNotes(done).size() == notes,
                () -> "the contact has " + pipelineNotes(done).size() + " note(s) about it");
        n.settle(mark);
        ObjectNode note = pipelineNotes(done).get(notes - 1);
        n.echo("HighLevel -> bridge  NoteCreate about the note the bridge just wrote", () -> webhooks.ghlNote("NoteCreate", note));
    }

    /** The calls the bridge made for the repeated ContactCreate: none. */
    List<CallLog.Call> repeatCalls() {
        return repeatCalls;
    }

    /** The onboarding task whose TaskCreate the story sent. */
    String onboardedTask() {
        return onboardedTask;
    }

    /** The pipeline the tag triggered, as GitLab holds it at the end. */
    ObjectNode pipeline() {
        return pipeline;
    }

    List<ObjectNode> tasksOf(String contactId) {
        return ghl.tasks().stream().filter(t -> contactId.equals(t.path("contactId").asText())).toList();
    }

    /** The contact's notes that name a pipeline by its address. */
    List<ObjectNode> pipelineNotes(ObjectNode pipeline) {
        String url = pipeline.get("web_url").asText();
        return ghl.notes().stream().filter(x -> x.get("body").asText().contains(url)).toList();
    }

    /** The issue whose address the task's body names, once F1 wrote it there. */
    private ObjectNode issueOf(String taskId) {
        ObjectNode task = ghl.task(taskId);
        return task == null ? null : gitlab.issues().stream().filter(i -> task.get("body").asText().contains(i.get("web_url").asText()))
                .findFirst().orElse(null);
    }

    /** The issues that carry the task's hidden marker (F1's): one. */
    List<ObjectNode> issuesOfTask(String taskId) {
        String marker = GitLabIssues.marker("task", taskId);
        return gitlab.issues().stream().filter(i -> i.path("description").asText().contains(marker)).toList();
    }

    private List<String> tags(String contactId) {
        List<String> tags = new ArrayList<>();
        ghl.contact(contactId).path("tags").forEach(t -> tags.add(t.asText()));
        return tags;
    }

    private void contactLine(String contactId, boolean withTasks) {
        ObjectNode c = ghl.contact(contactId);
        List<ObjectNode> tasks = withTasks ? tasksOf(contactId) : List.of();
        n.out().println("  HighLevel now:   contact " + c.get("name").asText() + ", tags " + (tags(contactId).isEmpty() ? "none" : String.join(", ", tags(contactId)))
                + (tasks.isEmpty() ? "" : ", " + tasks.size() + " task(s): "
                + String.join("; ", tasks.stream().map(t -> "\"" + t.get("title").asText() + "\"").toList())));
    }
}
