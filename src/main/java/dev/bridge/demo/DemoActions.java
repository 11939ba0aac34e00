package dev.bridge.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * With {@code demo --keep-running}: what a person would do in HighLevel's or GitLab's UI, as HTTP requests to the
 * stand-ins under /_demo/. Each action changes the stand-in first, then sends the webhook the real service would
 * send (GHL's signed with the demo's key, which never leaves the process). See {@link #USAGE}.
 */
final class DemoActions {

    static final String USAGE = """
              HighLevel stand-in %1$s
                GET    /_demo/tasks                  the tasks it holds
                POST   /_demo/tasks                  add a task, {"title": "...", "body": "..."}: sends TaskCreate
                POST   /_demo/tasks/<id>/complete    complete it: sends TaskComplete
                DELETE /_demo/tasks/<id>             delete it: sends TaskDelete
                GET    /_demo/contacts/<cid>/notes   the contact's notes (the demo's contact is %3$s; step 8 added %4$s)
                POST   /_demo/contacts/<cid>/notes   write a note, {"body": "..."}: sends NoteCreate
                POST   /_demo/contacts/<cid>/tags    add tags, {"tags": ["provision"]}: sends ContactTagUpdate (DELETE removes)
              GitLab stand-in %2$s
                GET    /_demo/issues                 the issues it holds
                PUT    /_demo/issues/<iid>           change one, {"title": "..."}, {"state_event": "close"} or
                                                     {"add_labels": "customer::vip"}: sends an Issue Hook
                POST   /_demo/issues/<iid>/notes     comment as a person, {"body": "..."}: sends a Note Hook
                GET    /_demo/pipelines              the pipelines the bridge triggered
                POST   /_demo/pipelines/<id>/finish  end one, {"status": "failed"} or "success": sends a Pipeline Hook
              for example: curl -s -X POST %1$s/_demo/tasks -d '{"title": "Call back about the renewal"}'
            """;

    private static final Pattern TASK = Pattern.compile("/_demo/tasks/([A-Za-z0-9]+)(/complete)?");
    private static final Pattern ISSUE = Pattern.compile("/_demo/issues/(\\d+)");
    private static final Pattern NOTES = Pattern.compile("/_demo/issues/(\\d+)/notes");
    private static final Pattern CONTACT_NOTES = Pattern.compile("/_demo/contacts/([A-Za-z0-9]+)/notes");
    private static final Pattern CONTACT_TAGS = Pattern.compile("/_demo/contacts/([A-Za-z0-9]+)/tags");
    private static final Pattern FINISH = Pattern.compile("/_demo/pipelines/(\\d+)/finish");

    private final DemoGhl ghl;
    private final DemoGitLab gitlab;
    private final DemoWebhooks webhooks;
    private final PrintStream out;

    DemoActions(DemoGhl ghl, DemoGitLab gitlab, DemoWebhooks webhooks, PrintStream out) {
        this.ghl = ghl;
        this.gitlab = gitlab;
        this.webhooks = webhooks;
        this.out = out;
    }

    /** Never throws: a bad request is answered 400 with the reason. */
    StandIn.Answer handle(StandIn on, String method, String path, byte[] bytes) {
        try {
            JsonNode body = bytes.length == 0 ? StandIn.object() : Templates.JSON.readTree(bytes);
            StandIn.Answer answer = on == ghl ? highLevel(method, path, body) : gitLab(method, path, body);
            return answer != null ? answer : StandIn.Answer.ok(404, StandIn.object().put("message", "no such demo action; the demo printed the list"));
        } catch (StandIn.Refusal r) {
            return StandIn.Answer.ok(r.status, StandIn.object().put("message", r.getMessage()));
        } catch (Exception e) {
            return StandIn.Answer.ok(400, StandIn.object().put("message", String.valueOf(e.getMessage())));
        }
    }

    private StandIn.Answer highLevel(String method, String path, JsonNode body) throws Exception {
        if (path.equals("/_demo/tasks")) {
            if (method.equals("GET")) {
                return StandIn.Answer.ok(200, StandIn.object().set("tasks", Templates.JSON.valueToTree(ghl.tasks())));
            }
            if (method.equals("POST")) {
                if (body.path("title").asText("").isBlank()) {
                    throw new StandIn.Refusal(400, "a task needs a title: {\"title\": \"...\"}");
                }
                String due = body.path("dueDate").asText(Instant.now().plus(7, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS).toString());
                ObjectNode task = ghl.addTask(DemoKeys.ghlId(), body.get("title").asText(), body.path("body").asText(""), due);
                return sent(task, "TaskCreate", task);
            }
        }
        Matcher t = CONTACT_TAGS.matcher(path);
        if (t.matches() && (method.equals("POST") || method.equals("DELETE"))) {
            List<String> tags = new ArrayList<>();
            body.path("tags").forEach(x -> tags.add(x.asText()));
            if (tags.isEmpty()) {
                throw new StandIn.Refusal(400, "name the tags: {\"tags\": [\"provision\"]}");
            }
            boolean add = method.equals("POST");
            ObjectNode contact = ghl.tag(t.group(1), add ? tags : List.of(), add ? List.of() : tags);
            DemoWebhooks.BridgeAnswer bridge = webhooks.ghlContact("ContactTagUpdate", contact);
            out.println("HighLevel -> bridge  ContactTagUpdate for contact " + t.group(1) + ": answered " + bridge.status() + " " + bridge.body());
            return StandIn.Answer.ok(200, StandIn.object().<ObjectNode>set("contact", contact).set("bridgeAnswered", answer(bridge)));
        }
        Matcher c = CONTACT_NOTES.matcher(path);
        if (c.matches() && !c.group(1).equals(ghl.contactId())) {
            throw new StandIn.Refusal(404, "no contact " + c.group(1) + "; the demo's contact is " + ghl.contactId());
        }
        if (c.matches() && method.equals("GET")) {
            return StandIn.Answer.ok(200, StandIn.object().set("notes", Templates.JSON.valueToTree(ghl.notes())));
        }
        if (c.matches() && method.equals("POST")) {
            if (body.path("body").asText("").isBlank()) {
                throw new StandIn.Refusal(400, "a note needs a body: {\"body\": \"...\"}");
            }
            ObjectNode note = ghl.addNote(c.group(1), body.get("body").asText());
            DemoWebhooks.BridgeAnswer bridge = webhooks.ghlNote("NoteCreate", note);
            out.println("HighLevel -> bridge  NoteCreate for note " + note.get("id").asText() + ": answered " + bridge.status() + " " + bridge.body());
            return StandIn.Answer.ok(200, StandIn.object().<ObjectNode>set("note", note).set("bridgeAnswered", answer(bridge)));
        }
        Matcher m = TASK.matcher(path);
        if (m.matches() && (m.group(2) != null ? method.equals("POST") : method.equals("DELETE"))) {
            ObjectNode task = m.group(2) != null ? ghl.complete(m.group(1)) : ghl.deleteTask(m.group(1));
            if (task == null) {
                throw new StandIn.Refusal(404, "no task " + m.group(1));
            }
            return sent(task, m.group(2) != null ? "TaskComplete" : "TaskDelete", task);
        }
        return null;
    }

    private StandIn.Answer gitLab(String method, String path, JsonNode body) throws Exception {
        if (path.equals("/_demo/issues") && method.equals("GET")) {
            ObjectNode answer = StandIn.object();
            for (ObjectNode issue : gitlab.issues()) {
                issue.set("comments", Templates.JSON.valueToTree(gitlab.notes(issue.get("iid").asLong())));
                answer.withArray("issues").add(issue);
            }
            return StandIn.Answer.ok(200, answer);
        }
        if (path.equals("/_demo/pipelines") && method.equals("GET")) {
            return StandIn.Answer.ok(200, StandIn.object().set("pipelines", Templates.JSON.valueToTree(gitlab.pipelines().all())));
        }
        Matcher f = FINISH.matcher(path);
        if (f.matches() && method.equals("POST")) {
            long id = Long.parseLong(f.group(1));
            ObjectNode pipeline = gitlab.pipelines().finish(id, body.path("status").asText(""));
            DemoWebhooks.BridgeAnswer bridge = webhooks.pipelineHook(pipeline, gitlab.pipelines().variables(id));
            out.println("GitLab -> bridge     Pipeline Hook (" + pipeline.get("status").asText() + ") for pipeline " + id + ": answered "
                    + bridge.status() + " " + bridge.body());
            return StandIn.Answer.ok(200, StandIn.object().<ObjectNode>set("pipeline", pipeline).set("bridgeAnswered", answer(bridge)));
        }
        Matcher n = NOTES.matcher(path);
        if (n.matches() && method.equals("POST")) {
            long iid = Long.parseLong(n.group(1));
            if (body.path("body").asText("").isBlank()) {
                throw new StandIn.Refusal(400, "a comment needs a body: {\"body\": \"...\"}");
            }
            ObjectNode note = gitlab.commentAsPerson(iid, body.get("body").asText(), DemoWebhooks.PERSON);
            DemoWebhooks.BridgeAnswer bridge = webhooks.noteHook(gitlab.issue(iid), note, DemoWebhooks.PERSON);
            out.println("GitLab -> bridge     Note Hook for issue #" + iid + ": answered " + bridge.status() + " " + bridge.body());
            return StandIn.Answer.ok(200, StandIn.object().<ObjectNode>set("note", note).set("bridgeAnswered", answer(bridge)));
        }
        Matcher m = ISSUE.matcher(path);
        if (m.matches() && method.equals("PUT")) {
            long iid = Long.parseLong(m.group(1));
            ObjectNode before = gitlab.change(iid, body);
            String state = body.path("state_event").asText("");
            String action = state.equals("close") ? "close" : state.equals("reopen") ? "reopen" : "update";
            ObjectNode issue = gitlab.issue(iid);
            DemoWebhooks.BridgeAnswer bridge = webhooks.issueHook(before, issue, action, DemoWebhooks.PERSON);
            out.println("GitLab -> bridge     Issue Hook (" + action + ") for issue #" + iid + ": answered " + bridge.status() + " " + bridge.body());
            return StandIn.Answer.ok(200, StandIn.object().<ObjectNode>set("issue", issue).set("bridgeAnswered", answer(bridge)));
        }
        return null;
    }

    private StandIn.Answer sent(JsonNode task, String type, ObjectNode shown) throws Exception {
        DemoWebhooks.BridgeAnswer bridge = webhooks.ghl(type, task, true);
        out.println("HighLevel -> bridge  " + type + " for task " + task.get("id").asText() + ": answered " + bridge.status() + " " + bridge.body());
        return StandIn.Answer.ok(200, StandIn.object().<ObjectNode>set("task", shown).set("bridgeAnswered", answer(bridge)));
    }

    private static ObjectNode answer(DemoWebhooks.BridgeAnswer bridge) {
        ObjectNode a = StandIn.object().put("status", bridge.status());
        try {
            a.set("body", Templates.JSON.readTree(bridge.body()));
        } catch (Exception e) {
            a.put("body", bridge.body());
        }
        return a;
    }
}
