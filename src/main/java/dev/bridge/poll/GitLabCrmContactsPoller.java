package dev.bridge.poll;

import dev.bridge.clients.GitLabCrm;
import dev.bridge.errors.RetryPolicy;
import dev.bridge.inbox.EntityKeys;
import dev.bridge.links.ContactSync;
import dev.bridge.links.Links;
import org.apache.camel.CamelContext;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CRM contacts changed in GitLab, which sends no webhook for them (flow F7). GitLab's {@code Group.contacts} has no
 * updated-since filter, and its finder sorts by contact fields (name, e-mail, ...), not by update time, so
 * each run reads the whole list, page by page with GraphQL cursors, and emits only the contacts changed at or after
 * the cursor minus the overlap that are linked to a HighLevel contact. The cursor (the newest change emitted)
 * moves once the last page is read: a failed page keeps it, and the next run reads the list again.
 */
public final class GitLabCrmContactsPoller extends Poller {

    public static final String NAME = "gitlab-crm-contacts";

    private final GitLabCrm crm;
    private final Links links;

    public GitLabCrmContactsPoller(CamelContext context, GitLabCrm crm, Links links, PollCursors cursors, Duration overlap, RetryPolicy policy,
                                   Clock clock) {
        super(NAME, context, cursors, overlap, policy, clock);
        this.crm = crm;
        this.links = links;
    }

    @Override
    protected void run(Instant from) throws Exception {
        Instant newest = null;
        String after = null;
        do {
            GitLabCrm.Page page = crm.page(after);
            List<Event> events = new ArrayList<>();
            for (Map<String, Object> contact : page.contacts()) {
                Instant updated = instant(contact.get("updatedAt"));
                if (updated == null || updated.isBefore(from) || contact.get("id") == null) {
                    continue;
                }
                String gid = contact.get("id").toString();
                // the bridge does not create HighLevel contacts from GitLab: only linked ones travel
                Links.Link link = links.findByGitLab(ContactSync.KIND, gid);
                if (link == null) {
                    continue;
                }
                events.add(new Event("gitlab.crm_contact", "gitlab:crm_contact:" + gid + ":" + contact.get("updatedAt"), EntityKeys.ghlContact(link.ghlId()), null,
                        new LinkedHashMap<>(contact)));
                newest = newest == null || updated.isAfter(newest) ? updated : newest;
            }
            store(events);
            // a cursor that does not move would read the same page for ever
            after = page.next() != null && !page.next().equals(after) ? page.next() : null;
        } while (after != null);
        stored(newest);
    }

    private static Instant instant(Object value) {
        try {
            return value == null ? null : Instant.parse(value.toString());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
