package dev.bridge.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Sends webhooks to the bridge's real endpoints the way HighLevel and GitLab send them: the payloads come from the
 * templates in demo/, filled with what the stand-ins hold; GHL's (task, note and contact events) are signed (X-GHL-Signature), GitLab's carry the
 * secret token (X-Gitlab-Token) and the delivery headers.
 */
final class DemoWebhooks {

    /** A person editing in GitLab; the bridge's own changes are made by the token's user. */
    static final ObjectNode PERSON = StandIn.object().put("id", 7).put("name", "Jane Dev").put("username", "jane")
            .putNull("avatar_url").put("email", "[REDACTED]");
    static final ObjectNode BRIDGE_BOT = StandIn.object().put("id", 18).put("name", "Bridge Bot").put("username", "bridge-bot")
            .putNull("avatar_url").put("email", "[REDACTED]");

    /** The contact fields HighLevel's ContactCreate/ContactUpdate webhooks carry. */
    private static final List<String> CONTACT_EVENT_FIELDS = List.of("locationId", "id", "address1", "city", "companyName", "country",
            "source", "dateAdded", "dateOfBirth", "dnd", "email", "name", "firstName", "lastName", "phone", "postalCode", "state", "tags",
            "website", "attachments", "assignedTo", "customFields");
    private static final DateTimeFormatter HOOK_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    /** The bridge's answer to one delivery. */
    record BridgeAnswer(int status, String body) {
        boolean accepted() {
            return status == 200;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String bridgeUrl;
    private final DemoKeys keys;
    private final String gitlabUrl;

    DemoWebhooks(String bridgeUrl, DemoKeys keys, String gitlabUrl) {
        this.bridgeUrl = bridgeUrl;
        this.keys = keys;
        this.gitlabUrl = gitlabUrl;
    }

    /** A task event (TaskCreate, TaskComplete, TaskDelete) about a task as HighLevel holds it. */
    BridgeAnswer ghl(String type, JsonNode task, boolean withContact) throws IOException, InterruptedException {
        Map<String, Object> v = ghlEvent(type);
        v.put("id", task.get("id").asText());
        v.put("assignedTo", task.get("assignedTo").asText());
        v.put("title", task.get("title").asText());
        v.put("body", withContact ? task.get("body").asText() : Templates.OMIT);
        v.put("contactId", withContact ? task.get("contactId").asText() : Templates.OMIT);
        v.put("dateAdded", task.get("dateAdded").asText());
        v.put("dueDate", task.get("dueDate").asText());
        return ghlSigned(Templates.fill("ghl-task-webhook.json", v));
    }

    /** A note event (NoteCreate, NoteUpdate, NoteDelete) about a note as HighLevel holds it. */
    BridgeAnswer ghlNote(String type, JsonNode note) throws IOException, InterruptedException {
        Map<String, Object> v = ghlEvent(type);
        v.put("id", note.get("id").asText());
        v.put("body", note.get("body").asText());
        v.put("contactId", note.get("contactId").asText());
        v.put("dateAdded", note.get("dateAdded").asText());
        return ghlSigned(Templates.fill("ghl-note-webhook.json", v));
    }

    /** A contact event (ContactCreate, ContactUpdate, ContactTagUpdate) about the contact as HighLevel holds it: the fields of GHL's contact webhook. */
    BridgeAnswer ghlContact(String type, JsonNode contact) throws IOException, InterruptedException {
        ObjectNode payload = StandIn.object().put("type", type);
        for (String field : CONTACT_EVENT_FIELDS) {
            if (contact.has(field)) {
                payload.set(field, contact.get(field).deepCopy());
            }
        }
        payload.put("timestamp", Instant.now().toString()).put("webhookId", UUID.randomUUID().toString());
        return ghlSigned(payload);
    }

    /** What every HighLevel event carries: its type, the location, when it was sent and its id (a new one each time). */
    private static Map<String, Object> ghlEvent(String type) {
        Map<String, Object> v = new HashMap<>();
        v.put("type", type);
        v.put("locationId", DemoGhl.LOCATION_ID);
        v.put("timestamp", Instant.now().toString());
        v.put("webhookId", UUID.randomUUID().toString());
        return v;
    }

    private BridgeAnswer ghlSigned(JsonNode payload) throws IOException, InterruptedException {
        byte[] body = Templates.JSON.writeValueAsBytes(payload);
        return post("/webhooks/ghl", body, Map.of("X-GHL-Signature", keys.ghlSignature(body)));
    }

    /** An Issue Hook: the issue as GitLab holds it now, what changed since {@code before}, and who did it. */
    BridgeAnswer issueHook(JsonNode before, JsonNode issue, String action, ObjectNode user) throws IOException, InterruptedException {
        String projectUrl = gitlabUrl + "/" + DemoGitLab.PROJECT_PATH;
        Map<String, Object> v = new HashMap<>();
        v.put("user", user);
        v.put("projectId", DemoGitLab.PROJECT_ID);
        v.put("projectPath", DemoGitLab.PROJECT_PATH);
        v.put("projectUrl", projectUrl);
        v.put("projectGitUrl", projectUrl + ".git");
        v.put("projectSshUrl", "git@127.0.0.1:" + DemoGitLab.PROJECT_PATH + ".git");
        v.put("id", issue.get("id").asLong());
        v.put("iid", issue.get("iid").asLong());
        v.put("title", issue.get("title").asText());
        v.put("description", issue.get("description").asText());
        v.put("authorId", issue.path("author").path("id").asLong());
        v.put("updatedById", user.get("id").asLong());
        v.put("createdAt", hookTime(issue.get("created_at")));
        v.put("updatedAt", hookTime(issue.get("updated_at")));
        v.put("closedAt", hookTime(issue.get("closed_at")));
        v.put("dueDate", issue.get("due_date").isNull() ? null : issue.get("due_date").asText());
        v.put("stateId", stateId(issue));
        v.put("state", issue.get("state").asText());
        v.put("url", issue.get("web_url").asText());
        v.put("action", action);
        v.put("labels", labels(issue));
        v.put("changes", changes(before, issue));
        return gitlabHook("Issue Hook", Templates.JSON.writeValueAsBytes(Templates.fill("gitlab-issue-hook.json", v)));
    }

    /** A Note Hook: a person's comment on an issue, as GitLab sends it. */
    BridgeAnswer noteHook(JsonNode issue, JsonNode note, ObjectNode user) throws IOException, InterruptedException {
        Map<String, Object> v = new HashMap<>();
        v.put("user", user);
        v.put("projectId", DemoGitLab.PROJECT_ID);
        v.put("projectPath", DemoGitLab.PROJECT_PATH);
        v.put("projectUrl", gitlabUrl + "/" + DemoGitLab.PROJECT_PATH);
        v.put("noteId", note.get("id").asLong());
        v.put("note", note.get("body").asText());
        v.put("authorId", user.get("id").asLong());
        v.put("createdAt", hookTime(note.get("created_at")));
        v.put("issueId", issue.get("id").asLong());
        v.put("iid", issue.get("iid").asLong());
        v.put("title", issue.get("title").asText());
        v.put("description", issue.get("description").asText());
        v.put("state", issue.get("state").asText());
        v.put("issueCreatedAt", hookTime(issue.get("created_at")));
        v.put("issueUpdatedAt", hookTime(issue.get("updated_at")));
        v.put("url", issue.get("web_url").asText());
        v.put("noteUrl", issue.get("web_url").asText() + "#note_" + note.get("id").asLong());
        return gitlabHook("Note Hook", Templates.JSON.writeValueAsBytes(Templates.fill("gitlab-note-hook.json", v)));
    }

    /** A Pipeline Hook: a triggered pipeline as GitLab holds it now, its variables and its jobs, as GitLab sends it. */
    BridgeAnswer pipelineHook(JsonNode pipeline, Map<String, String> variables) throws IOException, InterruptedException {
        String projectUrl = gitlabUrl + "/" + DemoGitLab.PROJECT_PATH;
        String status = pipeline.get("status").asText();
        Map<String, Object> v = new HashMap<>();
        v.put("id", pipeline.get("id").asLong());
        v.put("iid", pipeline.get("iid").asLong());
        v.put("ref", pipeline.get("ref").asText());
        v.put("sha", pipeline.get("sha").asText());
        v.put("status", status);
        v.put("detailedStatus", pipeline.get("detailed_status").get("text").asText());
        v.put("createdAt", hookTime(pipeline.get("created_at")));
        v.put("finishedAt", hookTime(pipeline.get("finished_at")));
        v.put("duration", pipeline.get("duration"));
        v.put("queuedDuration", pipeline.get("queued_duration"));
        ArrayNode vars = Templates.JSON.createArrayNode();
        variables.forEach((key, value) -> vars.addObject().put("key", key).put("value", value));
        v.put("variables", vars);
        v.put("url", pipeline.get("web_url").asText());
        v.put("user", PERSON);
        v.put("projectId", DemoGitLab.PROJECT_ID);
        v.put("projectPath", DemoGitLab.PROJECT_PATH);
        v.put("projectUrl", projectUrl);
        v.put("projectGitUrl", projectUrl + ".git");
        v.put("projectSshUrl", "git@127.0.0.1:" + DemoGitLab.PROJECT_PATH + ".git");
        v.put("commitUrl", projectUrl + "/-/commit/" + pipeline.get("sha").asText());
        ArrayNode builds = Templates.JSON.createArrayNode();
        build(builds.addObject(), 7301, "provision", "provision-customer", status, pipeline);
        build(builds.addObject(), 7302, "verify", "smoke-test", status.equals("failed") ? "skipped" : status, pipeline);
        v.put("builds", builds);
        return gitlabHook("Pipeline Hook", Templates.JSON.writeValueAsBytes(Templates.fill("gitlab-pipeline-hook.json", v)));
    }

    private static void build(ObjectNode job, long id, String stage, String name, String status, JsonNode pipeline) {
        boolean ran = !status.equals("skipped");
        job.put("id", id).put("stage", stage).put("name", name).put("status", status)
                .put("created_at", hookTime(pipeline.get("created_at"))).put("started_at", ran ? hookTime(pipeline.get("started_at")) : null)
                .put("finished_at", ran ? hookTime(pipeline.get("finished_at")) : null).put("duration", ran ? 21.4 : null)
                .put("queued_duration", ran ? 1.2 : null).put("failure_reason", status.equals("failed") ? "script_failure" : null)
                .put("when", "on_success").put("manual", false).put("allow_failure", false);
        job.set("user", PERSON.deepCopy());
        job.putNull("runner");
        job.putObject("artifacts_file").putNull("filename").putNull("size");
        job.putNull("environment");
    }

    /** Posts a hook with the headers GitLab sends: the event, the secret token, a delivery id per attempt. */
    private BridgeAnswer gitlabHook(String event, byte[] body) throws IOException, InterruptedException {
        return post("/webhooks/gitlab", body, Map.of(
                "X-Gitlab-Event", event,
                "X-Gitlab-Token", keys.gitlabSecret(),
                "X-Gitlab-Instance", gitlabUrl,
                "X-Gitlab-Event-UUID", UUID.randomUUID().toString(),
                "X-Gitlab-Webhook-UUID", "5a0b6e43-3f4c-4b8e-9f0e-2f1f5c8d7a11",
                "Idempotency-Key", UUID.randomUUID().toString(),
                "User-Agent", "GitLab/19.1.0"));
    }

    private BridgeAnswer post(String path, byte[] body, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(bridgeUrl + path)).timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new BridgeAnswer(response.statusCode(), response.body());
    }

