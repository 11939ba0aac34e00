package dev.bridge.effects;

import dev.bridge.clients.GhlTasks;
import org.apache.camel.Body;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * HighLevel tasks made at most once per key (kamelet ghl-task-create-action), through the {@link Effects} journal.
 * An attempt after one that started (a timeout after HighLevel acted, a crash, a replayed dead letter) first reads
 * the contact's tasks for one with the same title made since that start, and records it instead of making another.
 */
public final class OnceTasks {

    /** HighLevel's clock and the bridge's may differ a little: a task stamped this much before the start still counts. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final Effects effects;
    private final GhlTasks tasks;

    public OnceTasks(Effects effects, GhlTasks tasks) {
        this.effects = effects;
        this.tasks = tasks;
    }

    /**
     * In: one task or a list, each with {@code once} (its key), {@code contactId}, {@code title}, and optionally
     * {@code body}, {@code dueDate}, {@code assignedTo}. Out: for each, id, title and contactId of the task made or found.
     */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> create(@Body Object body) throws SQLException {
        List<Map<String, Object>> drafts = body instanceof List<?> list ? (List<Map<String, Object>>) list : List.of((Map<String, Object>) body);
        List<Map<String, Object>> made = new ArrayList<>();
        for (Map<String, Object> draft : drafts) {
            String contactId = String.valueOf(draft.get("contactId"));
            String title = String.valueOf(draft.get("title"));
            made.add(effects.once(String.valueOf(draft.get("once")), startedAt -> find(contactId, title, startedAt),
                    () -> summary(tasks.create(contactId, fields(draft)))));
        }
        return made;
    }

    private Map<String, Object> find(String contactId, String title, Instant startedAt) {
        for (Map<String, Object> task : tasks.ofContact(contactId)) {
            if (title.strip().equals(String.valueOf(task.get("title")).strip()) && madeSince(task.get("dateAdded"), startedAt)) {
                task.putIfAbsent("contactId", contactId);
                return summary(task);
            }
        }
        return null;
    }

    /** A task without a date (the API does not promise one) is taken by its title alone. */
    private static boolean madeSince(Object dateAdded, Instant startedAt) {
        if (dateAdded == null) {
            return true;
        }
        try {
            return !Instant.parse(dateAdded.toString()).isBefore(startedAt.minus(CLOCK_SKEW));
        } catch (DateTimeParseException e) {
            return true;
        }
    }

    private static Map<String, Object> fields(Map<String, Object> draft) {
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

    private static Map<String, Object> summary(Map<String, Object> task) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", task.get("id") != null ? task.get("id") : task.get("_id"));
        out.put("title", task.get("title"));
        out.put("contactId", task.get("contactId"));
        return out;
    }
}
