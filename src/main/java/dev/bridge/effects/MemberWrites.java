package dev.bridge.effects;

import dev.bridge.clients.ApiRejected;
import dev.bridge.clients.GhlContacts;
import dev.bridge.clients.GitLabIssues;
import dev.bridge.inbox.InboxDispatcher;
import dev.bridge.inbox.InboxRow;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The bridge's own changes to a contact's tags ({@code POST} / {@code DELETE /contacts/:id/tags}: never a {@code PUT}
 * of the whole list, which would overwrite tags the bridge does not know) and to an issue's labels ({@code add_labels}
 * / {@code remove_labels}). Each is recorded in {@link KnownSets} before the call, so its echo changes nothing.
 */
public final class MemberWrites {

    private static final Logger LOG = LoggerFactory.getLogger(MemberWrites.class);

    private final KnownSets sets;
    private final GhlContacts contacts;
    private final GitLabIssues issues;

    public MemberWrites(KnownSets sets, GhlContacts contacts, GitLabIssues issues) {
        this.sets = sets;
        this.contacts = contacts;
        this.issues = issues;
    }

    /**
     * In: contactId, add, remove (tag lists; either may be missing). Out: contactId, added, removed (as sent: a tag a
     * newer change decided otherwise since the event arrived is left as it is).
     */
    public Map<String, Object> tags(@Body Map<String, Object> change, @ExchangeProperty(InboxDispatcher.ROW_PROPERTY) InboxRow event)
            throws SQLException {
        String contactId = String.valueOf(change.get("contactId"));
        List<String> add = MemberChanges.lowerCase(change.get("add"));
        List<String> remove = MemberChanges.lowerCase(change.get("remove"));
        String owner = KnownSets.contactTags(contactId);
        List<String> added = tagWrite(owner, add, true, event, tags -> contacts.addTags(contactId, tags));
        List<String> removed = tagWrite(owner, remove, false, event, tags -> contacts.removeTags(contactId, tags));
        leftAsTheyAre("HighLevel contact " + contactId + ": tags", add, remove, added, removed);
        return result("contactId", contactId, added, removed);
    }

    /** One tag call (added or removed), recorded first; answers the tags it sent. */
    private List<String> tagWrite(String owner, List<String> tags, boolean add, InboxRow event, Consumer<List<String>> call) throws SQLException {
        if (tags.isEmpty()) {
            return List.of();
        }
        KnownSets.Write write = add ? sets.written(owner, tags, List.of(), arrived(event)) : sets.written(owner, List.of(), tags, arrived(event));
        List<String> sent = add ? write.added() : write.removed();
        if (!sent.isEmpty()) {
            refusedTakesBack(write, () -> {
                call.accept(sent);
                return sent;
            });
        }
        return sent;
    }

    /** In: add, remove (label lists); variable link: the issue. Out: project, iid, added, removed (as sent). */
    public Map<String, Object> labels(@Variable("link") Map<String, Object> link, @Body Map<String, Object> change,
                                      @ExchangeProperty(InboxDispatcher.ROW_PROPERTY) InboxRow event) throws SQLException {
        Object project = link.get("gitlabProject");
        Object iid = link.get("gitlabIid");
        List<String> add = strings(change.get("add"));
        List<String> remove = strings(change.get("remove"));
        if (add.isEmpty() && remove.isEmpty()) {
            return result("iid", iid, add, remove);
        }
        KnownSets.Write write = sets.written(KnownSets.issueLabels(project, iid), add, remove, arrived(event));
        leftAsTheyAre("GitLab issue " + iid + " of project " + project + ": labels", add, remove, write.added(), write.removed());
        Map<String, Object> out = result("iid", iid, write.added(), write.removed());
        out.put("project", project);
        if (write.added().isEmpty() && write.removed().isEmpty()) {
            return out;
        }
        if (!refusedTakesBack(write, () -> issues.changeLabels(project, iid, write.added(), write.removed()))) {
            // deleted in GitLab (or moved away): nothing to label there, and the contact's other issues still are
            LOG.info("GitLab issue {} of project {} is gone (404); its labels were not changed", iid, project);
            out.put("gone", true);
        }
        return out;
    }

    /** When the event that decided the write arrived; null outside an event (no newer change can be told apart). */
    private static Instant arrived(InboxRow event) {
        return event == null || event.receivedAt() == null ? null : event.receivedAt().toInstant();
    }

    private static void leftAsTheyAre(String what, List<String> add, List<String> remove, List<String> added, List<String> removed) {
        List<String> left = new ArrayList<>(add);
        left.removeAll(added);
        List<String> kept = new ArrayList<>(remove);
        kept.removeAll(removed);
        left.addAll(kept);
        if (!left.isEmpty()) {
            LOG.info("{} {} left as they are: changed the other way since this event arrived (a newer change wins)", what, left);
        }
    }

    /**
     * A call the other side refused (4xx) did not happen: its record is taken back, or the next event would see the
     * member as removed. A timeout or 5xx may have acted, so its record stays.
     */
    private <T> T refusedTakesBack(KnownSets.Write write, Supplier<T> call) throws SQLException {
        try {
            return call.get();
        } catch (ApiRejected e) {
            sets.refused(write);
            throw e;
        }
    }

    private static Map<String, Object> result(String idName, Object id, List<String> added, List<String> removed) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(idName, id);
        out.put("added", added);
        out.put("removed", removed);
        return out;
    }

    private static List<String> strings(Object value) {
        return value instanceof List<?> list ? list.stream().filter(v -> v != null && !v.toString().isBlank()).map(Object::toString).toList() : List.of();
    }
}
