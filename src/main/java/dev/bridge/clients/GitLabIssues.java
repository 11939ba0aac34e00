package dev.bridge.clients;

import org.apache.camel.Exchange;

import java.util.List;
import java.util.Map;

/**
 * GitLab issues and their comments in one project. Creates are idempotent: the bridge writes a marker
 * into what it creates, and a retried create looks for the marker before it writes again.
 */
public final class GitLabIssues {

    private final ApiClient api;
    private final String project;

    /** @param project numeric id or group/path, as configured; encoded here exactly once */
    public GitLabIssues(ApiClient api, String project) {
        this.api = api;
        this.project = project == null ? null : ApiClient.encode(project);
    }

    public static String marker(String kind, String id) {
        return "<!-- ghl-gitlab-bridge:" + kind + ":" + id + " -->";
    }

    /** Creates the issue unless an earlier attempt already did: then that issue is returned. */
    public Map<String, Object> createOnce(String ghlTaskId, String title, String description, String dueDate, String labels,
                                          Exchange exchange) {
        String marker = marker("task", ghlTaskId);
        if (Retries.isRetry(exchange)) {
            Map<String, Object> existing = findByMarker(ghlTaskId, marker);
            if (existing != null) {
                return existing;
            }
        }
        String body = (description == null ? "" : description) + "\n\n" + marker;
        return api.post("/projects/" + project + "/issues",
                ApiClient.fields("title", title, "description", body, "due_date", blankToNull(dueDate), "labels", blankToNull(labels)));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> findByMarker(String searchTerm, String marker) {
        Object found = api.getAny("/projects/" + project + "/issues?state=all&in=description&per_page=100&search=" + ApiClient.encode(searchTerm));
        if (found instanceof List<?> list) {
            for (Object o : list) {
                Map<String, Object> issue = (Map<String, Object>) o;
                Object desc = issue.get("description");
                if (desc != null && desc.toString().contains(marker)) {
                    return issue;
                }
            }
        }
        return null;
    }

    public Map<String, Object> update(Object projectId, Object iid, String title, String description, String dueDate) {
        return api.put(issuePath(projectId, iid), ApiClient.fields("title", title, "description", description, "due_date", dueDate));
    }

    public Map<String, Object> close(Object projectId, Object iid) {
        return api.put(issuePath(projectId, iid), Map.of("state_event", "close"));
    }

    /** Adds a comment unless an earlier attempt already added it. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> commentOnce(Object projectId, Object iid, String key, String text, Exchange exchange) {
        String marker = marker("comment", key);
        String notes = issuePath(projectId, iid) + "/notes";
        if (Retries.isRetry(exchange)) {
            for (int page = 1; page <= 20; page++) {
                Object found = api.getAny(notes + "?sort=desc&per_page=100&page=" + page);
                if (!(found instanceof List<?> list) || list.isEmpty()) {
                    break;
                }
                for (Object o : list) {
                    Map<String, Object> note = (Map<String, Object>) o;
                    if (String.valueOf(note.get("body")).contains(marker)) {
                        return note;
                    }
                }
            }
        }
        return api.post(notes, Map.of("body", text + "\n\n" + marker));
    }

    private static String issuePath(Object projectId, Object iid) {
        return "/projects/" + ApiClient.encode(String.valueOf(projectId)) + "/issues/" + iid;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
