package dev.bridge.pipelines;

import dev.bridge.clients.ApiClient;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * Looks in GitLab for a pipeline an earlier attempt triggered (its answer timed out, or the bridge stopped): the
 * project's trigger pipelines on the ref updated since the attempt started, each checked for the variable that names
 * the effect. Needs GITLAB_TOKEN (a trigger token cannot read pipelines).
 */
final class TriggeredPipelineSearch {

    /** GitLab's clock and the bridge's may differ; a pipeline made since is updated after it was made. */
    private static final Duration MARGIN = Duration.ofMinutes(10);

    private final ApiClient gitlab;

    TriggeredPipelineSearch(ApiClient gitlab) {
        this.gitlab = gitlab;
    }

    /** The pipeline (as listed) whose variable {@code name} is {@code value}, or null. */
    Map<String, Object> find(String project, String ref, Instant startedAt, String name, String value) {
        String since = startedAt.minus(MARGIN).truncatedTo(ChronoUnit.SECONDS).toString();
        String base = "/projects/" + ApiClient.encode(project) + "/pipelines";
        Object listed = gitlab.getAny(base + "?source=trigger&ref=" + ApiClient.encode(ref) + "&updated_after=" + ApiClient.encode(since)
                + "&per_page=100");
        if (!(listed instanceof List<?> pipelines)) {
            return null;
        }
        for (Object p : pipelines) {
            if (p instanceof Map<?, ?> pipeline && pipeline.get("id") != null && holds(base + "/" + pipeline.get("id") + "/variables", name, value)) {
                @SuppressWarnings("unchecked")
                Map<String, Object> found = (Map<String, Object>) pipeline;
                return found;
            }
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
