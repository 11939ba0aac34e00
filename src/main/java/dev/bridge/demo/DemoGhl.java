package dev.bridge.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HighLevel (API v2) for one location, its contacts ({@link DemoContacts}: a second one, tags) and one user: the first
 * contact (read and update), its tasks and notes,
 * the location's task search, task and note updates, and the user, with GHL's response shapes ({"contact": …}, {"task": …},
 * {"tasks": […]}, {"note": …}, {"notes": […]}, a bare user) and auth headers.
 */
final class DemoGhl extends StandIn {

    /** made up for this run, like the webhook keys */
    static final String TOKEN = DemoKeys.randomToken();
    static final String LOCATION_ID = "ve9EPM428h8vShlRW1KT";
    static final String USER_ID = "63e4qiWDsFJjOYAC8phG";

    private static final Pattern CONTACT = Pattern.compile("/contacts/([^/]+)");
    private static final Pattern TASK = Pattern.compile("/contacts/([^/]+)/tasks/([^/]+)");
    private static final Pattern COMPLETED = Pattern.compile("/contacts/([^/]+)/tasks/([^/]+)/completed");
    private static final Pattern NOTES = Pattern.compile("/contacts/([^/]+)/notes");
    private static final Pattern NOTE = Pattern.compile("/contacts/([^/]+)/notes/([^/]+)");
    private static final Pattern USER = Pattern.compile("/users/([^/]+)");
    private static final Pattern SEARCH = Pattern.compile("/locations/([^/]+)/tasks/search");
    /** UpdateTaskBody in GHL's spec; GHL refuses other properties. */
    private static final Set<String> TASK_FIELDS = Set.of("title", "body", "dueDate", "completed", "assignedTo");
    /** UpdateContactDto in GHL's spec (never locationId). */
    private static final Set<String> CONTACT_FIELDS = Set.of("firstName", "lastName", "name", "email", "phone", "address1", "city", "state",
            "postalCode", "website", "timezone", "dnd", "tags", "customFields", "source", "country", "companyName", "assignedTo");
    /** NotesDTO / UpdateNoteDTO in GHL's spec. */
    private static final Set<String> NOTE_FIELDS = Set.of("body", "userId", "title", "color", "pinned");
    /** GHL writes times to the millisecond: 2021-11-26T12:41:02.193Z */
    private static final DateTimeFormatter GHL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final ObjectNode contact = (ObjectNode) Templates.load("ghl-contact.json").get("contact");
    private final ObjectNode user = (ObjectNode) Templates.load("ghl-user.json");
    private final Map<String, ObjectNode> tasks = new LinkedHashMap<>();
    /** the contact's notes, oldest first (GHL keeps notes per contact) */
    private final List<ObjectNode> notes = new ArrayList<>();
    private final DemoContacts contacts = new DemoContacts(contact, tasks);

    DemoGhl(CallLog log) throws IOException {
        super("HighLevel", log);
    }

    String contactId() {
        return contact.get("id").asText();
    }

    String contactName() {
        return contact.get("name").asText();
    }

    /** The contact as HighLevel holds it now. */
    synchronized ObjectNode contact() {
        return contact.deepCopy();
    }

    /** Someone changes a field of the contact in HighLevel; returns the contact as it is now. */
    synchronized ObjectNode changeContact(String field, String value) {
        contact.put(field, value).put("dateUpdated", GHL_TIME.format(Instant.now()));
        return contact.deepCopy();
    }

    /** Someone adds a second contact in HighLevel; returns it. */
    synchronized ObjectNode addSecondContact() {
        return contacts.addSecond();
    }

    /** A contact as HighLevel holds it now, or null. */
    synchronized ObjectNode contact(String id) {
        ObjectNode c = contacts.byId(id);
        return c == null ? null : c.deepCopy();
    }

    /** Someone adds or removes tags of a contact in HighLevel; returns the contact as it is now. */
    synchronized ObjectNode tag(String contactId, List<String> add, List<String> remove) throws Refusal {
        return contacts.tag(contactId, add, remove);
    }

    String userName() {
        return user.get("name").asText();
    }

    /** Someone writes a note on the contact in HighLevel; returns it, or null when there is no such contact. */
    synchronized ObjectNode addNote(String contactId, String body) {
        return contactId.equals(contactId()) ? newNote(object().put("body", body).put("userId", USER_ID)).deepCopy() : null;
    }

