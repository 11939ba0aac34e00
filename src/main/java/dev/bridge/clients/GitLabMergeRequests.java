package dev.bridge.clients;

import java.util.List;
import java.util.Map;

/** GitLab merge requests (REST v4): one merge request, and the issues it closes when merged. */
public final class GitLabMergeRequests {

    private final ApiClient api;

    public GitLabMergeRequests(ApiClient api) {
        this.api = api;
    }

    /** {@code GET /projects/:id/merge_requests/:iid}: its title and description (a Pipeline Hook carries no description). */
    public Map<String, Object> get(Object project, Object iid) {
        return api.get(path(project, iid));
    }

    /** {@code GET /projects/:id/merge_requests/:iid/closes_issues}: the issues it closes ("Closes #12" and the like), up to 100. */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> closesIssues(Object project, Object iid) {
        Object answer = api.getAny(path(project, iid) + "/closes_issues?per_page=100");
        return answer instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
    }

    private static String path(Object project, Object iid) {
        return "/projects/" + ApiClient.encode(String.valueOf(project)) + "/merge_requests/" + ApiClient.encode(String.valueOf(iid));
    }
}
