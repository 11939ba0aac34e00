package dev.bridge.clients;

import dev.bridge.config.MissingSetting;
import dev.bridge.errors.Failures;
import org.apache.camel.Variable;

import java.util.List;
import java.util.Map;

/** HighLevel tasks and the contacts they belong to (API v2). Flows hand values over as variables, typed. */
public final class GhlTasks {

    private static final int PAGE = 100;

    private final ApiClient api;
    private final String defaultLocationId;
    private final int maxSearchPages;

    public GhlTasks(ApiClient api, String defaultLocationId, int maxSearchPages) {
        this.api = api;
        this.defaultLocationId = defaultLocationId;
        this.maxSearchPages = maxSearchPages;
    }

    public Map<String, Object> contact(@Variable("contactId") String contactId) {
        return unwrap(api.get("/contacts/" + ApiClient.encode(contactId)), "contact");
    }

    /** The task as it is now, so that an edit made while its event waited is not written over. */
    public Map<String, Object> task(@Variable("contactId") String contactId, @Variable("taskId") String taskId) {
        Map<String, Object> task = unwrap(api.get(taskPath(contactId, taskId)), "task");
        task.putIfAbsent("id", taskId);
        task.putIfAbsent("contactId", contactId);
        return task;
    }

    /**
     * Finds a task by id through the location's task search, for webhooks that carry no contactId.
     * The search has no id filter, so it narrows by title and pages until the id turns up.
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> findInLocation(@Variable("locationId") String locationId, @Variable("taskId") String taskId,
                                              @Variable("title") String title) {
        String location = locationId != null ? locationId : defaultLocationId;
        if (location == null) {
            throw new MissingSetting("GHL_LOCATION_ID is not set and the event names no locationId: the task cannot be looked up");
        }
        for (int page = 0; page < maxSearchPages; page++) {
            Map<String, Object> answer = api.post("/locations/" + ApiClient.encode(location) + "/tasks/search",
                    ApiClient.fields("query", title, "limit", PAGE, "skip", page * PAGE));
            Object tasks = answer.get("tasks");
            if (!(tasks instanceof List<?> list) || list.isEmpty()) {
                break;
            }
            for (Object o : list) {
                Map<String, Object> task = (Map<String, Object>) o;
                if (taskId.equals(task.get("id")) || taskId.equals(task.get("_id"))) {
                    task.putIfAbsent("id", taskId);
                    return task;
                }
            }
            if (list.size() < PAGE) {
                break;
            }
        }
        throw new Failures.RetryableFailure("task " + taskId + " was not found in location " + location + " (the search may not show it yet)");
    }

    /** Writes the given fields of a linked task; a null value clears the field (a due date removed in GitLab). */
    public Map<String, Object> update(@Variable("link") Map<String, Object> link, @Variable("taskChanges") Map<String, Object> fields) {
        return unwrap(api.put(taskPath(link), fields), "task");
    }

    public Map<String, Object> setCompleted(@Variable("link") Map<String, Object> link, @Variable("completed") boolean completed) {
        return unwrap(api.put(taskPath(link) + "/completed", Map.of("completed", completed)), "task");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> unwrap(Map<String, Object> answer, String key) {
        Object inner = answer.get(key);
        return inner instanceof Map ? new java.util.LinkedHashMap<>((Map<String, Object>) inner) : answer;
    }

    private static String taskPath(Map<String, Object> link) {
        return taskPath(String.valueOf(link.get("ghlParentId")), String.valueOf(link.get("ghlId")));
    }

    private static String taskPath(String contactId, String taskId) {
        return "/contacts/" + ApiClient.encode(contactId) + "/tasks/" + ApiClient.encode(taskId);
    }
}