    /** The contact's notes as HighLevel holds them now, oldest first. */
    synchronized List<ObjectNode> notes() {
        return notes.stream().map(ObjectNode::deepCopy).toList();
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
        Answer more = contacts.answer(r);
        if (more != null) {
            return more;
        }
        Matcher m;
        if ((m = COMPLETED.matcher(r.path())).matches() && r.method().equals("PUT")) {
            ObjectNode task = task(m.group(1), m.group(2));
            if (r.body() == null || !r.body().path("completed").isBoolean()) {
                throw new Refusal(422, "completed must be a boolean value");
            }
            task.put("completed", r.body().get("completed").booleanValue());
            return Answer.ok(200, object().set("task", task.deepCopy()));
        }
        if ((m = NOTES.matcher(r.path())).matches()) {
            notesContact(m.group(1));
            if (r.method().equals("GET")) {
                return Answer.ok(200, object().set("notes", Templates.JSON.valueToTree(notes)));
            }
            if (r.method().equals("POST")) {
                if (r.body() == null || r.body().path("body").asText("").isBlank()) {
                    throw new Refusal(422, "body should not be empty");
                }
                ObjectNode note = object();
                update(note, r.body(), NOTE_FIELDS);
                return Answer.ok(201, object().set("note", newNote(note).deepCopy()));
            }
            return null;
        }
        if ((m = NOTE.matcher(r.path())).matches()) {
            ObjectNode note = note(m.group(1), m.group(2));
            if (r.method().equals("GET")) {
                return Answer.ok(200, object().set("note", note.deepCopy()));
            }
            if (r.method().equals("PUT")) {
                update(note, r.body(), NOTE_FIELDS);
                return Answer.ok(200, object().set("note", note.deepCopy()));
            }
            return null;
        }
        if ((m = USER.matcher(r.path())).matches() && r.method().equals("GET")) {
            if (!StandIn.decode(m.group(1)).equals(USER_ID)) {
                throw new Refusal(400, "User not found");
            }
            return Answer.ok(200, user.deepCopy());
        }
        if ((m = TASK.matcher(r.path())).matches()) {
            ObjectNode task = task(m.group(1), m.group(2));
            if (r.method().equals("GET")) {
                return Answer.ok(200, object().set("task", task.deepCopy()));
            }
            if (r.method().equals("PUT")) {
                update(task, r.body(), TASK_FIELDS);
                return Answer.ok(200, object().set("task", task.deepCopy()));
            }
            return null;
        }
        if ((m = CONTACT.matcher(r.path())).matches() && (r.method().equals("GET") || r.method().equals("PUT"))) {
            ObjectNode contact = contacts.byId(StandIn.decode(m.group(1)));
            if (contact == null) {
                throw new Refusal(404, "Contact not found");
            }
            if (r.method().equals("PUT")) {
                update(contact, r.body(), CONTACT_FIELDS);
                contact.put("dateUpdated", GHL_TIME.format(Instant.now()));
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

    /** Notes are kept for the first contact only. */
    private void notesContact(String segment) throws Refusal {
        if (!StandIn.decode(segment).equals(contactId())) {
            throw new Refusal(404, "Contact not found");
        }
    }

    private ObjectNode note(String contactId, String noteId) throws Refusal {
        notesContact(contactId);
        String id = StandIn.decode(noteId);
        return notes.stream().filter(n -> n.get("id").asText().equals(id)).findFirst()
                .orElseThrow(() -> new Refusal(404, "Note not found"));
    }

    /** A note of the contact with GetNoteSchema's fields; {@code fields} holds the ones given (body at least). */
    private ObjectNode newNote(ObjectNode fields) {
        ObjectNode note = object().put("id", DemoKeys.ghlId()).put("body", fields.get("body").asText()).put("userId", fields.path("userId").asText(null))
                .put("dateAdded", GHL_TIME.format(Instant.now())).put("contactId", contactId())
                .put("title", fields.path("title").asText("")).put("color", fields.path("color").asText("#FFAA00"))
                .put("pinned", fields.path("pinned").asBoolean(false));
        notes.add(note);
        return note;
    }

    /** Sets the given properties; GHL refuses properties its DTO does not have. */
    private static void update(ObjectNode target, JsonNode body, Set<String> allowed) throws Refusal {
        if (body == null || !body.isObject()) {
            throw new Refusal(422, "the body must be a JSON object");
        }
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            if (!allowed.contains(field.getKey())) {
                throw new Refusal(422, "property " + field.getKey() + " should not exist");
            }
            target.set(field.getKey(), field.getValue());
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
