package dev.bridge.clients;

import dev.bridge.config.MissingSetting;
import dev.bridge.errors.Failures;
import org.apache.camel.Body;
import org.apache.camel.Variable;

import java.util.List;
import java.util.Map;

/** HighLevel tasks and the contacts they belong to (API v2). What to read or write comes in the body; the linked pair in variable {@code link}. */
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

    /** The contact that the body (a task, a note, or a contact reference) names by {@code contactId}. */
    public Map<String, Object> contact(@Body Map<String, Object> ref) {
        Object contactId = ref.get("contactId");
        if (contactId == null) {
            throw new IllegalArgumentException("the message names no contactId, so there is no contact to read");
        }
        return unwrap(api.get("/contacts/" + ApiClient.encode(contactId.toString())), "contact");
    }

    /**
     * The task as it is now (so that an edit made while its event waited is not written over). The body names it:
     * {@code id} and {@code contactId}; without a contactId (some TaskCreate webhooks) it is found in the location.
     */
    public Map<String, Object> task(@Body Map<String, Object> ref) {
        String taskId = String.valueOf(ref.get("id"));
        if (ref.get("contactId") == null) {
            return findInLocation((String) ref.get("locationId"), taskId, (String) ref.get("title"));
        }
        String contactId = ref.get("contactId").toString();
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
    private Map<String, Object> findInLocation(String locationId, String taskId, String title) {
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

    /** One page of the location's tasks of these contacts ({@code POST /locations/:id/tasks/search}). */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> ofContacts(List<String> contactIds, int skip, int limit) {
        if (defaultLocationId == null) {
            throw new MissingSetting("GHL_LOCATION_ID is not set: the tasks of linked contacts cannot be read");
        }
        Map<String, Object> answer = api.post("/locations/" + ApiClient.encode(defaultLocationId) + "/tasks/search",
                ApiClient.fields("contactId", contactIds, "limit", limit, "skip", skip));
        Object tasks = answer.get("tasks");
        return tasks instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
    }

    /** Makes a task for a contact ({@code POST /contacts/:id/tasks}: title, body, dueDate, completed, assignedTo); out: the task. */
    public Map<String, Object> create(String contactId, Map<String, Object> fields) {
        Map<String, Object> task = unwrap(api.post("/contacts/" + ApiClient.encode(contactId) + "/tasks", fields), "task");
        task.putIfAbsent("contactId", contactId);
        return task;
    }

    /** The contact's tasks ({@code GET /contacts/:id/tasks}; the API has no paging for them). */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> ofContact(String contactId) {
        Object tasks = api.get("/contacts/" + ApiClient.encode(contactId) + "/tasks").get("tasks");
        return tasks instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
    }

    /** Writes the given fields of a linked task; a null value clears the field (a due date removed in GitLab). */
    public Map<String, Object> update(@Variable("link") Map<String, Object> link, @Body Map<String, Object> fields) {
        return unwrap(api.put(taskPath(link), fields), "task");
    }

    public Map<String, Object> setCompleted(@Variable("link") Map<String, Object> link, @Body boolean completed) {
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
