package dev.bridge.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HighLevel (API v2) for one location and one contact: the contact, its tasks, the location's task search, and
 * task updates, with GHL's response shapes ({"contact": …}, {"task": …}, {"tasks": […]}) and auth headers.
 */
final class DemoGhl extends StandIn {

    static final String TOKEN = "pit-demo-0000-0000-0000-000000000000";
    static final String LOCATION_ID = "ve9EPM428h8vShlRW1KT";
    static final String USER_ID = "63e4qiWDsFJjOYAC8phG";

    private static final Pattern CONTACT = Pattern.compile("/contacts/([^/]+)");
    private static final Pattern TASK = Pattern.compile("/contacts/([^/]+)/tasks/([^/]+)");
    private static final Pattern COMPLETED = Pattern.compile("/contacts/([^/]+)/tasks/([^/]+)/completed");
    private static final Pattern SEARCH = Pattern.compile("/locations/([^/]+)/tasks/search");
    /** UpdateTaskBody in GHL's spec; GHL refuses other properties. */
    private static final Set<String> TASK_FIELDS = Set.of("title", "body", "dueDate", "completed", "assignedTo");

    private final ObjectNode contact = (ObjectNode) Templates.load("ghl-contact.json").get("contact");
    private final Map<String, ObjectNode> tasks = new LinkedHashMap<>();

    DemoGhl(CallLog log) throws IOException {
        super("HighLevel", log);
    }

    String contactId() {
        return contact.get("id").asText();
    }

    String contactName() {
        return contact.get("name").asText();
    }

    /** Someone adds a task to the contact in HighLevel. */
    synchronized ObjectNode addTask(String id, String title, String body, String dueDate) {
        ObjectNode task = object().put("id", id).put("title", title).put("body", body).put("assignedTo", USER_ID)
                .put("dueDate", dueDate).put("completed", false).put("contactId", contactId())
                .put("dateAdded", Instant.now().toString());
        tasks.put(id, task);
        return task.deepCopy();
    }

    /** Someone deletes a task in HighLevel; returns it as it was. */
    synchronized ObjectNode deleteTask(String id) {
        return tasks.remove(id);
    }

    /** Someone marks a task completed in HighLevel; returns it, or null when there is none. */
    synchronized ObjectNode complete(String id) {
        ObjectNode task = tasks.get(id);
        return task == null ? null : task.put("completed", true).deepCopy();
    }

    synchronized List<ObjectNode> tasks() {
        return tasks.values().stream().map(ObjectNode::deepCopy).toList();
    }

    /** A task as HighLevel holds it now, or null when there is none (deleted). */
    synchronized ObjectNode task(String id) {
        ObjectNode task = tasks.get(id);
        return task == null ? null : task.deepCopy();
    }

    @Override
    protected String authProblem(Headers headers) {
        if (!("Bearer " + TOKEN).equals(headers.getFirst("Authorization"))) {
            return "Authorization is not 'Bearer <the demo's GHL_TOKEN>'";
        }
        if (!"2021-07-28".equals(headers.getFirst("Version"))) {
            return "the Version header is not 2021-07-28";
        }
        return null;
    }

    @Override
    protected JsonNode error(int status, String message) {
        return object().put("statusCode", status).put("message", message);
    }

    @Override
    protected Answer answer(Request r) throws Refusal {
        Matcher m;
        if ((m = COMPLETED.matcher(r.path())).matches() && r.method().equals("PUT")) {
            ObjectNode task = task(m.group(1), m.group(2));
            if (r.body() == null || !r.body().path("completed").isBoolean()) {
                throw new Refusal(422, "completed must be a boolean value");
            }
            task.put("completed", r.body().get("completed").booleanValue());
            return Answer.ok(200, object().set("task", task.deepCopy()));
        }
        if ((m = TASK.matcher(r.path())).matches()) {
            ObjectNode task = task(m.group(1), m.group(2));
            if (r.method().equals("GET")) {
                return Answer.ok(200, object().set("task", task.deepCopy()));
            }
            if (r.method().equals("PUT")) {
                update(task, r.body());
                return Answer.ok(200, object().set("task", task.deepCopy()));
            }
            return null;
        }
        if ((m = CONTACT.matcher(r.path())).matches() && r.method().equals("GET")) {
            if (!StandIn.decode(m.group(1)).equals(contactId())) {
                throw new Refusal(404, "Contact not found");
            }
            return Answer.ok(200, object().set("contact", contact.deepCopy()));
        }
        if ((m = SEARCH.matcher(r.path())).matches() && r.method().equals("POST")) {
            if (!StandIn.decode(m.group(1)).equals(LOCATION_ID)) {
                throw new Refusal(403, "The token does not have access to this location");
            }
            return Answer.ok(200, object().set("tasks", search(r.body() == null ? object() : r.body())));
        }
        return null;
    }

    private ObjectNode task(String contactId, String taskId) throws Refusal {
        ObjectNode task = tasks.get(StandIn.decode(taskId));
        if (task == null || !task.get("contactId").asText().equals(StandIn.decode(contactId))) {
            throw new Refusal(404, "Task not found");
        }
        return task;
    }

    private static void update(ObjectNode task, JsonNode body) throws Refusal {
        if (body == null || !body.isObject()) {
            throw new Refusal(422, "the body must be a JSON object");
        }
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            if (!TASK_FIELDS.contains(field.getKey())) {
                throw new Refusal(422, "property " + field.getKey() + " should not exist");
            }
            task.set(field.getKey(), field.getValue());
        }
    }

    /** TaskSearchParamsDto: query (in the title), completed, limit, skip. */
    private ArrayNode search(JsonNode body) {
        String query = body.path("query").asText("").toLowerCase();
        int limit = body.path("limit").asInt(25);
        int skip = body.path("skip").asInt(0);
        List<ObjectNode> found = tasks.values().stream()
                .filter(t -> t.get("title").asText().toLowerCase().contains(query))
                .filter(t -> !body.has("completed") || t.get("completed").asBoolean() == body.get("completed").asBoolean())
                .toList();
        ArrayNode page = Templates.JSON.createArrayNode();
        found.stream().skip(skip).limit(limit).forEach(t -> page.add(t.deepCopy()));
        return page;
    }
}
