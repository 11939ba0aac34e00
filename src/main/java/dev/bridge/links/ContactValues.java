package dev.bridge.links;

import dev.bridge.mapping.TaskMapping;

import java.util.LinkedHashMap;
import java.util.Map;

/** The values a contact block or a contact issue's title may name, from a GHL contact. */
public final class ContactValues {

    private ContactValues() {
    }

    /**
     * @param locationId the location to link to, when the contact lacks it
     * @param contactId  the contact's id, when the contact lacks it
     */
    public static Map<String, Object> of(Map<String, Object> contact, Object locationId, Object contactId, String appUrl) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String field : TaskMapping.CONTACT_FIELDS) {
            values.put(field, contact.get(field));
        }
        Object location = locationId != null ? locationId : contact.get("locationId");
        Object id = contactId != null ? contactId : contact.get("id");
        values.put("name", Texts.join(" ", contact.get("firstName"), contact.get("lastName")));
        values.put("id", id);
        values.put("locationId", location);
        values.put("url", appUrl + "/v2/location/" + location + "/contacts/detail/" + id);
        // custom fields by id, as contacts and their events carry them: [{"id": "...", "value": ...}]
        if (contact.get("customFields") instanceof java.util.List<?> custom) {
            for (Object o : custom) {
                if (o instanceof Map<?, ?> field && field.get("id") != null) {
                    Object value = field.get("value") != null ? field.get("value") : field.get("field_value");
                    values.put("custom." + field.get("id"), value instanceof java.util.List<?> list ? Texts.join(", ", list.toArray()) : value);
                }
            }
        }
        return values;
    }
}
