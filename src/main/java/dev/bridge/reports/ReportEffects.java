package dev.bridge.reports;

import dev.bridge.clients.ApiClient;
import dev.bridge.effects.Effects;
import org.apache.camel.Body;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A report's note and task on a HighLevel contact, each once per key ({@link Effects}): an attempt after one that
 * may have acted (a timeout, a crash) first reads the contact's notes or tasks for what it would write.
 */
public final class ReportEffects {

    private final Effects effects;
    private final ApiClient ghl;

    public ReportEffects(Effects effects, ApiClient ghl) {
        this.effects = effects;
        this.ghl = ghl;
    }

    /** In: contactId, key, text. Out: the note's id. */
    public Map<String, Object> note(@Body Map<String, Object> note) throws SQLException {
        String path = "/contacts/" + ApiClient.encode(String.valueOf(note.get("contactId"))) + "/notes";
        String text = String.valueOf(note.get("text"));
        return effects.once(String.valueOf(note.get("key")),
                startedAt -> find(ghl.get(path).get("notes"), n -> text.strip().equals(String.valueOf(n.get("body")).strip())),
                () -> idOf(ghl.post(path, Map.of("body", text)), "note"));
    }

    /** In: contactId, key, title, body, url (the body holds it), dueDate, assignedTo (may be null). Out: the task's id. */
    public Map<String, Object> task(@Body Map<String, Object> task) throws SQLException {
        String path = "/contacts/" + ApiClient.encode(String.valueOf(task.get("contactId"))) + "/tasks";
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("title", task.get("title"));
        fields.put("body", task.get("body"));
        fields.put("dueDate", task.get("dueDate"));
        fields.put("completed", false);
        if (task.get("assignedTo") != null) {
            fields.put("assignedTo", task.get("assignedTo"));
        }
        String url = String.valueOf(task.get("url"));
        return effects.once(String.valueOf(task.get("key")),
                startedAt -> find(ghl.get(path).get("tasks"), t -> Objects.equals(t.get("title"), task.get("title"))
                        && String.valueOf(t.get("body")).contains(url)),
                () -> idOf(ghl.post(path, fields), "task"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> find(Object list, java.util.function.Predicate<Map<String, Object>> wanted) {
        if (list instanceof List<?> all) {
            for (Object o : all) {
                if (o instanceof Map<?, ?> m && wanted.test((Map<String, Object>) m)) {
                    return Map.of("id", String.valueOf(m.get("id")));
                }
            }
        }
        return null;
    }

    private static Map<String, Object> idOf(Map<String, Object> answer, String key) {
        Object inner = answer.get(key);
        Object id = inner instanceof Map<?, ?> m ? m.get("id") : answer.get("id");
        return Map.of("id", String.valueOf(id));
    }
}
