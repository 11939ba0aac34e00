package dev.bridge.clients;


import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * GitLab pipelines: triggering one with a trigger token ({@code POST /projects/:id/trigger/pipeline}, the token in the
 * JSON body, never in the URL; the only credential of that call), and finding one an earlier attempt triggered (its
 * answer timed out, or the bridge stopped): the project's trigger pipelines on the ref updated since the attempt
 * started, each checked for the variable that names it. The search needs GITLAB_TOKEN (a trigger token cannot read).
 */
public final class GitLabPipelines {

    /** GitLab's clock and the bridge's may differ; a pipeline made since is updated after it was made. */
    private static final Duration MARGIN = Duration.ofMinutes(10);
    /** Oldest first, the attempt's pipeline follows at most the window's margin of others: 10 x 25 a minute fit in 3 pages. */
    private static final int MAX_PAGES = 10;

    private final ApiClient triggers;
    private final ApiClient gitlab;

    /** @param triggers GitLab's REST API without a PRIVATE-TOKEN; {@code gitlab} with GITLAB_TOKEN, to read pipelines */
    public GitLabPipelines(ApiClient triggers, ApiClient gitlab) {
        this.triggers = triggers;
        this.gitlab = gitlab;
    }

    /** Triggers a pipeline of trigger {@code name}; a refusal for good says what it means for a trigger ({@link TriggerRefused}). */
    public Map<String, Object> trigger(String project, String name, String token, String ref, Map<String, String> variables) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("token", token);
        body.put("ref", ref);
        body.put("variables", variables);
        String path = "/projects/" + ApiClient.encode(project) + "/trigger/pipeline";
        try {
            return triggers.post(path, body);
        } catch (ApiRejected r) {
            if (r.answer() != null && TriggerRefused.meaning(name, r.answer().getStatusCode()) != null) {
                throw new TriggerRefused("POST " + path, name, r.answer());
            }
            throw r;
        }
    }

    /**
     * The pipeline (as listed) whose variable {@code name} is {@code value}, or null. Oldest first, page by page
     * (X-Next-Page): the one an attempt made is among the first made since it started, however busy the ref is.
     */
    public Map<String, Object> findTriggered(String project, String ref, Instant startedAt, String name, String value) {
        String since = startedAt.minus(MARGIN).truncatedTo(ChronoUnit.SECONDS).toString();
        String base = "/projects/" + ApiClient.encode(project) + "/pipelines";
        String page = "1";
        for (int read = 0; page != null && read < MAX_PAGES; read++) {
            ApiClient.Answer answer = gitlab.getWithHeader(base + "?source=trigger&ref=" + ApiClient.encode(ref) + "&updated_after="
                    + ApiClient.encode(since) + "&order_by=id&sort=asc&per_page=100&page=" + ApiClient.encode(page), "X-Next-Page");
            if (!(answer.body() instanceof List<?> pipelines)) {
                return null;
            }
            for (Object p : pipelines) {
                if (p instanceof Map<?, ?> pipeline && pipeline.get("id") != null && holds(base + "/" + pipeline.get("id") + "/variables", name, value)) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> found = (Map<String, Object>) pipeline;
                    return found;
                }
            }
            page = answer.header() == null || answer.header().isBlank() ? null : answer.header().trim();
        }
        return null;
    }

    private boolean holds(String path, String name, String value) {
        if (gitlab.getAny(path) instanceof List<?> variables) {
            for (Object v : variables) {
                if (v instanceof Map<?, ?> variable && name.equals(variable.get("key")) && value.equals(variable.get("value"))) {
                    return true;
                }
            }
        }
        return false;
    }
}
