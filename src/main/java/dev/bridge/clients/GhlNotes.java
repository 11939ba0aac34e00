package dev.bridge.clients;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Variable;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** HighLevel notes of a contact (API v2), and the names of the users who write them. */
public final class GhlNotes {

    private final ApiClient api;
    /** users by id, kept for a while: every note would otherwise cost a call (shared with the assignees of tasks) */
    private final GhlUsers users;

    public GhlNotes(ApiClient api) {
        this.api = api;
        this.users = new GhlUsers(api);
    }

    /** The users this client reads authors with; other parts (task assignees) share its answers. */
    public GhlUsers users() {
        return users;
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
     * Adds a note (the body, text) to a contact unless an earlier attempt already did: GHL notes cannot be searched,
     * so a retry reads the contact's notes for one holding {@code marker} (the GitLab comment's address).
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> createOnce(@Header("BridgeContactId") String contactId, @Header("BridgeNoteMarker") String marker,
                                          @Body String text, Exchange exchange) {
        if (Retries.mayHaveRunBefore(exchange)) {
            for (Map<String, Object> note : ofContact(contactId)) {
                if (String.valueOf(note.get("body")).contains(marker)) {
                    return note;
                }
            }
        }
        return create(contactId, text);
    }

    /** The contact's notes ({@code GET /contacts/:id/notes}; the API has no paging for them). */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> ofContact(String contactId) {
        Object notes = api.get(notesOf(contactId)).get("notes");
        return notes instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
    }

    /** Adds a note to the contact ({@code POST /contacts/:id/notes}); out the note. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> create(String contactId, String text) {
        Map<String, Object> answer = api.post(notesOf(contactId), Map.of("body", text));
        Object inner = answer.get("note");
        return inner instanceof Map ? (Map<String, Object>) inner : answer;
    }

    private static String notesOf(String contactId) {
        return "/contacts/" + ApiClient.encode(contactId) + "/notes";
    }

    /** Rewrites the note linked in variable {@code link} (a note link: ghlParentId is the contact) with the body. */
    public Map<String, Object> update(@Variable("link") Map<String, Object> link, @Body String text) {
        return api.put("/contacts/" + ApiClient.encode(String.valueOf(link.get("ghlParentId"))) + "/notes/"
                + ApiClient.encode(String.valueOf(link.get("ghlId"))), Map.of("body", text));
    }

    /**
     * The name of the user in the body's {@code userId}, or null when the note names none or the token may not read
     * users (scope users.readonly): a comment then says "a HighLevel user" rather than failing.
     */
    public String userName(@Body Map<String, Object> note) {
        Object userId = note.get("userId");
        Map<String, Object> user = userId == null ? null : users.user(userId.toString());
        if (user == null) {
            return null;
        }
        Object name = user.get("name") != null ? user.get("name")
                : ((String.valueOf(user.getOrDefault("firstName", "")) + " " + user.getOrDefault("lastName", "")).strip());
        return name == null || name.toString().isBlank() ? null : name.toString();
    }
}
