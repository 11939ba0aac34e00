package dev.bridge.poll;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bridge.clients.GitLabIssues;
import dev.bridge.errors.RetryPolicy;
import dev.bridge.links.Links;
import dev.bridge.webhook.GitLabWebhook;
import org.apache.camel.CamelContext;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Issue Hooks that never arrived: the project's issues changed since the cursor (oldest first, to the last page)
 * that belong to the bridge (they carry its task marker or are linked) become the Issue Hook GitLab would have
 * sent, so F3 handles them. F3 compares with what the link holds, so a change the webhook already brought does nothing.
 */
public final class GitLabIssuesPoller extends Poller {

    public static final String NAME = "gitlab-issues";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    /** The issue's fields an Issue Hook carries in object_attributes that F3 reads, under GitLab's names. */
    private static final List<String> HOOK_FIELDS = List.of("id", "iid", "project_id", "title", "description", "state", "due_date",
            "updated_at", "created_at", "closed_at", "web_url");

    private final GitLabIssues issues;
    private final Links links;
    private final int maxPages;

    public GitLabIssuesPoller(CamelContext context, GitLabIssues issues, Links links, PollCursors cursors, Duration overlap, int maxPages,
                              RetryPolicy policy, Clock clock) {
        super(NAME, context, cursors, overlap, policy, clock);
        this.issues = issues;
        this.links = links;
        this.maxPages = maxPages;
    }

    @Override
    protected void run(Instant from) throws Exception {
        String page = "1";
        for (int pages = 0; page != null && pages < maxPages; pages++) {
            GitLabIssues.IssuePage found = issues.updatedSince(DATE.format(from), page);
            List<Event> events = new ArrayList<>();
            Instant newest = null;
            for (Map<String, Object> issue : found.issues()) {
                Object updated = issue.get("updated_at");
                if (updated == null || issue.get("iid") == null) {
                    continue;
                }
                newest = Instant.parse(updated.toString());
                if (ours(issue)) {
                    events.add(event(issue));
                }
            }
            store(events);
            stored(newest);
            page = found.nextPage();
        }
    }

    private boolean ours(Map<String, Object> issue) throws Exception {
        Object description = issue.get("description");
        return description != null && GitLabIssues.taskIdIn(description.toString()) != null
                || links.findByGitLab("task", issue.get("project_id") + ":" + issue.get("iid")) != null;
    }

    private static Event event(Map<String, Object> issue) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (String field : HOOK_FIELDS) {
            if (issue.containsKey(field)) {
                attributes.put(field, issue.get(field));
            }
        }
        attributes.put("action", "update");
        if (issue.get("assignees") instanceof List<?> assignees) {
            // a hook carries assignee ids; the API, the assignees themselves
            attributes.put("assignee_ids", assignees.stream().map(a -> a instanceof Map<?, ?> m ? m.get("id") : null).filter(Objects::nonNull).toList());
        }
        Map<String, Object> hook = new LinkedHashMap<>();
        hook.put("object_kind", "issue");
        hook.put("event_type", "issue");
        hook.put("project", Map.of("id", issue.get("project_id")));
        hook.put("object_attributes", attributes);
        String dedupe = "gitlab:issue:" + issue.get("project_id") + ":" + issue.get("iid") + ":" + issue.get("updated_at");
        JsonNode tree = JSON.valueToTree(hook);
        return new Event("gitlab.issue", dedupe, GitLabWebhook.entityKey("issue", tree, dedupe), GitLabWebhook.orderKey(tree), hook);
    }
}
