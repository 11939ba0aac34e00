package dev.bridge.mapping;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Reads and checks the {@code contacts} section of the mapping file. */
final class ContactMappingReader {

    private static final Set<String> SECTION_KEYS = Set.of("fields");
    private static final Set<String> FIELD_KEYS = Set.of("ghl", "template", "direction", "conflict");

    private ContactMappingReader() {
    }

    static ContactMapping read(Object value, Entries in) {
        Map<String, Object> section = in.map(value, "contacts");
        in.onlyKeys(section, SECTION_KEYS, "contacts.");
        Map<String, ContactMapping.Field> fields = new LinkedHashMap<>();
        Map<String, Object> specs = in.map(section.get("fields"), "contacts.fields");
        specs.forEach((crmField, spec) -> {
            ContactMapping.Field f = field(crmField, in.map(spec, "contacts.fields." + crmField), in);
            if (f != null) {
                fields.put(crmField, f);
            }
        });
        if (value != null) {
            for (String required : ContactMapping.REQUIRED) {
                if (!specs.containsKey(required)) {
                    in.problem("contacts.fields." + required, "is missing; GitLab requires a CRM contact's " + required
                            + ", so map it, for example " + required + ": { ghl: " + required + ", direction: both }");
                }
            }
        }
        return new ContactMapping(fields);
    }

    private static ContactMapping.Field field(String crmField, Map<String, Object> spec, Entries in) {
        String entry = "contacts.fields." + crmField;
        if (!ContactMapping.CRM_FIELDS.contains(crmField)) {
            in.problem(entry, "is not a GitLab CRM contact field the bridge writes; use one of " + String.join(", ", ContactMapping.CRM_FIELDS));
            return null;
        }
        in.onlyKeys(spec, FIELD_KEYS, entry + ".");
        Object ghl = spec.get("ghl");
        Object template = spec.get("template");
        Template t = null;
        if ((ghl == null) == (template == null)) {
            in.problem(entry, "needs exactly one of ghl (one HighLevel field) or template (several, such as \"{{companyName}} · {{custom.industry}}\")");
        } else if (ghl != null) {
            if (!(ghl instanceof String s && known(s))) {
                in.problem(entry + ".ghl", "'" + ghl + "' is not a HighLevel contact field; use one of " + fieldList());
            }
        } else if (!(template instanceof String text)) {
            in.problem(entry + ".template", "must be text");
        } else {
            t = new Template(text);
            for (String name : t.names()) {
                if (!known(name)) {
                    in.problem(entry + ".template", "names {{" + name + "}}, which is not known; use " + fieldList());
                }
            }
        }
        Object d = spec.get("direction");
        Direction direction = Direction.of(String.valueOf(d));
        if (direction == null) {
            in.problem(entry + ".direction", (d == null ? "is missing" : "'" + d + "' is not a direction") + "; use one of " + Direction.choices());
        } else if (t != null && direction.toGhl()) {
            in.problem(entry + ".direction", "a template only travels to GitLab; use to-gitlab or on-create");
        }
        if (direction != null && direction.toGhl() && ghl instanceof String g && ContactMapping.GHL_NOT_UPDATABLE.contains(g)) {
            in.problem(entry + ".direction", "HighLevel does not take " + g + " on a contact update, so it cannot travel to HighLevel; use to-gitlab or on-create");
        }
        Object c = spec.get("conflict");
        ContactMapping.Conflict conflict = c == null ? ContactMapping.Conflict.NEWER : ContactMapping.Conflict.of(String.valueOf(c));
        if (conflict == null) {
            in.problem(entry + ".conflict", "'" + c + "' is not a conflict rule; use ghl, gitlab or newer (the default)");
        }
        return new ContactMapping.Field(crmField, ghl instanceof String s ? s : null, t, direction, conflict);
    }

    private static String fieldList() {
        return String.join(", ", ContactMapping.GHL_FIELDS.stream().sorted().toList()) + ", or custom.<field id or key>";
    }

    private static boolean known(String ghlField) {
        return ContactMapping.GHL_FIELDS.contains(ghlField)
                || (ghlField.startsWith(ContactMapping.CUSTOM) && ghlField.length() > ContactMapping.CUSTOM.length());
    }
}
