package dev.bridge.mapping;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The contact ⇄ GitLab CRM contact part of the mapping file (flow F6): which GitLab CRM field each HighLevel
 * contact field (or a template of several) feeds, which way later changes travel, and which side wins a conflict.
 *
 * @param fields by CRM field ({@code firstName}, {@code lastName}, {@code email}, {@code phone}, {@code description});
 *               a CRM field that is absent is not written
 */
public record ContactMapping(Map<String, Field> fields) {

    /** The CRM contact fields the bridge can write, in GraphQL spelling. */
    public static final List<String> CRM_FIELDS = List.of("firstName", "lastName", "email", "phone", "description");
    /** GitLab refuses a CRM contact without these. */
    public static final List<String> REQUIRED = List.of("firstName", "lastName");
    /** HighLevel's standard contact fields (as webhooks and GET /contacts/:id carry them); custom fields are custom.&lt;id or key&gt;. */
    public static final Set<String> GHL_FIELDS = Set.of("firstName", "lastName", "name", "email", "phone", "companyName", "address1",
            "city", "state", "postalCode", "country", "website", "source", "dateOfBirth", "timezone", "assignedTo", "type");
    public static final String CUSTOM = "custom.";
    /** Standard fields HighLevel's contact update (UpdateContactDto) does not take: they cannot travel to HighLevel. */
    public static final Set<String> GHL_NOT_UPDATABLE = Set.of("companyName", "type");

    /** Which side wins when both changed a field since the last sync. */
    public enum Conflict {
        GHL, GITLAB, NEWER;

        public static Conflict of(String word) {
            for (Conflict c : values()) {
                if (c.name().toLowerCase().equals(word)) {
                    return c;
                }
            }
            return null;
        }
    }

    /**
     * One CRM field and where its value comes from: one HighLevel field ({@code ghl}) or a template of several.
     */
    public record Field(String crmField, String ghl, Template template, Direction direction, Conflict conflict) {

        /** The CRM value for a contact whose fields (custom ones as custom.&lt;name&gt;) are {@code values}; null when empty. */
        public String value(Map<String, ?> values) {
            String v = ghl != null ? Objects.toString(values.get(ghl), null) : template.render(values);
            return v == null || v.isBlank() ? null : v.strip();
        }

        /** The HighLevel fields this CRM field is made from. */
        public Set<String> sources() {
            return ghl != null ? Set.of(ghl) : template.names();
        }
    }

    /** Written when a HighLevel contact changes (both, to-gitlab). */
    public Map<String, Field> toGitLab() {
        Map<String, Field> m = new LinkedHashMap<>();
        fields.forEach((k, f) -> {
            if (f.direction().toGitLab()) {
                m.put(k, f);
            }
        });
        return m;
    }

    /** Written to HighLevel when the CRM contact changes in GitLab (both, to-ghl; flow F7). */
    public Map<String, Field> toGhl() {
        Map<String, Field> m = new LinkedHashMap<>();
        fields.forEach((k, f) -> {
            if (f.direction().toGhl()) {
                m.put(k, f);
            }
        });
        return m;
    }

    /** Every custom field the mapping names (without the custom. prefix). */
    public Set<String> customFields() {
        Set<String> names = new TreeSet<>();
        fields.values().forEach(f -> f.sources().stream().filter(s -> s.startsWith(CUSTOM)).forEach(s -> names.add(s.substring(CUSTOM.length()))));
        return names;
    }
}
