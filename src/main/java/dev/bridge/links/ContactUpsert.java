package dev.bridge.links;

import dev.bridge.clients.CrmRefused;
import dev.bridge.clients.GitLabCrm;
import dev.bridge.mapping.ContactMapping;
import dev.bridge.clients.Retries;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Writes a HighLevel contact's mapped fields to its GitLab CRM contact (flow F6). A contact not linked yet is matched
 * first, by e-mail then by phone, so a contact that exists in GitLab (or that an earlier attempt of this event made)
 * is never made twice; an ambiguous match is not guessed. A linked contact gets only the fields that changed, and
 * where GitLab changed the same field since the last sync, the field's conflict rule decides.
 */
public final class ContactUpsert {

    private static final Logger LOG = LoggerFactory.getLogger(ContactUpsert.class);

    private final GitLabCrm crm;
    private final Supplier<ContactMapping> mapping;

    public ContactUpsert(GitLabCrm crm, Supplier<ContactMapping> mapping) {
        this.crm = crm;
        this.mapping = mapping;
    }

    /**
     * Kamelet gitlab-crm-contact-upsert-action: the body is what bridge-contact-mapping-action made. Out: {@code contact}
     * (the CRM contact), {@code gitlab} (per field, what the CRM contact now holds), {@code written} (the fields sent).
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> upsert(@Body Map<String, Object> fields, @Variable("link") Map<String, Object> link, Exchange exchange) {
        Map<String, Object> changes = (Map<String, Object>) fields.get("changes");
        if (link != null) {
            return update(link, changes, fields.get("updatedAt"));
        }
        Map<String, Object> matched = match(fields);
        Map<String, Object> create = new LinkedHashMap<>();
        changes.forEach((f, v) -> {
            if (v != null) {
                create.put(f, v);
            }
        });
        // GitLab requires both names; HighLevel does not
        ContactMapping.REQUIRED.forEach(f -> create.putIfAbsent(f, "-"));
        if (matched == null && create.get("email") == null && create.get("phone") == null && Retries.mayHaveRunBefore(exchange)) {
            // nothing to search by but the names: only an attempt that may follow an earlier one looks for what it made
            matched = one(crm.findByNamesOnly(String.valueOf(create.get("firstName")), String.valueOf(create.get("lastName"))),
                    "the names (and no e-mail or phone)", create.get("firstName") + " " + create.get("lastName"), fields);
        }
        if (matched == null) {
            Map<String, Object> contact = crm.create(create);
            return result(contact, seen(contact), create);
        }
        Map<String, Object> found = matched;
        // a contact that was in GitLab before: the fields that travel to GitLab, where they differ; nothing is cleared
        Map<String, Object> write = new LinkedHashMap<>();
        mapping.get().toGitLab().keySet().forEach(f -> {
            Object v = changes.get(f);
            if (v != null && !alike(f, v, found.get(f))) {
                write.put(f, v);
            }
        });
        Map<String, Object> contact = write.isEmpty() ? found : crm.update((String) found.get("id"), write);
        return result(contact, seen(contact), write);
    }

    /** Kamelet gitlab-crm-contact-deactivate-action: true when the linked CRM contact is now inactive. */
    public boolean deactivate(@Variable("link") Map<String, Object> link) {
        return crm.deactivate((String) link.get("gitlabId"));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> update(Map<String, Object> link, Map<String, Object> changes, Object ghlUpdatedAt) {
        Map<String, ContactMapping.Field> fields = mapping.get().fields();
        Map<String, Object> known = (Map<String, Object>) link.get("gitlab");
        String id = (String) link.get("gitlabId");
        // GitLab is read only when a field's rule may let GitLab's own change win
        boolean read = changes.keySet().stream().anyMatch(f -> fields.get(f).conflict() != ContactMapping.Conflict.GHL);
        Map<String, Object> current = read ? crm.get(id) : null;
        if (read && current == null) {
            throw new CrmRefused("the GitLab CRM contact " + id + " linked to HighLevel contact " + link.get("ghlId")
                    + " no longer exists in the group; delete the link or restore the contact, then replay");
        }
        Map<String, Object> write = new LinkedHashMap<>();
        Map<String, Object> seen = new LinkedHashMap<>();
        changes.forEach((f, v) -> {
            if (current != null) {
                Object now = current.get(f);
                if (alike(f, now, v)) {
                    seen.put(f, now);
                    return;
                }
                if (!ContactSync.Values.same(now, known.get(f)) && gitlabWins(fields.get(f).conflict(), ghlUpdatedAt, current.get("updatedAt"))) {
                    LOG.info("Contact {}: {} changed on both sides since the last sync; GitLab's value stays ({} rule)",
                            link.get("ghlId"), f, fields.get(f).conflict().name().toLowerCase());
                    seen.put(f, now);
                    return;
                }
            }
            if (v == null && ContactMapping.REQUIRED.contains(f)) {
                return;
            }
            write.put(f, v);
        });
        if (write.isEmpty()) {
            return result(current, seen, write);
        }
        Map<String, Object> contact = crm.update(id, write);
        write.keySet().forEach(f -> seen.put(f, contact.get(f)));
        return result(contact, seen, write);
    }

    /** The same value for matching purposes: an e-mail in any case, a phone by its digits; nothing to write. */
    static boolean alike(String field, Object a, Object b) {
        String x = ContactSync.Values.text(a);
        String y = ContactSync.Values.text(b);
        if (x == null || y == null) {
            return x == y;
        }
        return switch (field) {
            case "email" -> x.equalsIgnoreCase(y);
            case "phone" -> GitLabCrm.digits(x).equals(GitLabCrm.digits(y));
            default -> x.equals(y);
        };
    }

    private static boolean gitlabWins(ContactMapping.Conflict rule, Object ghlUpdatedAt, Object gitlabUpdatedAt) {
        return switch (rule) {
            case GHL -> false;
            case GITLAB -> true;
            case NEWER -> Dates.olderThan(ghlUpdatedAt, gitlabUpdatedAt);
        };
    }

    /** One match by e-mail, else by phone, else null; more than one is not guessed. */
    private Map<String, Object> match(Map<String, Object> fields) {
        String email = ContactSync.Values.text(fields.get("email"));
        if (email != null) {
            Map<String, Object> one = one(crm.findByEmail(email), "e-mail", email, fields);
            if (one != null) {
                return one;
            }
        }
        String phone = ContactSync.Values.text(fields.get("phone"));
        return phone == null ? null : one(crm.findByPhone(phone), "phone", phone, fields);
    }

    private static Map<String, Object> one(List<Map<String, Object>> found, String what, String value, Map<String, Object> fields) {
        if (found.size() > 1) {
            String reason = "ambiguous: " + found.size() + " CRM contacts have " + what + " " + value;
            LOG.warn("HighLevel contact {} not synced: {}; merge or change them in GitLab, then replay the dead letter", fields.get("contactId"), reason);
            throw new CrmRefused(reason + "; merge or change them in GitLab, then replay");
        }
        return found.isEmpty() ? null : found.get(0);
    }

    /** Per mapped field, what the CRM contact holds. */
    private Map<String, Object> seen(Map<String, Object> contact) {
        Map<String, Object> seen = new LinkedHashMap<>();
        mapping.get().fields().keySet().forEach(f -> seen.put(f, contact.get(f)));
        return seen;
    }

    private static Map<String, Object> result(Map<String, Object> contact, Map<String, Object> gitlab, Map<String, Object> written) {
        if (contact != null && contact.get("updatedAt") != null) {
            // the CRM contact's change time: a poll older than it is stale (flow F7)
            gitlab.put("updatedAt", contact.get("updatedAt"));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("contact", contact);
        out.put("gitlab", gitlab);
        out.put("written", written);
        return out;
    }
}
