package dev.bridge.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * GitLab's CRM contacts of one group over GraphQL ({@code POST /api/graphql}), the calls the bridge makes: the group's
 * id, contacts by search, by id and page by page (cursor), create and update, and issueSetCrmContacts (APPEND).
 * Part of the GitLab stand-in, which synchronizes the calls.
 */
final class DemoCrm {

    static final String GROUP_PATH = "demo";
    static final String GROUP_GID = "gid://gitlab/Group/26";
    private static final String CONTACT_GID = "gid://gitlab/CustomerRelations::Contact/";
    /** The fields CustomerRelationsContactCreate/UpdateInput take besides groupId and id. */
    private static final Set<String> INPUT = Set.of("firstName", "lastName", "email", "phone", "description", "organizationId", "active");
    private static final int PAGE_SIZE = 100;

    private final Map<String, ObjectNode> contacts = new LinkedHashMap<>();
    /** issue (project path#iid) to the CRM contacts on it */
    private final Map<String, Set<String>> issueContacts = new LinkedHashMap<>();
    private Instant last = Instant.EPOCH;
    private long nextId = 301;

    List<ObjectNode> contacts() {
        return contacts.values().stream().map(ObjectNode::deepCopy).toList();
    }

    Set<String> onIssue(String projectPath, long iid) {
        return Set.copyOf(issueContacts.getOrDefault(projectPath + "#" + iid, Set.of()));
    }

    /** Someone edits a CRM contact in GitLab's UI: the fields change and updatedAt moves on. */
    ObjectNode edit(String gid, String field, String value) {
        ObjectNode c = contacts.get(gid);
        c.put(field, value).put("updatedAt", now());
        return c.deepCopy();
    }

    /** A GraphQL request in a few words, for the call log: "{contacts(search: "a@b.c")}", "{customerRelationsContactCreate}". */
    static String describe(JsonNode request) {
        String query = request == null ? "" : request.path("query").asText("");
        JsonNode vars = request == null ? StandIn.object() : request.path("variables");
        for (String mutation : List.of("customerRelationsContactCreate", "customerRelationsContactUpdate", "issueSetCrmContacts")) {
            if (query.contains(mutation)) {
                JsonNode input = vars.path("input");
                return "{" + mutation + (mutation.equals("issueSetCrmContacts") ? " #" + input.path("iid").asText() + " " + input.path("operationMode").asText()
                        : input.has("id") ? " " + fieldNames(input) : "") + "}";
            }
        }
        if (query.contains("contacts(search:")) {
            return "{contacts(search: \"" + vars.path("search").asText() + "\")}";
        }
        if (query.contains("contacts(first:")) {
            return "{contacts(first: 100, after: " + (vars.path("after").isTextual() ? vars.get("after").asText() : "null") + ")}";
        }
        return query.contains("contacts(ids:") ? "{contacts(ids: ...)}" : query.contains("group(fullPath:") ? "{group id}" : null;
    }

    private static String fieldNames(JsonNode input) {
        List<String> names = new ArrayList<>();
        input.fieldNames().forEachRemaining(f -> {
            if (!f.equals("id")) {
                names.add(f);
            }
        });
        return String.join(", ", names);
    }

    /** The answer to one GraphQL request (GitLab answers 200 with {@code errors} for what it refuses). */
    JsonNode answer(JsonNode request) throws StandIn.Refusal {
        String query = request == null ? "" : request.path("query").asText("");
        JsonNode vars = request == null ? StandIn.object() : request.path("variables");
        ObjectNode data = StandIn.object();
        if (query.contains("customerRelationsContactCreate")) {
            data.set("customerRelationsContactCreate", create(vars.path("input")));
        } else if (query.contains("customerRelationsContactUpdate")) {
            data.set("customerRelationsContactUpdate", update(vars.path("input")));
        } else if (query.contains("issueSetCrmContacts")) {
            data.set("issueSetCrmContacts", setOnIssue(vars.path("input")));
        } else if (query.contains("group(fullPath:")) {
            if (!GROUP_PATH.equals(vars.path("group").asText())) {
                return data.putNull("group");
            }
            ObjectNode group = data.putObject("group").put("id", GROUP_GID);
            if (query.contains("contacts(")) {
                group.set("contacts", list(query, vars));
            }
        } else {
            throw new StandIn.Refusal(400, "the GitLab stand-in answers no such GraphQL query");
        }
        return StandIn.object().set("data", data);
    }

