package dev.bridge.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HighLevel stand-in's contacts beyond the first one's reads and writes: a second contact (made when the story
 * creates it), the tags of each ({@code POST}/{@code DELETE /contacts/:id/tags}, never the whole list) and the tasks
 * of each listed and made ({@code GET}/{@code POST /contacts/:id/tasks}). Part of {@link DemoGhl}, which
 * synchronizes the calls and shares its task map.
 */
final class DemoContacts {

    static final String SECOND_ID = "b8xMzR2qL5nT0vWc7KdE";

    private static final Pattern TAGS = Pattern.compile("/contacts/([^/]+)/tags");
    private static final Pattern TASKS = Pattern.compile("/contacts/([^/]+)/tasks");
    /** CreateTaskParams in GHL's spec; GHL refuses other properties. */
    private static final Set<String> NEW_TASK = Set.of("title", "body", "dueDate", "completed", "assignedTo");
    private static final DateTimeFormatter GHL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final ObjectNode first;
    private final Map<String, ObjectNode> tasks;
    private ObjectNode second;

    /** @param first the first contact as the stand-in holds it; @param tasks the stand-in's tasks of all contacts */
    DemoContacts(ObjectNode first, Map<String, ObjectNode> tasks) {
        this.first = first;
        this.tasks = tasks;
    }

    /** The contact with this id (live), or null when HighLevel has none. */
    ObjectNode byId(String id) {
        return first.get("id").asText().equals(id) ? first : second != null && SECOND_ID.equals(id) ? second : null;
    }

    /** Someone adds a second contact in HighLevel, with no tags; returns it. */
    ObjectNode addSecond() {
        String now = GHL_TIME.format(Instant.now());
        second = first.deepCopy().put("id", SECOND_ID).put("name", "Marco Rossi").put("firstName", "Marco").put("lastName", "Rossi")
                .put("email", "marco@rossi-logistics.example").put("emailLowerCase", "marco@rossi-logistics.example")
                .put("phone", "+393471234567").put("companyName", "Rossi Logistics").put("city", "Verona").put("country", "IT")
                .put("timezone", "Europe/Rome").put("source", "website form").put("dateAdded", now).put("dateUpdated", now);
        second.putArray("tags");
        return second.deepCopy();
    }

    ObjectNode second() {
        return second == null ? null : second.deepCopy();
    }

    /** Someone adds (or removes) tags of a contact in HighLevel's UI; returns the contact as it is now. */
    ObjectNode tag(String contactId, List<String> add, List<String> remove) throws StandIn.Refusal {
        ObjectNode contact = contact(contactId);
        write(contact, add, remove);
        return contact.deepCopy();
    }

    /** The answer to a call about tags or a contact's task list, or null when it is about something else. */
    StandIn.Answer answer(StandIn.Request r) throws StandIn.Refusal {
        Matcher m;
        if ((m = TAGS.matcher(r.path())).matches() && (r.method().equals("POST") || r.method().equals("DELETE"))) {
            ObjectNode contact = contact(m.group(1));
            List<String> tags = tagsOf(r.body());
            boolean add = r.method().equals("POST");
            write(contact, add ? tags : List.of(), add ? List.of() : tags);
            return StandIn.Answer.ok(add ? 201 : 200, StandIn.object().set("tags", contact.get("tags").deepCopy()));
        }
        if ((m = TASKS.matcher(r.path())).matches()) {
            String contactId = contact(m.group(1)).get("id").asText();
            if (r.method().equals("GET")) {
                ArrayNode list = Templates.JSON.createArrayNode();
                tasks.values().stream().filter(t -> t.get("contactId").asText().equals(contactId)).forEach(t -> list.add(t.deepCopy()));
                return StandIn.Answer.ok(200, StandIn.object().set("tasks", list));
            }
            if (r.method().equals("POST")) {
                return StandIn.Answer.ok(201, StandIn.object().set("task", create(contactId, r.body()).deepCopy()));
            }
        }
        return null;
    }

    private ObjectNode create(String contactId, JsonNode body) throws StandIn.Refusal {
        if (body == null || !body.isObject()) {
            throw new StandIn.Refusal(422, "the body must be a JSON object");
        }
        for (String field : (Iterable<String>) body::fieldNames) {
            if (!NEW_TASK.contains(field)) {
                throw new StandIn.Refusal(422, "property " + field + " should not exist");
            }
        }
        if (body.path("title").asText("").isBlank()) {
            throw new StandIn.Refusal(422, "title should not be empty");
        }
        if (body.path("dueDate").asText("").isBlank()) {
            throw new StandIn.Refusal(422, "dueDate must be a valid ISO 8601 date string");
        }
        ObjectNode task = StandIn.object().put("id", DemoKeys.ghlId()).put("title", body.get("title").asText())
                .put("body", body.path("body").asText("")).put("assignedTo", body.path("assignedTo").asText(null))
                .put("dueDate", body.get("dueDate").asText()).put("completed", body.path("completed").asBoolean(false))
                .put("contactId", contactId).put("dateAdded", GHL_TIME.format(Instant.now()));
        tasks.put(task.get("id").asText(), task);
        return task;
    }

    private ObjectNode contact(String segment) throws StandIn.Refusal {
        ObjectNode contact = byId(StandIn.decode(segment));
        if (contact == null) {
            throw new StandIn.Refusal(404, "Contact not found");
        }
        return contact;
    }

    /** TagsDTO: {"tags": ["a", "b"]}, nothing else. */
    private static List<String> tagsOf(JsonNode body) throws StandIn.Refusal {
        if (body == null || !body.isObject() || !body.path("tags").isArray() || body.get("tags").isEmpty()) {
            throw new StandIn.Refusal(422, "tags must be a non-empty array of strings");
        }
        for (String field : (Iterable<String>) body::fieldNames) {
            if (!field.equals("tags")) {
                throw new StandIn.Refusal(422, "property " + field + " should not exist");
            }
        }
        List<String> tags = new ArrayList<>();
        for (JsonNode t : body.get("tags")) {
            if (!t.isTextual()) {
                throw new StandIn.Refusal(422, "each value in tags must be a string");
            }
            tags.add(t.asText());
        }
        return tags;
    }

    /** HighLevel keeps tags in lower case, each once. */
    private static void write(ObjectNode contact, List<String> add, List<String> remove) {
        Set<String> now = new LinkedHashSet<>();
        contact.path("tags").forEach(t -> now.add(t.asText().toLowerCase()));
        add.forEach(t -> now.add(t.strip().toLowerCase()));
        remove.forEach(t -> now.remove(t.strip().toLowerCase()));
        contact.set("tags", Templates.JSON.valueToTree(new ArrayList<>(now)));
        contact.put("dateUpdated", GHL_TIME.format(Instant.now()));
    }
}
