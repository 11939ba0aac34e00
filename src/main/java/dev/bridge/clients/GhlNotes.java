package dev.bridge.clients;

import org.apache.camel.Body;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** HighLevel notes of a contact (API v2), and the names of the users who write them. */
public final class GhlNotes {

    private final ApiClient api;
    /** user id to name: users rarely change their names, and every note would otherwise cost a call */
    private final Map<String, String> userNames = new ConcurrentHashMap<>();

    public GhlNotes(ApiClient api) {
        this.api = api;
    }

    /** The note as it is now; the body names it by {@code contactId} and {@code id} (a note event will do). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> note(@Body Map<String, Object> ref) {
        String path = "/contacts/" + ApiClient.encode(String.valueOf(ref.get("contactId"))) + "/notes/" + ApiClient.encode(String.valueOf(ref.get("id")));
        Map<String, Object> answer = api.get(path);
        Object inner = answer.get("note");
        Map<String, Object> note = new LinkedHashMap<>(inner instanceof Map ? (Map<String, Object>) inner : answer);
        note.putIfAbsent("id", ref.get("id"));
        note.putIfAbsent("contactId", ref.get("contactId"));
        return note;
    }

    /**
     * The name of the user in the body's {@code userId}, or null when the note names none or the token may not read
     * users (scope users.readonly): a comment then says "a HighLevel user" rather than failing.
     */
    public String userName(@Body Map<String, Object> note) {
        Object userId = note.get("userId");
        if (userId == null || userId.toString().isBlank()) {
            return null;
        }
        String cached = userNames.get(userId.toString());
        if (cached != null) {
            return cached;
        }
        try {
            Map<String, Object> user = api.get("/users/" + ApiClient.encode(userId.toString()));
            Object name = user.get("name") != null ? user.get("name")
                    : ((String.valueOf(user.getOrDefault("firstName", "")) + " " + user.getOrDefault("lastName", "")).strip());
            String text = name == null || name.toString().isBlank() ? null : name.toString();
            if (text != null) {
                userNames.put(userId.toString(), text);
            }
            return text;
        } catch (ApiRejected refused) {
            return null;
        }
    }
}
