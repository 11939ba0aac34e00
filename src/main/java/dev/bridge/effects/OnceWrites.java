package dev.bridge.effects;

import dev.bridge.Sha256;
import dev.bridge.clients.GhlNotes;
import dev.bridge.clients.GhlTasks;
import dev.bridge.links.Dates;
import org.apache.camel.Body;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Notes and tasks the bridge writes on a HighLevel contact at most once per key (a rule's note per label event, a
 * report per pipeline status, an onboarding task per contact), through {@link Effects}: an attempt after one that may
 * have acted (a timeout after HighLevel acted, a crash, a replayed dead letter) first reads the contact's notes or
 * tasks for one with the same text or title added since that attempt started. The text of each
 * note is recorded before it is sent, so its NoteCreate echo is known as the bridge's own and goes nowhere.
 */
public final class OnceWrites {

    /** HighLevel's clock and ours may differ a little: a note added this long before the first attempt still counts. */
    private static final Duration CLOCK_SLACK = Duration.ofMinutes(2);

    private final Effects effects;
    private final KnownSets sets;
    private final GhlNotes notes;
    private final GhlTasks tasks;

    public OnceWrites(Effects effects, KnownSets sets, GhlNotes notes, GhlTasks tasks) {
        this.effects = effects;
        this.sets = sets;
        this.notes = notes;
        this.tasks = tasks;
    }

    /** In: contactId, key, text. Out: the note's id and contactId. */
    public Map<String, Object> note(@Body Map<String, Object> note) throws SQLException {
        String contactId = String.valueOf(note.get("contactId"));
        String text = String.valueOf(note.get("text"));
        // an earlier attempt may have sent another text (the contact renamed since): any text an attempt sent counts
        String key = String.valueOf(note.get("key"));
        return effects.once(key, fingerprint(text),
                (startedAt, sent) -> find(notes.ofContact(contactId), n -> sent.contains(fingerprint(String.valueOf(n.get("body"))))
                        && addedSince(n.get("dateAdded"), startedAt), key, contactId, null),
                () -> {
                    sets.written(bridgeNotes(contactId), Set.of(fingerprint(text)), Set.of());
                    return answer(notes.create(contactId, text).get("id"), contactId, null);
                });
    }

    /**
     * In: one task or a list, each with key, contactId, title, and optionally body, dueDate (ISO-8601) and assignedTo.
     * Out: for each (a list for a list), id, title and contactId of the task made or found.
     */
    @SuppressWarnings("unchecked")
    public Object task(@Body Object body) throws SQLException {
        if (!(body instanceof List<?> list)) {
            return taskOnce((Map<String, Object>) body);
        }
        List<Map<String, Object>> made = new ArrayList<>();
        for (Object draft : list) {
            made.add(taskOnce((Map<String, Object>) draft));
        }
        return made;
    }

    private Map<String, Object> taskOnce(Map<String, Object> draft) throws SQLException {
        String contactId = String.valueOf(draft.get("contactId"));
        String title = String.valueOf(draft.get("title")).strip();
        String key = String.valueOf(draft.get("key"));
        return effects.once(key, fingerprint(title),
                (startedAt, sent) -> find(tasks.ofContact(contactId), t -> sent.contains(fingerprint(String.valueOf(t.get("title"))))
                        && addedSince(t.get("dateAdded"), startedAt), key, contactId, title),
                () -> {
                    Map<String, Object> task = tasks.create(contactId, taskFields(draft));
                    return answer(task.get("id"), contactId, title);
                });
    }

    private static Map<String, Object> taskFields(Map<String, Object> draft) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("title", draft.get("title"));
        if (draft.get("body") != null && !draft.get("body").toString().isBlank()) {
            fields.put("body", draft.get("body"));
        }
        fields.put("dueDate", draft.get("dueDate"));
        fields.put("completed", false);
        if (draft.get("assignedTo") != null) {
            fields.put("assignedTo", draft.get("assignedTo"));
        }
        return fields;
    }

    /** Whether a note on the contact has a text the bridge wrote there itself. */
    public static boolean wroteNote(KnownSets sets, String contactId, Object text) throws SQLException {
        return text != null && sets.present(bridgeNotes(contactId)).contains(fingerprint(text.toString()));
    }

    private static String bridgeNotes(String contactId) {
        return "ghl:contact:" + contactId + ":notes-by-bridge";
    }

    /** A text's SHA-256, hex: what the journal keeps of a text. */
    public static String fingerprint(String text) {
        return Sha256.hex(text.strip());
    }

    private boolean madeForAnother(String key, Object id) {
        try {
            return effects.madeForAnother(key, id);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the effects journal: " + e.getMessage(), e);
        }
    }

    private static boolean addedSince(Object dateAdded, Instant startedAt) {
        Instant added = Dates.parse(dateAdded);
        return added == null || !added.isBefore(startedAt.minus(CLOCK_SLACK));
    }

    /** The first wanted note or task that no other effect made (an older one with the same text or title). */
    @SuppressWarnings("unchecked")
    private Map<String, Object> find(Object list, Predicate<Map<String, Object>> wanted, String key, String contactId, String title) {
        if (list instanceof List<?> all) {
            for (Object o : all) {
                if (o instanceof Map<?, ?> m && wanted.test((Map<String, Object>) m) && !madeForAnother(key, m.get("id"))) {
                    return answer(m.get("id"), contactId, title);
                }
            }
        }
        return null;
    }

    private static Map<String, Object> answer(Object id, String contactId, String title) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", String.valueOf(id));
        if (title != null) {
            out.put("title", title);
        }
        out.put("contactId", contactId);
        return out;
    }
}
