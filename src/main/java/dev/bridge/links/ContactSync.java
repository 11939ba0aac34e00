package dev.bridge.links;

import dev.bridge.clients.GhlCustomFields;
import dev.bridge.config.MissingSetting;
import dev.bridge.inbox.EntityKeys;
import dev.bridge.mapping.ContactMapping;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The contact ⇄ GitLab CRM contact pair (flow F6), on the HighLevel side: the link, what the mapping makes of a
 * contact, and what the link remembers. The link keeps per CRM field the value the mapping last produced from
 * HighLevel ({@code ghl}, with {@code updatedAt}) and the value the CRM contact held after the bridge's last write
 * ({@code gitlab}): an incoming value equal to the kept one is nothing new, so an echo or a repeat costs no call.
 */
public final class ContactSync {

    public static final String KIND = "contact";

    private final Links links;
    private final Supplier<ContactMapping> mapping;
    private final GhlCustomFields customFields;

    public ContactSync(Links links, Supplier<ContactMapping> mapping, GhlCustomFields customFields) {
        this.links = links;
        this.mapping = mapping;
        this.customFields = customFields;
    }

    /** The link of the contact in the body (its {@code id}); null when there is none (kamelet bridge-contact-link-lookup-action). */
    public Map<String, Object> link(@Body Map<String, Object> contact) throws SQLException {
        Links.Link link = links.find(KIND, String.valueOf(contact.get("id")));
        return link == null ? null : link.asMap();
    }

    /**
     * What the mapping makes of the contact in the body (kamelet bridge-contact-mapping-action). Out: {@code values}
     * (every mapped CRM field), {@code changes} (the fields to write: all of them for a contact not linked yet, else
     * those whose value changed in HighLevel since the last sync and that travel to GitLab), {@code stale} (the event
     * is older than the last one seen), {@code updatedAt}, and the contact's {@code email} and {@code phone} for matching.
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> map(@Body Map<String, Object> contact, Exchange exchange) {
        ContactMapping m = mapping.get();
        if (m.fields().isEmpty()) {
            throw new MissingSetting("the mapping file has no contacts section; add one (see the README's mapping reference) and replay");
        }
        Map<String, Object> link = exchange.getVariable("link", Map.class);
        Map<String, Object> source = sourceValues(contact, m);
        Map<String, Object> values = new LinkedHashMap<>();
        m.fields().forEach((crmField, f) -> values.put(crmField, f.value(source)));
        Object updatedAt = contact.get("dateUpdated") != null ? contact.get("dateUpdated") : contact.get("timestamp");
        Map<String, Object> known = link == null ? Map.of() : (Map<String, Object>) link.get("ghl");
        Map<String, Object> changes = new LinkedHashMap<>();
        if (link == null) {
            changes.putAll(values);
        } else {
            m.toGitLab().keySet().forEach(f -> {
                if (!known.containsKey(f) || !Values.same(values.get(f), known.get(f))) {
                    changes.put(f, values.get(f));
                }
            });
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("contactId", contact.get("id"));
        out.put("email", contact.get("email"));
        out.put("phone", contact.get("phone"));
        out.put("values", values);
        out.put("changes", changes);
        out.put("updatedAt", updatedAt);
        out.put("stale", Dates.olderThan(updatedAt, known.get("updatedAt")));
        return out;
    }

    /**
     * Records the pair after a write (kamelet bridge-contact-link-remember-action). "upsert": the body is the result of
     * gitlab-crm-contact-upsert-action, variable {@code contactFields} what the mapping made; a contact not linked yet is
     * linked now. "deleted": the contact was deleted in HighLevel; the body is true when its CRM contact is now inactive.
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> remember(@Header("BridgeRemember") String what, Exchange exchange) throws SQLException {
        Map<String, Object> link = exchange.getVariable("link", Map.class);
        if ("deleted".equals(what)) {
            links.setGhlState(KIND, (String) link.get("ghlId"), "deleted");
            if (Boolean.TRUE.equals(exchange.getMessage().getBody(Boolean.class))) {
                links.remember(KIND, (String) link.get("ghlId"), Map.of(), Map.of("active", false));
            }
            return link;
        }
        Map<String, Object> fields = exchange.getVariable("contactFields", Map.class);
        Map<String, Object> result = exchange.getMessage().getBody(Map.class);
        Map<String, Object> ghl = new LinkedHashMap<>((Map<String, Object>) fields.get("values"));
        if (fields.get("updatedAt") != null) {
            ghl.put("updatedAt", fields.get("updatedAt"));
        }
        Map<String, Object> gitlab = (Map<String, Object>) result.get("gitlab");
        String contactId = String.valueOf(fields.get("contactId"));
        if (link == null) {
            Map<String, Object> crm = (Map<String, Object>) result.get("contact");
            Links.Link created = new Links.Link(KIND, contactId, null, String.valueOf(crm.get("id")), null, null, null,
                    EntityKeys.ghl(KIND, contactId), "open", ghl, new LinkedHashMap<>(gitlab));
            return links.create(created, null).asMap();
        }
        links.remember(KIND, contactId, ghl, gitlab);
        return links.find(KIND, contactId).asMap();
    }

    /** The contact's standard fields, and its custom fields as custom.&lt;name&gt; for each name the mapping uses. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> sourceValues(Map<String, Object> contact, ContactMapping m) {
        Map<String, Object> source = new LinkedHashMap<>(contact);
        Map<String, Object> byId = new LinkedHashMap<>();
        if (contact.get("customFields") instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> cf && cf.get("id") != null) {
                    byId.put(String.valueOf(cf.get("id")), Values.text(cf.get("value")));
                }
            }
        }
        for (String name : m.customFields()) {
            String id = byId.containsKey(name) ? name : customFields.idOf(String.valueOf(contact.get("locationId")), name);
            if (id == null) {
                throw new MissingSetting("the mapping names custom." + name + ", which is not a custom field (id or key) of location "
                        + contact.get("locationId") + "; fix contacts.fields in the mapping file and replay");
            }
            source.put(ContactMapping.CUSTOM + name, byId.get(id));
        }
        return source;
    }

    /** Per mapped CRM field, the value the mapping makes of the contact (flow F7 compares HighLevel's current values). */
    Map<String, Object> values(Map<String, Object> contact) {
        ContactMapping m = mapping.get();
        Map<String, Object> source = sourceValues(contact, m);
        Map<String, Object> values = new LinkedHashMap<>();
        m.fields().forEach((crmField, f) -> values.put(crmField, f.value(source)));
        return values;
    }

    /** Comparing and spelling values the same way on both sides: null and blank are the same "no value". */
    static final class Values {

        private Values() {
        }

        static boolean same(Object a, Object b) {
            return Objects.equals(text(a), text(b));
        }

        static String text(Object v) {
            if (v == null) {
                return null;
            }
            String s = v instanceof List<?> l ? String.join(", ", l.stream().map(String::valueOf).toList()) : v.toString();
            return s.isBlank() ? null : s.strip();
        }
    }
}
