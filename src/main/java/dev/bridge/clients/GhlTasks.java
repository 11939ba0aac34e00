package dev.bridge.clients;

import java.util.List;
import java.util.Map;

/** HighLevel tasks and the contacts they belong to (API v2). */
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

    @SuppressWarnings("unchecked")
    public Map<String, Object> contact(String contactId) {
        Map<String, Object> answer = api.get("/contacts/" + ApiClient.encode(contactId));
        Object contact = answer.get("contact");
        return contact instanceof Map ? (Map<String, Object>) contact : answer;
    }

    /**
     * Finds a task by id through the location's task search, for webhooks that carry no contactId.
     * The search has no id filter, so it narrows by title and pages until the id turns up.
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> findInLocation(String locationId, String taskId, String title) {
        String location = locationId != null ? locationId : defaultLocationId;
        if (location == null) {
            throw new dev.bridge.config.MissingSetting("GHL_LOCATION_ID is not set and the event names no locationId: the task cannot be looked up");
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
        throw new TaskNotFound("task " + taskId + " was not found in location " + location);
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> update(String contactId, String taskId, String title, String body, String dueDate) {
        return task(api.put(taskPath(contactId, taskId), ApiClient.fields("title", title, "body", body, "dueDate", dueDate)));
    }

    public Map<String, Object> setCompleted(String contactId, String taskId, boolean completed) {
        return task(api.put(taskPath(contactId, taskId) + "/completed", Map.of("completed", completed)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> task(Map<String, Object> answer) {
        Object task = answer.get("task");
        return task instanceof Map ? (Map<String, Object>) task : answer;
    }

    private static String taskPath(String contactId, String taskId) {
        return "/contacts/" + ApiClient.encode(contactId) + "/tasks/" + ApiClient.encode(taskId);
    }

    /** The task is not (yet) visible in search; retried like any failed call, then dead-lettered. */
    public static final class TaskNotFound extends RuntimeException {
        TaskNotFound(String message) {
            super(message, null, false, false);
        }
    }
}
