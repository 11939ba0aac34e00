package dev.bridge.links;

import dev.bridge.clients.GhlContacts;
import dev.bridge.clients.GhlCustomFields;
import dev.bridge.config.MissingSetting;
import dev.bridge.mapping.ContactMapping;
import org.apache.camel.Body;
import org.apache.camel.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Writes the CRM fields that changed in GitLab to the linked HighLevel contact (flow F7): one
 * {@code PUT /contacts/:id} with only those fields, under HighLevel's names (custom fields as
 * {@code customFields: [{id, field_value}]}), never {@code locationId}. Where HighLevel changed the same field since
 * the last sync, the field's conflict rule decides; HighLevel is read for that once, unless every changed field's
 * rule is {@code gitlab}.
 */
public final class GhlContactUpdate {

    private static final Logger LOG = LoggerFactory.getLogger(GhlContactUpdate.class);

    private final GhlContacts contacts;
    private final GhlCustomFields customFields;
    private final ContactSync contactSync;
    private final Supplier<ContactMapping> mapping;

    public GhlContactUpdate(GhlContacts contacts, GhlCustomFields customFields, ContactSync contactSync, Supplier<ContactMapping> mapping) {
        this.contacts = contacts;
        this.customFields = customFields;
        this.contactSync = contactSync;
        this.mapping = mapping;
    }

    /**
     * Kamelet ghl-contact-update-action: the body is what bridge-crm-contact-mapping-action made, variable
     * {@code link}. Out: {@code written} (CRM field → value sent), {@code kept} (fields HighLevel's change keeps),
     * {@code ghl} (per CRM field, what HighLevel now holds, for the fields looked at) and {@code dateUpdated}.
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> update(@Body Map<String, Object> crmFields, @Variable("link") Map<String, Object> link) {
        Map<String, ContactMapping.Field> fields = mapping.get().fields();
        Map<String, Object> changes = (Map<String, Object>) crmFields.get("changes");
        Map<String, Object> known = (Map<String, Object>) link.get("ghl");
        String contactId = String.valueOf(link.get("ghlId"));
        boolean read = changes.keySet().stream().anyMatch(f -> fields.get(f).conflict() != ContactMapping.Conflict.GITLAB);
        Map<String, Object> current = read ? contacts.get(contactId) : null;
        Map<String, Object> now = read ? contactSync.values(current) : Map.of();
        Map<String, Object> ghl = new LinkedHashMap<>();
        Map<String, Object> written = new LinkedHashMap<>();
        List<String> kept = new ArrayList<>();
        changes.forEach((f, v) -> {
            if (read) {
                if (ContactUpsert.alike(f, now.get(f), v)) {
                    ghl.put(f, now.get(f));
                    return;
                }
                if (!ContactSync.Values.same(now.get(f), known.get(f))
                        && ghlWins(fields.get(f).conflict(), crmFields.get("updatedAt"), current.get("dateUpdated"))) {
                    LOG.info("Contact {}: {} changed on both sides since the last sync; HighLevel's value stays ({} rule)", contactId, f,
                            fields.get(f).conflict().name().toLowerCase());
                    kept.add(f);
                    return;
                }
            }
            written.put(f, v);
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("written", written);
        out.put("kept", kept);
        out.put("ghl", ghl);
        if (written.isEmpty()) {
            out.put("dateUpdated", current == null ? null : current.get("dateUpdated"));
            return out;
        }
        Map<String, Object> answer = contacts.update(contactId, body(written, fields, current));
        ghl.putAll(written);
        out.put("dateUpdated", answer.get("dateUpdated"));
        return out;
    }

    /** The request body: each CRM field under the HighLevel field it maps to; custom fields by id. */
    private Map<String, Object> body(Map<String, Object> written, Map<String, ContactMapping.Field> fields, Map<String, Object> current) {
        Map<String, Object> body = new LinkedHashMap<>();
        List<Map<String, Object>> custom = new ArrayList<>();
        written.forEach((f, v) -> {
            String ghlField = fields.get(f).ghl();
            if (ghlField.startsWith(ContactMapping.CUSTOM)) {
                String name = ghlField.substring(ContactMapping.CUSTOM.length());
                String location = current != null && current.get("locationId") != null ? current.get("locationId").toString() : contacts.locationId();
                if (location == null) {
                    throw new MissingSetting("GHL_LOCATION_ID is not set: custom field " + name + " cannot be written to HighLevel");
                }
                String id = customFields.idOf(location, name);
                if (id == null) {
                    throw new MissingSetting("the mapping names custom." + name + ", which is not a custom field (id or key) of location "
                            + location + "; fix contacts.fields in the mapping file and replay");
                }
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("id", id);
                one.put("field_value", v);
                custom.add(one);
            } else {
                body.put(ghlField, v);
            }
        });
        if (!custom.isEmpty()) {
            body.put("customFields", custom);
        }
        return body;
    }

    private static boolean ghlWins(ContactMapping.Conflict rule, Object crmUpdatedAt, Object ghlUpdatedAt) {
        return switch (rule) {
            case GITLAB -> false;
            case GHL -> true;
            case NEWER -> Dates.olderThan(crmUpdatedAt, ghlUpdatedAt);
        };
    }
}
