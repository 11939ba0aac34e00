package dev.bridge.effects;

import dev.bridge.inbox.InboxDispatcher;
import dev.bridge.poll.GhlContactsPoller;
import org.apache.camel.Body;
import org.apache.camel.Header;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a contact event did to the contact's tags and what an Issue Hook did to the issue's labels (kamelets
 * bridge-tag-changes-action and bridge-label-changes-action), worked out once per event by {@link KnownSets}.
 * Tags are compared without regard to case.
 */
public final class MemberChanges {

    private final KnownSets sets;

    public MemberChanges(KnownSets sets) {
        this.sets = sets;
    }

    /** A contact event (ContactTagUpdate, ContactCreate): out contactId, tags, added, removed (tags in lower case). */
    public Map<String, Object> tags(@Header(InboxDispatcher.EVENT_KEY) String eventKey, @Body Map<String, Object> event) throws SQLException {
        String contactId = String.valueOf(event.get("id"));
        if (!(event.get("tags") instanceof List<?>)) {
            return unchanged("contactId", contactId, "tags"); // an event that does not say the tags changes none
        }
        List<String> tags = lowerCase(event.get("tags"));
        Object time = event.get("timestamp") != null ? event.get("timestamp") : event.get("dateUpdated");
        String owner = KnownSets.contactTags(contactId);
        // a poll cannot tell what changed for a contact the bridge never saw: its tags are taken as they are, none as added
        List<String> before = Boolean.TRUE.equals(event.get(GhlContactsPoller.POLLED)) && !sets.isKnown(owner) ? tags : null;
        KnownSets.Changes changes = sets.changes(eventKey, owner, tags, before, time == null ? null : time.toString());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("contactId", contactId);
        out.put("tags", tags);
        out.putAll(changes.toMap());
        return out;
    }

    /** An Issue Hook: out project, iid, labels (titles), added, removed. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> labels(@Header(InboxDispatcher.EVENT_KEY) String eventKey, @Body Map<String, Object> hook) throws SQLException {
        Map<String, Object> attrs = hook.get("object_attributes") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        Object project = attrs.get("project_id") != null ? attrs.get("project_id")
                : hook.get("project") instanceof Map<?, ?> p ? ((Map<String, Object>) p).get("id") : null;
        Object iid = attrs.get("iid");
        Map<String, Object> labelChange = hook.get("changes") instanceof Map<?, ?> ch && ch.get("labels") instanceof Map<?, ?> l
                ? (Map<String, Object>) l : null;
        Object current = labelChange != null && labelChange.get("current") != null ? labelChange.get("current")
                : hook.get("labels") != null ? hook.get("labels") : attrs.get("labels");
        if (!(current instanceof List<?>)) {
            Map<String, Object> out = unchanged("project", project, "labels");
            out.put("iid", iid);
            return out; // a hook that does not say the labels changes none
        }
        List<String> labels = titles(current);
        List<String> before = labelChange != null ? titles(labelChange.get("previous")) : labels;
        Object time = attrs.get("updated_at");
        KnownSets.Changes changes = sets.changes(eventKey, KnownSets.issueLabels(project, iid), labels, before, time == null ? null : time.toString());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("project", project);
        out.put("iid", iid);
        out.put("labels", labels);
        out.putAll(changes.toMap());
        return out;
    }

    private static Map<String, Object> unchanged(String idName, Object id, String setName) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(idName, id);
        out.put(setName, null);
        out.putAll(new KnownSets.Changes(List.of(), List.of()).toMap());
        return out;
    }

    static List<String> lowerCase(Object tags) {
        List<String> out = new ArrayList<>();
        if (tags instanceof List<?> list) {
            for (Object t : list) {
                if (t != null && !t.toString().isBlank()) {
                    out.add(t.toString().trim().toLowerCase(Locale.ROOT));
                }
            }
        }
        return out;
    }

    private static List<String> titles(Object labels) {
        List<String> out = new ArrayList<>();
        if (labels instanceof List<?> list) {
            for (Object l : list) {
                Object title = l instanceof Map<?, ?> m ? m.get("title") : l;
                if (title != null) {
                    out.add(title.toString());
                }
            }
        }
        return out;
    }
}
