package dev.bridge.effects;

import dev.bridge.clients.ApiClient;
import dev.bridge.links.Dates;
import org.apache.camel.Body;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Notes and tasks the bridge writes on a HighLevel contact at most once per key (a rule's note per label event, a
 * report per pipeline status, an onboarding task per contact), through {@link Effects}: an attempt after one that may
 * have acted (a timeout, a crash) first reads the contact's notes or tasks for what it would write. The text of each
 * note is recorded before it is sent, so its NoteCreate echo is known as the bridge's own and goes nowhere.
 */
public final class OnceWrites {

    /** HighLevel's clock and ours may differ a little: a note added this long before the first attempt still counts. */
    private static final Duration CLOCK_SLACK = Duration.ofMinutes(2);

    private final Effects effects;
    private final KnownSets sets;
    private final ApiClient ghl;

    public OnceWrites(Effects effects, KnownSets sets, ApiClient ghl) {
        this.effects = effects;
        this.sets = sets;
        this.ghl = ghl;
    }

    /** In: contactId, key, text. Out: the note's id and contactId. */
    public Map<String, Object> note(@Body Map<String, Object> note) throws SQLException {
        String contactId = String.valueOf(note.get("contactId"));
        String path = "/contacts/" + ApiClient.encode(contactId) + "/notes";
        String text = String.valueOf(note.get("text"));
        return effects.once(String.valueOf(note.get("key")),
                startedAt -> find(ghl.get(path).get("notes"), n -> text.strip().equals(String.valueOf(n.get("body")).strip())
                        && addedSince(n.get("dateAdded"), startedAt), contactId),
                () -> {
                    sets.written(bridgeNotes(contactId), Set.of(fingerprint(text)), Set.of());
                    return idOf(ghl.post(path, Map.of("body", text)), "note", contactId);
                });
    }

    /** In: contactId, key, title, body, dueDate, assignedTo (may be null). Out: the task's id and contactId. */
    public Map<String, Object> task(@Body Map<String, Object> task) throws SQLException {
        String contactId = String.valueOf(task.get("contactId"));
        String path = "/contacts/" + ApiClient.encode(contactId) + "/tasks";
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("title", task.get("title"));
        fields.put("body", task.get("body"));
        fields.put("dueDate", task.get("dueDate"));
        fields.put("completed", false);
        if (task.get("assignedTo") != null) {
            fields.put("assignedTo", task.get("assignedTo"));
        }
        return effects.once(String.valueOf(task.get("key")),
                startedAt -> find(ghl.get(path).get("tasks"), t -> Objects.equals(t.get("title"), task.get("title"))
                        && Objects.equals(Objects.toString(t.get("body"), ""), Objects.toString(task.get("body"), "")), contactId),
                () -> idOf(ghl.post(path, fields), "task", contactId));
    }

    /** Whether a note on the contact has a text the bridge wrote there itself. */
    public static boolean wroteNote(KnownSets sets, String contactId, Object text) throws SQLException {
        return text != null && sets.present(bridgeNotes(contactId)).contains(fingerprint(text.toString()));
    }

    private static String bridgeNotes(String contactId) {
        return "ghl:contact:" + contactId + ":notes-by-bridge";
    }

    private static String fingerprint(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.strip().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean addedSince(Object dateAdded, Instant startedAt) {
        Instant added = Dates.parse(dateAdded);
        return added == null || !added.isBefore(startedAt.minus(CLOCK_SLACK));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> find(Object list, Predicate<Map<String, Object>> wanted, String contactId) {
        if (list instanceof List<?> all) {
            for (Object o : all) {
                if (o instanceof Map<?, ?> m && wanted.test((Map<String, Object>) m)) {
                    return answer(m.get("id"), contactId);
                }
            }
        }
        return null;
    }

    private static Map<String, Object> idOf(Map<String, Object> answer, String key, String contactId) {
        Object inner = answer.get(key);
        Object id = inner instanceof Map<?, ?> m ? m.get("id") : answer.get("id");
        return answer(id, contactId);
    }

    private static Map<String, Object> answer(Object id, String contactId) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", String.valueOf(id));
        out.put("contactId", contactId);
        return out;
    }
}
