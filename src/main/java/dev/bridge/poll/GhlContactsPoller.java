package dev.bridge.poll;

import dev.bridge.clients.GhlContacts;
import dev.bridge.errors.RetryPolicy;
import dev.bridge.inbox.EntityKeys;
import org.apache.camel.CamelContext;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Contacts changed in HighLevel, as ContactUpdate events (and ContactTagUpdate events, for their tags, and a
 * ContactCreate for a contact made within the window polled): GHL drops a
 * webhook for good when the bridge could not take it, so the contact search (by dateUpdated, oldest first, paged
 * with searchAfter) finds what was missed. The
 * same change found twice (the overlap, a repeated poll) has the same dedupe key and is stored once.
 */
public final class GhlContactsPoller extends Poller {

    public static final String NAME = "ghl-contacts";
    /** Marks an event the poller made (not a webhook): a contact the bridge never saw then only sets what it knows. */
    public static final String POLLED = "bridgePolled";
    /** The fields of a ContactUpdate webhook; the search's own fields (searchAfter, *LowerCase, ...) stay out. */
    private static final List<String> WEBHOOK_FIELDS = List.of("locationId", "id", "address1", "city", "companyName", "country", "source",
            "dateAdded", "dateOfBirth", "dnd", "email", "name", "firstName", "lastName", "phone", "postalCode", "state", "tags", "website",
            "attachments", "assignedTo", "customFields", "dateUpdated");

    private final GhlContacts contacts;
    private final int pageLimit;
    private final int maxPages;

    public GhlContactsPoller(CamelContext context, GhlContacts contacts, PollCursors cursors, Duration overlap, int pageLimit, int maxPages,
                             RetryPolicy policy, Clock clock) {
        super(NAME, context, cursors, overlap, policy, clock);
        this.contacts = contacts;
        this.pageLimit = pageLimit;
        this.maxPages = maxPages;
    }

    @Override
    protected void run(Instant from) throws Exception {
        List<Object> searchAfter = null;
        // at most maxPages a run: the cursor has moved with each page, so the next run goes on from there
        for (int page = 0; page < maxPages; page++) {
            List<Map<String, Object>> found = contacts.changedSince(from, searchAfter, pageLimit);
            List<Event> events = new ArrayList<>();
            Instant newest = null;
            for (Map<String, Object> contact : found) {
                Object id = contact.get("id");
                Object updated = contact.get("dateUpdated");
                if (id == null || updated == null) {
                    continue;
                }
                events.add(new Event("ghl.ContactUpdate", "ghl:contact:" + id + ":" + updated, EntityKeys.ghlContact(id.toString()), null,
                        asWebhook(contact, "ContactUpdate")));
                if (createdSince(contact.get("dateAdded"), from)) {
                    // made while the bridge was polling: a ContactCreate that may never have come (onboarding, F6)
                    events.add(new Event("ghl.ContactCreate", "ghl:contact-created:" + id, EntityKeys.ghlContact(id.toString()), null,
                            asWebhook(contact, "ContactCreate")));
                }
                if (contact.get("tags") instanceof List<?>) {
                    // a ContactTagUpdate that never came: the tag flows find what changed against what they know
                    Map<String, Object> tags = asWebhook(contact, "ContactTagUpdate");
                    tags.put(POLLED, true);
                    events.add(new Event("ghl.ContactTagUpdate", "ghl:contact-tags:" + id + ":" + updated, EntityKeys.ghlContact(id.toString()),
                            null, tags));
                }
                newest = Instant.parse(updated.toString());
            }
            store(events);
            stored(newest);
            if (found.size() < pageLimit) {
                return;
            }
            searchAfter = next(found.get(found.size() - 1));
        }
    }

    /** Whether the contact was made within the window polled (a first run polls from its start only, never history). */
    private static boolean createdSince(Object dateAdded, Instant from) {
        try {
            return dateAdded != null && !Instant.parse(dateAdded.toString()).isBefore(from);
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }

    /** The last contact's cursor; a contact without one is resumed after by its sort values [dateUpdated, id]. */
    @SuppressWarnings("unchecked")
    private static List<Object> next(Map<String, Object> last) {
        if (last.get("searchAfter") instanceof List<?> given && !given.isEmpty()) {
            return (List<Object>) given;
        }
        return List.of(last.get("dateUpdated"), last.get("id"));
    }

    private static Map<String, Object> asWebhook(Map<String, Object> contact, String type) {
        Map<String, Object> hook = new LinkedHashMap<>();
        hook.put("type", type);
        for (String field : WEBHOOK_FIELDS) {
            if (contact.containsKey(field)) {
                hook.put(field, contact.get(field));
            }
        }
        return hook;
    }
}