    private ObjectNode list(String query, JsonNode vars) {
        List<ObjectNode> found = new ArrayList<>(contacts.values());
        ObjectNode out = StandIn.object();
        if (query.contains("contacts(search:")) {
            // GitLab searches names, e-mail and description, in part and in any case
            String term = vars.path("search").asText("").toLowerCase();
            found.removeIf(c -> List.of("firstName", "lastName", "email", "description").stream()
                    .noneMatch(f -> c.path(f).asText("").toLowerCase().contains(term)));
        } else if (query.contains("contacts(ids:")) {
            List<String> ids = new ArrayList<>();
            vars.path("ids").forEach(id -> ids.add(id.asText()));
            found.removeIf(c -> !ids.contains(c.get("id").asText()));
        } else if (query.contains("contacts(first:")) {
            int from = vars.path("after").isTextual() ? Integer.parseInt(vars.get("after").asText()) : 0;
            int to = Math.min(found.size(), from + PAGE_SIZE);
            found = found.subList(Math.min(from, to), to);
            out.putObject("pageInfo").put("hasNextPage", to < contacts.size()).put("endCursor", String.valueOf(to));
        }
        ArrayNode nodes = out.putArray("nodes");
        found.forEach(c -> nodes.add(c.deepCopy()));
        return out;
    }

    private ObjectNode create(JsonNode input) throws StandIn.Refusal {
        if (!GROUP_GID.equals(input.path("groupId").asText())) {
            throw new StandIn.Refusal(400, "groupId is not the demo group's id");
        }
        ObjectNode c = StandIn.object().put("id", CONTACT_GID + nextId++).putNull("firstName").putNull("lastName").putNull("email")
                .putNull("phone").putNull("description").put("active", true);
        List<String> errors = write(c, input, "groupId");
        if (errors.isEmpty() && (c.path("firstName").asText("").isBlank() || c.path("lastName").asText("").isBlank())) {
            errors.add("First name can't be blank, Last name can't be blank");
        }
        if (errors.isEmpty()) {
            contacts.put(c.get("id").asText(), c);
        }
        return result(errors.isEmpty() ? c : null, errors);
    }

    private ObjectNode update(JsonNode input) throws StandIn.Refusal {
        ObjectNode c = contacts.get(input.path("id").asText());
        if (c == null) {
            return result(null, List.of("The resource that you are attempting to access does not exist or you don't have permission"));
        }
        return result(c, write(c, input, "id"));
    }

    private List<String> write(ObjectNode c, JsonNode input, String key) throws StandIn.Refusal {
        for (Map.Entry<String, JsonNode> f : input.properties()) {
            if (!f.getKey().equals(key) && !INPUT.contains(f.getKey())) {
                throw new StandIn.Refusal(400, "the input has no argument '" + f.getKey() + "'");
            }
        }
        input.properties().stream().filter(f -> !f.getKey().equals(key)).forEach(f -> c.set(f.getKey(), f.getValue()));
        c.put("updatedAt", now());
        return new ArrayList<>();
    }

    private ObjectNode setOnIssue(JsonNode input) throws StandIn.Refusal {
        if (!"APPEND".equals(input.path("operationMode").asText())) {
            throw new StandIn.Refusal(400, "the demo expects operationMode APPEND");
        }
        Set<String> on = issueContacts.computeIfAbsent(input.path("projectPath").asText() + "#" + input.path("iid").asText(), k -> new LinkedHashSet<>());
        List<String> errors = new ArrayList<>();
        input.path("contactIds").forEach(id -> {
            if (contacts.containsKey(id.asText())) {
                on.add(id.asText());
            } else {
                errors.add("Issue customer relations contacts " + id.asText() + ": not found");
            }
        });
        ObjectNode r = StandIn.object();
        r.putObject("issue").put("id", "gid://gitlab/Issue/" + input.path("iid").asText());
        r.set("errors", Templates.JSON.valueToTree(errors));
        return r;
    }

    private static ObjectNode result(ObjectNode contact, List<String> errors) {
        ObjectNode r = StandIn.object();
        r.set("contact", contact == null ? null : contact.deepCopy());
        r.set("errors", Templates.JSON.valueToTree(errors));
        return r;
    }

    /** GraphQL gives times to the second: each change gets a later whole second, so a poll never misses one. */
    private String now() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        last = now.isAfter(last) ? now : last.plusSeconds(1);
        return last.toString();
    }
}
