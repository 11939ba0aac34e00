package dev.bridge.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bridge.clients.GitLabIssues;
import dev.bridge.inbox.Delivery;
import dev.bridge.inbox.EntityKeys;
import dev.bridge.inbox.InboxWriter;
import dev.bridge.metrics.BridgeMetrics;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** POST /webhooks/gitlab: GitLab hooks, deduplicated on webhook-id / Idempotency-Key / X-Gitlab-Event-UUID. */
public final class GitLabWebhook extends WebhookEndpoint {

    private final GitLabSignatures signatures;

    public GitLabWebhook(GitLabSignatures signatures, InboxWriter inbox, long maxBodyBytes, long acceptTimeoutMillis,
                         BridgeMetrics metrics) {
        super("gitlab", inbox, maxBodyBytes, acceptTimeoutMillis, metrics);
        this.signatures = signatures;
    }

    @Override
    protected void verify(Map<String, Object> headers, byte[] body) throws Rejection {
        signatures.verify(headers, body);
    }

    @Override
    protected Delivery read(Map<String, Object> headers, byte[] body, JsonNode json) throws Rejection {
        String kind = string(json, "object_kind");
        if (kind == null) {
            String header = Headers.value(headers, "X-Gitlab-Event");
            if (header != null) {
                kind = header.toLowerCase().replace(" hook", "").trim().replace(' ', '_');
            }
        }
        if (kind == null) {
            throw new Rejection(400, "no event type: neither object_kind nor X-Gitlab-Event is present");
        }
        String deliveryId = Headers.value(headers, "webhook-id");
        if (deliveryId == null) {
            deliveryId = Headers.value(headers, "Idempotency-Key");
        }
        if (deliveryId == null) {
            String uuid = Headers.value(headers, "X-Gitlab-Event-UUID");
            String hook = Headers.value(headers, "X-Gitlab-Webhook-UUID");
            deliveryId = uuid == null ? "sha256:" + sha256(body) : uuid + ":" + kind + (hook == null ? "" : ":" + hook);
        }
        return new Delivery(source(), bounded(deliveryId, 200), "gitlab." + bounded(kind, 90), entityKey(kind, json, deliveryId),
                taskPair(json), new String(body, StandardCharsets.UTF_8));
    }

    /** The entity a hook of {@code kind} is about, as its delivery is stored; pollers that make hooks store theirs the same way. */
    public static String entityKey(String kind, JsonNode hook, String deliveryId) {
        return bounded(entity(kind, hook, deliveryId), 300);
    }

    /** The synced pair a hook belongs to when its issue carries the bridge's task marker, else null. */
    public static String orderKey(JsonNode hook) {
        return taskPair(hook);
    }

    /**
     * An issue the bridge made for a GHL task carries its marker; its hooks (and those of its comments) then run
     * in the task's sequence from the first one, even before the link is stored.
     */
    private static String taskPair(JsonNode json) {
        String description = text(json.path("object_attributes"), "description");
        if (description == null || !"issue".equals(text(json, "object_kind"))) {
            description = text(json.path("issue"), "description");
        }
        if (description == null) {
            return null;
        }
        String taskId = GitLabIssues.taskIdIn(description);
        return taskId == null ? null : bounded(EntityKeys.ghlTask(taskId), 300);
    }

    /** Events about one issue (its hooks and its comments), one merge request or one ref's pipelines share one entity, so they run in order. */
    private static String entity(String kind, JsonNode json, String deliveryId) {
        JsonNode attrs = json.path("object_attributes");
        String project = text(attrs, "project_id") != null ? text(attrs, "project_id") : text(json.path("project"), "id");
        if (("issue".equals(kind) || "work_item".equals(kind)) && text(attrs, "iid") != null) {
            return EntityKeys.gitlabIssue(project, text(attrs, "iid"));
        }
        if ("note".equals(kind) && text(json.path("issue"), "iid") != null) {
            return EntityKeys.gitlabIssue(project, text(json.path("issue"), "iid"));
        }
        if ("merge_request".equals(kind) && text(attrs, "iid") != null) {
            return EntityKeys.gitlab("merge_request", project, text(attrs, "iid"));
        }
        if ("pipeline".equals(kind) && text(attrs, "ref") != null) {
            // the pipelines of one ref run one after another, so F10 sees a failure before the pass that fixes it
            return EntityKeys.gitlab("pipeline", project, text(attrs, "ref"));
        }
        String id = text(attrs, "id");
        return "gitlab:" + kind + ":" + (id != null ? id : deliveryId);
    }
}
