package dev.bridge.links;

import dev.bridge.mapping.ContactMapping;
import org.apache.camel.Body;
import org.apache.camel.Exchange;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The contact ⇄ GitLab CRM contact pair on the GitLab side (flow F7): the link found by the CRM contact's global
 * id, which of its mapped fields changed in GitLab since the last sync (compared with the value the link holds for
 * GitLab, so the poll of F6's own write changes nothing), and what the link remembers after HighLevel was written.
 */
public final class CrmContactSync {

    private final Links links;
    private final Supplier<ContactMapping> mapping;

    public CrmContactSync(Links links, Supplier<ContactMapping> mapping) {
        this.links = links;
        this.mapping = mapping;
    }

    /** The link of the CRM contact in the body (its {@code id}); null when there is none (kamelet bridge-crm-contact-link-lookup-action). */
    public Map<String, Object> link(@Body Map<String, Object> crmContact) throws SQLException {
        Links.Link link = links.findByGitLab(ContactSync.KIND, String.valueOf(crmContact.get("id")));
        return link == null ? null : link.asMap();
    }

    /**
     * What changed in GitLab (kamelet bridge-crm-contact-mapping-action). In: the CRM contact, variable {@code link}.
     * Out: {@code contactId} (HighLevel's), {@code changes} (per CRM field that travels to HighLevel, the new value,
     * when it differs from what the link holds for GitLab), {@code updatedAt}, {@code stale} (older than the last
     * change seen).
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> map(@Body Map<String, Object> crmContact, Exchange exchange) {
        Map<String, Object> link = exchange.getVariable("link", Map.class);
        Map<String, Object> known = (Map<String, Object>) link.get("gitlab");
        Map<String, Object> changes = new LinkedHashMap<>();
        mapping.get().toGhl().keySet().forEach(f -> {
            Object now = crmContact.get(f);
            if (!ContactUpsert.alike(f, now, known.get(f))) {
                changes.put(f, ContactSync.Values.text(now));
            }
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("contactId", link.get("ghlId"));
        out.put("changes", changes);
        out.put("updatedAt", crmContact.get("updatedAt"));
        out.put("stale", Dates.olderThan(crmContact.get("updatedAt"), known.get("updatedAt")));
        return out;
    }

    /**
     * Records the pair after HighLevel was written (kamelet bridge-crm-contact-link-remember-action). The body is the
     * result of ghl-contact-update-action, variable {@code crmFields} what the mapping found. GitLab's side takes the
     * changed fields' values (those HighLevel kept too: its own change then travels to GitLab as usual) and the
     * change time; HighLevel's side the values written and the contact's new dateUpdated, so the ContactUpdate
     * webhook HighLevel sends for this write is recognised as nothing new.
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> remember(@Body Map<String, Object> result, Exchange exchange) throws SQLException {
        Map<String, Object> fields = exchange.getVariable("crmFields", Map.class);
        String contactId = String.valueOf(fields.get("contactId"));
        Map<String, Object> gitlab = new LinkedHashMap<>((Map<String, Object>) fields.get("changes"));
        if (fields.get("updatedAt") != null) {
            gitlab.put("updatedAt", fields.get("updatedAt"));
        }
        Map<String, Object> ghl = new LinkedHashMap<>((Map<String, Object>) result.get("ghl"));
        Object dateUpdated = result.get("dateUpdated");
        if (dateUpdated != null && !((Map<String, Object>) result.get("written")).isEmpty()) {
            ghl.put("updatedAt", dateUpdated);
        }
        links.remember(ContactSync.KIND, contactId, ghl, gitlab);
        return links.find(ContactSync.KIND, contactId).asMap();
    }
}
