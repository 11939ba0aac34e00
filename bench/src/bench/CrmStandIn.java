package bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * GitLab CRM contacts over GraphQL ({@code POST /api/graphql}) as flow F6 calls them, in group {@link #GROUP}: the
 * contact search (by e-mail, then by phone: empty nodes unless a contact with that e-mail or phone digits was made
 * here, as a retried create would look), {@code customerRelationsContactCreate} (a new gid per call) and the group
 * id lookup. Creates are counted per e-mail: a second one for the same e-mail is a duplicate.
 */
final class CrmStandIn {

    static final String GROUP = "acme";
    static final String GROUP_GID = "gid://gitlab/Group/26";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The contacts made, as JSON text (small at 100k contacts), by lower-case e-mail and by phone digits. */
    private final Map<String, String> byEmail = new ConcurrentHashMap<>();
    private final Map<String, String> byPhone = new ConcurrentHashMap<>();
    private final AtomicLong creates = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong searches = new AtomicLong();

    /** The kind of a GraphQL request, by its query text as GitLabCrm writes it; "other" for one F6 does not make. */
    static String kind(JsonNode request) {
        String query = request.path("query").asText("");
        if (query.contains("customerRelationsContactCreate(")) {
            return "gitlab graphql create";
        } else if (query.contains("contacts(search:")) {
            return "gitlab graphql search";
        } else if (query.contains("group(fullPath:") && !query.contains("contacts(")) {
            return "gitlab graphql group";
        }
        return "other";
    }

    /** The answer (HTTP 200, as GitLab's GraphQL answers) to a request of {@code kind}. */
    String answer(String kind, JsonNode request) {
        JsonNode vars = request.path("variables");
        return switch (kind) {
            case "gitlab graphql search" -> search(vars);
            case "gitlab graphql create" -> create(vars.path("input"));
            // the group's gid, for a create before any search
            case "gitlab graphql group" -> GROUP.equals(vars.path("group").asText())
                    ? "{\"data\":{\"group\":{\"id\":\"" + GROUP_GID + "\"}}}" : "{\"data\":{\"group\":null}}";
            default -> throw new IllegalArgumentException("not a CRM request: " + kind);
        };
    }

    private String search(JsonNode vars) {
        searches.incrementAndGet();
        if (!GROUP.equals(vars.path("group").asText())) {
            // what GitLab answers for a group the token cannot see: the flow then dead-letters, and "lost" shows it
            return "{\"data\":{\"group\":null}}";
        }
        String term = vars.path("search").asText("").strip();
        String found = term.contains("@") ? byEmail.get(term.toLowerCase(Locale.ROOT)) : byPhone.get(digits(term));
        return "{\"data\":{\"group\":{\"id\":\"" + GROUP_GID + "\",\"contacts\":{\"nodes\":[" + (found == null ? "" : found) + "]}}}}";
    }

    private String create(JsonNode input) {
        if (!GROUP_GID.equals(input.path("groupId").asText())) {
            return "{\"data\":{\"customerRelationsContactCreate\":{\"contact\":null,\"errors\":[\"Group not found\"]}}}";
        }
        long n = creates.incrementAndGet();
        ObjectNode contact = JSON.createObjectNode().put("id", "gid://gitlab/CustomerRelations::Contact/" + n);
        for (String f : new String[] {"firstName", "lastName", "email", "phone", "description"}) {
            contact.put(f, input.path(f).isTextual() ? input.path(f).asText() : null);
        }
        contact.put("active", true).put("updatedAt", Instant.now().toString());
        String text = contact.toString();
        String email = input.path("email").asText("").toLowerCase(Locale.ROOT);
        if (!email.isEmpty() && byEmail.putIfAbsent(email, text) != null) {
            duplicates.incrementAndGet();
        }
        String phone = digits(input.path("phone").asText(""));
        if (!phone.isEmpty()) {
            byPhone.putIfAbsent(phone, text);
        }
        ObjectNode payload = JSON.createObjectNode();
        payload.set("contact", contact);
        payload.putArray("errors");
        ObjectNode answer = JSON.createObjectNode();
        answer.putObject("data").set("customerRelationsContactCreate", payload);
        return answer.toString();
    }

    /** The counters /_stats shows. */
    void stats(ObjectNode stats) {
        stats.put("contactCreates", creates.get()).put("distinctContacts", byEmail.size())
                .put("contactDuplicates", duplicates.get()).put("contactSearches", searches.get());
    }

    /** The e-mails that got a CRM contact, one a line (/_contacts). */
    String emails() {
        return String.join("\n", byEmail.keySet());
    }

    private static String digits(String phone) {
        return phone.replaceAll("[^0-9]", "");
    }
}
