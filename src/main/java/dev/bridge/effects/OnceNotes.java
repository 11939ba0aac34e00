package dev.bridge.effects;

import dev.bridge.clients.ApiClient;
import dev.bridge.links.Dates;
import org.apache.camel.Body;
import org.apache.camel.Header;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A HighLevel note written at most once per key (kamelet ghl-note-once-action), for notes whose text is the user's and
 * may repeat (a label rule's note, each time the label is added). An attempt after one that started the note (timed
 * out, crashed) first reads the contact's notes for one with the same text added since that start.
 */
public final class OnceNotes {

    /** HighLevel's clock and ours may differ a little: a note added this long before the start still counts. */
    private static final Duration CLOCK_SLACK = Duration.ofMinutes(2);

    private final Effects effects;
    private final ApiClient ghl;

    public OnceNotes(Effects effects, ApiClient ghl) {
        this.effects = effects;
        this.ghl = ghl;
    }

    /** Adds the note (the body) to the contact once per key. Out: id and contactId of the note. */
    public Map<String, Object> create(@Header("BridgeContactId") String contactId, @Header("BridgeEffectKey") String key,
                                      @Body String text) throws SQLException {
        String path = "/contacts/" + ApiClient.encode(contactId) + "/notes";
        return effects.once(key, startedAt -> find(path, text, startedAt), () -> small(ghl.post(path, Map.of("body", text)), contactId));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> find(String path, String text, Instant startedAt) {
        Object notes = ghl.get(path).get("notes");
        if (notes instanceof List<?> list) {
            for (Object o : list) {
                Map<String, Object> note = (Map<String, Object>) o;
                Instant added = Dates.parse(note.get("dateAdded"));
                if (text.strip().equals(String.valueOf(note.get("body")).strip())
                        && (added == null || !added.isBefore(startedAt.minus(CLOCK_SLACK)))) {
                    return small(note, String.valueOf(note.get("contactId")));
                }
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> small(Map<String, Object> answer, String contactId) {
        Map<String, Object> note = answer.get("note") instanceof Map<?, ?> inner ? (Map<String, Object>) inner : answer;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", note.get("id"));
        out.put("contactId", contactId);
        return out;
    }
}