    /** {"field": {"previous": …, "current": …}} for each field GitLab reports that differs, in hook form. */
    private static ObjectNode changes(JsonNode before, JsonNode after) {
        ObjectNode changes = StandIn.object();
        for (String field : List.of("title", "description", "due_date")) {
            change(changes, field, before.get(field), after.get(field));
        }
        change(changes, "state_id", Templates.JSON.valueToTree(stateId(before)), Templates.JSON.valueToTree(stateId(after)));
        change(changes, "closed_at", Templates.JSON.valueToTree(hookTime(before.get("closed_at"))),
                Templates.JSON.valueToTree(hookTime(after.get("closed_at"))));
        change(changes, "labels", labels(before), labels(after));
        change(changes, "updated_at", Templates.JSON.valueToTree(hookTime(before.get("updated_at"))),
                Templates.JSON.valueToTree(hookTime(after.get("updated_at"))));
        return changes;
    }

    private static void change(ObjectNode changes, String field, JsonNode previous, JsonNode current) {
        if (!String.valueOf(previous).equals(String.valueOf(current))) {
            changes.putObject(field).set("previous", previous);
            ((ObjectNode) changes.get(field)).set("current", current);
        }
    }

    private static int stateId(JsonNode issue) {
        return "closed".equals(issue.get("state").asText()) ? 2 : 1;
    }

    /** Hooks name labels as objects; the API as names. */
    private static ArrayNode labels(JsonNode issue) {
        ArrayNode out = Templates.JSON.createArrayNode();
        int n = 0;
        for (JsonNode name : issue.get("labels")) {
            out.addObject().put("id", 206 + n++).put("title", name.asText()).put("color", "#6699cc")
                    .put("project_id", DemoGitLab.PROJECT_ID).put("created_at", hookTime(issue.get("created_at")))
                    .put("updated_at", hookTime(issue.get("created_at"))).put("template", false).putNull("description")
                    .put("type", "ProjectLabel").putNull("group_id");
        }
        return out;
    }

    /** The API's "2026-12-01T12:00:00Z" as a hook writes it: "2026-12-01 12:00:00 UTC". */
    private static String hookTime(JsonNode apiTime) {
        return apiTime == null || apiTime.isNull() ? null : HOOK_TIME.format(Instant.parse(apiTime.asText()));
    }
}
