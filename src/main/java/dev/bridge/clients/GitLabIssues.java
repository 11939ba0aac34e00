package dev.bridge.clients;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Variable;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GitLab issues and their comments in one project. Creates are one-time: the bridge writes a marker into
 * what it creates, and an attempt that may follow an earlier one (a redelivery, a retry from the inbox, a
 * replayed dead letter, a run after a crash) looks for the marker before it writes again.
 */
public final class GitLabIssues {

    /** Header that names the GHL task an issue is created for (its marker makes the create one-time). */
    public static final String FOR_TASK = "BridgeForTask";
    /** Header that names the GHL contact an issue is created for. */
    public static final String FOR_CONTACT = "BridgeForContact";
    /** Header that names a comment within its issue (its marker makes the comment one-time). */
    public static final String COMMENT_KEY = "BridgeCommentKey";

    private final ApiClient api;
    private final String project;

    /** @param project numeric id or group/path, as configured; encoded here exactly once */
    public GitLabIssues(ApiClient api, String project) {
        this.api = api;
        this.project = project == null ? null : ApiClient.encode(project);
    }

    /** How every hidden marker of the bridge begins. */
    public static final String MARKER_START = "<!-- ghl-gitlab-bridge:";
    private static final java.util.regex.Pattern TASK_MARKER = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(MARKER_START)
            + "task:([^ <>]{1,200}) -->");

    /** The hidden marker the bridge writes into what it creates, so a later attempt can find it. */
    public static String marker(String kind, String id) {
        return MARKER_START + kind + ":" + id + " -->";
    }

    /** A text (a description, a comment) followed by the marker that names it. */
    public static String withMarker(Object text, String kind, String id) {
        return (text == null ? "" : text) + "\n\n" + marker(kind, id);
    }

    /** The GHL task whose marker a text (an issue description) carries, or null. */
    public static String taskIdIn(String text) {
        java.util.regex.Matcher m = TASK_MARKER.matcher(text);
        return m.find() ? m.group(1) : null;
    }

    /**
     * Creates the issue for a GHL task unless an earlier attempt already did: then that issue is returned.
     *
     * @param fields title, description, due_date, labels (null values are left out)
     */
    public Map<String, Object> createOnce(@Header(FOR_TASK) String ghlTaskId, @Body Map<String, Object> fields, Exchange exchange) {
        return createOnce("task", ghlTaskId, fields, exchange);
    }

    /** Creates the issue of a GHL contact (its notes' home) unless an earlier attempt already did. */
    public Map<String, Object> createForContactOnce(@Header(FOR_CONTACT) String ghlContactId, @Body Map<String, Object> fields, Exchange exchange) {
        return createOnce("contact", ghlContactId, fields, exchange);
    }

    private Map<String, Object> createOnce(String kind, String ghlId, Map<String, Object> fields, Exchange exchange) {
        String marker = marker(kind, ghlId);
        if (Retries.mayHaveRunBefore(exchange)) {
            Map<String, Object> existing = findByMarker(ghlId, marker);
            if (existing != null) {
                return existing;
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        fields.forEach((k, v) -> {
            if (v != null && !v.toString().isBlank()) {
                body.put(k, v);
            }
        });
        Object description = fields.get("description");
        body.put("description", withMarker(description, kind, ghlId));
        return api.post("/projects/" + project + "/issues", body);
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

    /** Writes the given fields of a linked issue; a null value clears the field (a due date removed in GHL). */
    public Map<String, Object> update(@Variable("link") Map<String, Object> link, @Body Map<String, Object> fields) {
        return api.put(issuePath(link), fields);
    }

    /**
     * Adds and removes labels on issue {@code iid} of {@code project} in one PUT ({@code add_labels}, {@code remove_labels};
     * GitLab makes a missing project label). False when the issue is gone (404).
     */
    public boolean changeLabels(Object project, Object iid, List<String> add, List<String> remove) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (!add.isEmpty()) {
            body.put("add_labels", String.join(",", add));
        }
        if (!remove.isEmpty()) {
            body.put("remove_labels", String.join(",", remove));
        }
        try {
            api.put("/projects/" + ApiClient.encode(String.valueOf(project)) + "/issues/" + iid, body);
            return true;
        } catch (ApiRejected refused) {
            if (refused.answer() != null && refused.answer().getStatusCode() == 404) {
                return false;
            }
            throw refused;
        }
    }

    /** The linked issue as GitLab holds it now, or null when it is gone (404). */
    public Map<String, Object> get(Map<String, Object> link) {
        try {
            return api.get(issuePath(link));
        } catch (ApiRejected refused) {
            if (refused.answer() != null && refused.answer().getStatusCode() == 404) {
                return null;
            }
            throw refused;
        }
    }

    public Map<String, Object> close(@Variable("link") Map<String, Object> link) {
        return api.put(issuePath(link), Map.of("state_event", "close"));
    }

    public Map<String, Object> reopen(@Variable("link") Map<String, Object> link) {
        return api.put(issuePath(link), Map.of("state_event", "reopen"));
    }

    /** Adds a comment unless an earlier attempt already added it; {@code key} names it within the issue. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> commentOnce(@Variable("link") Map<String, Object> link, @Header(COMMENT_KEY) String key,
                                           @Body String text, Exchange exchange) {
        String marker = marker("comment", key);
        String notes = issuePath(link) + "/notes";
        if (Retries.mayHaveRunBefore(exchange)) {
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
        return api.post(notes, Map.of("body", withMarker(text, "comment", key)));
    }

    /** Rewrites a linked comment (variable {@code link}: a note link), keeping the marker that names it. */
    public Map<String, Object> updateComment(@Variable("link") Map<String, Object> link, @Header(COMMENT_KEY) String key, @Body String text) {
        return api.put(commentPath(link), Map.of("body", withMarker(text, "comment", key)));
    }

    /** Deletes a linked comment; one already gone (404) counts as deleted. */
    public Map<String, Object> deleteComment(@Variable("link") Map<String, Object> link) {
        try {
            api.call("DELETE", commentPath(link), null);
        } catch (ApiRejected refused) {
            if (refused.answer().getStatusCode() != 404) {
                throw refused;
            }
        }
        return Map.of();
    }

    /** A note link's GitLab id is project:iid:noteId. */
    private static String commentPath(Map<String, Object> link) {
        String gitlabId = String.valueOf(link.get("gitlabId"));
        return issuePath(link) + "/notes/" + gitlabId.substring(gitlabId.lastIndexOf(':') + 1);
    }

    /** One page of the project's issues changed at or after {@code from}, oldest change first. */
    public record IssuePage(List<Map<String, Object>> issues, String nextPage) {
    }

    /** Page {@code page} of the issues updated at or after {@code from} (ISO-8601); the next page from X-Next-Page. */
    @SuppressWarnings("unchecked")
    public IssuePage updatedSince(String from, String page) {
        if (project == null) {
            throw new dev.bridge.config.MissingSetting("GITLAB_PROJECT is not set");
        }
        ApiClient.Answer answer = api.getWithHeader("/projects/" + project + "/issues?state=all&updated_after=" + ApiClient.encode(from)
                + "&order_by=updated_at&sort=asc&per_page=100&page=" + ApiClient.encode(page), "X-Next-Page");
        if (!(answer.body() instanceof List<?> list)) {
            throw new ApiClient.ApiCallFailed("GET /projects/" + project + "/issues answered without a list of issues", null);
        }
        String next = answer.header() == null || answer.header().isBlank() ? null : answer.header().trim();
        return new IssuePage((List<Map<String, Object>>) list, next);
    }

    private static String issuePath(Map<String, Object> link) {
        return "/projects/" + ApiClient.encode(String.valueOf(link.get("gitlabProject"))) + "/issues/" + link.get("gitlabIid");
    }
}
