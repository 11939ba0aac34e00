package dev.bridge.clients;

import dev.bridge.config.MissingSetting;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * GitLab CRM contacts in GITLAB_GROUP, over GraphQL ({@code POST /api/graphql}; there is no REST API for them).
 * An HTTP 200 answer that carries {@code errors} is a failure, classified like a REST answer: CRM off, no right or
 * a bad request are permanent, throttling and server trouble are retried. A mutation's own {@code errors} list
 * (validation) is permanent too.
 */
public final class GitLabCrm {

    static final String FIELDS = "id firstName lastName email phone description active updatedAt";
    private static final String SEARCH = "query($group: ID!, $search: String) { group(fullPath: $group) { id contacts(search: $search) "
            + "{ nodes { " + FIELDS + " } } } }";
    private static final String BY_ID = "query($group: ID!, $ids: [CustomerRelationsContactID!]) { group(fullPath: $group) { id "
            + "contacts(ids: $ids) { nodes { " + FIELDS + " } } } }";
    /** Every contact of the group (active and inactive), 100 a page in GitLab's default order; there is no updated-since filter. */
    private static final String PAGE = "query($group: ID!, $after: String) { group(fullPath: $group) { id contacts(first: 100, after: $after) "
            + "{ pageInfo { hasNextPage endCursor } nodes { " + FIELDS + " } } } }";
    private static final String CREATE = "mutation($input: CustomerRelationsContactCreateInput!) { customerRelationsContactCreate(input: $input) "
            + "{ contact { " + FIELDS + " } errors } }";
    private static final String UPDATE = "mutation($input: CustomerRelationsContactUpdateInput!) { customerRelationsContactUpdate(input: $input) "
            + "{ contact { " + FIELDS + " } errors } }";
    private static final String SET_ISSUE_CONTACTS = "mutation($input: IssueSetCrmContactsInput!) { issueSetCrmContacts(input: $input) "
            + "{ issue { id } errors } }";
    private static final List<String> RETRYABLE = List.of("throttl", "rate limit", "timeout", "timed out", "internal server error",
            "try again", "temporarily", "service unavailable");
    private static final List<String> UNAVAILABLE = List.of("feature disabled", "not enabled", "permission", "not authorized",
            "unauthorized", "access denied", "does not exist or you don't have");

    private final ApiClient graphql;
    private final ApiClient rest;
    private final String group;
    private final CrmStatus status;
    private volatile String groupPath;
    private volatile String groupId;
    private final Map<String, String> projectPaths = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param graphql client for {@code <gitlab.base-url>/api/graphql}
     * @param rest    client for {@code <gitlab.base-url>/api/v4}, to find the path of a group configured by number
     * @param group   GITLAB_GROUP: a full path ({@code acme}) or a numeric id
     */
    public GitLabCrm(ApiClient graphql, ApiClient rest, String group, CrmStatus status) {
        this.graphql = graphql;
        this.rest = rest;
        this.group = group;
        this.status = status;
    }

    public CrmStatus status() {
        return status;
    }

    /** Contacts with exactly these names and neither e-mail nor phone (what a create without them made). */
    public List<Map<String, Object>> findByNamesOnly(String firstName, String lastName) {
        return search(firstName + " " + lastName).stream().filter(c -> firstName.equals(c.get("firstName")) && lastName.equals(c.get("lastName"))
                && blank(c.get("email")) && blank(c.get("phone"))).toList();
    }

    private static boolean blank(Object value) {
        return value == null || value.toString().isBlank();
    }

    /** Contacts whose e-mail is {@code email}, case-insensitive and exact (GitLab's search is a partial match). */
    public List<Map<String, Object>> findByEmail(String email) {
        return search(email).stream().filter(c -> c.get("email") != null && c.get("email").toString().equalsIgnoreCase(email.strip())).toList();
    }

    /** Contacts whose phone has the same digits as {@code phone}. */
    public List<Map<String, Object>> findByPhone(String phone) {
        String digits = digits(phone);
        return search(phone).stream().filter(c -> !digits.isEmpty() && digits.equals(digits(c.get("phone")))).toList();
    }

    /** The contact as GitLab holds it now, or null. */
    public Map<String, Object> get(String id) {
        List<Map<String, Object>> found = contacts(call(BY_ID, vars("group", path(), "ids", List.of(id))));
        return found.isEmpty() ? null : found.get(0);
    }

    /** One page of the group's contacts and where the next begins (null after the last page). */
    public record Page(List<Map<String, Object>> contacts, String next) {
    }

    /** The page of the group's contacts after cursor {@code after} (null: the first page). */
    @SuppressWarnings("unchecked")
    public Page page(String after) {
        Map<String, Object> data = call(PAGE, vars("group", path(), "after", after));
        List<Map<String, Object>> nodes = contacts(data);
        Map<String, Object> contacts = (Map<String, Object>) ((Map<String, Object>) data.get("group")).get("contacts");
        Map<String, Object> info = contacts == null ? null : (Map<String, Object>) contacts.get("pageInfo");
        boolean more = info != null && Boolean.TRUE.equals(info.get("hasNextPage")) && info.get("endCursor") != null;
        return new Page(nodes, more ? String.valueOf(info.get("endCursor")) : null);
    }

    /** Creates a contact; {@code fields} are CRM fields (firstName, lastName, email, phone, description). */
    public Map<String, Object> create(Map<String, Object> fields) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("groupId", groupId());
        input.putAll(fields);
        return payload(call(CREATE, Map.of("input", input)), "customerRelationsContactCreate");
    }

    /** Writes the given fields of a contact; {@code active} false makes it inactive. */
    public Map<String, Object> update(String id, Map<String, Object> fields) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("id", id);
        input.putAll(fields);
        return payload(call(UPDATE, Map.of("input", input)), "customerRelationsContactUpdate");
    }

    /** Makes a contact inactive; false when this GitLab has no {@code active} argument (reported once). */
    public boolean deactivate(String id) {
        try {
            update(id, Map.of("active", false));
            return true;
        } catch (CrmRefused e) {
            String m = e.getMessage().toLowerCase(Locale.ROOT);
            if (m.contains("active") && (m.contains("not defined") || m.contains("doesn't accept") || m.contains("unknown")
                    || m.contains("not accepted"))) {
                status.noActiveFlag();
                return false;
            }
            throw e;
        }
    }

    /** Adds a CRM contact to an issue, keeping those it has (issueSetCrmContacts, APPEND). */
    @SuppressWarnings("unchecked")
    public void addToIssue(String projectPath, long iid, String contactGid) {
        Map<String, Object> input = vars("projectPath", projectPath, "iid", String.valueOf(iid), "contactIds", List.of(contactGid), "operationMode", "APPEND");
        Map<String, Object> result = (Map<String, Object>) call(SET_ISSUE_CONTACTS, Map.of("input", input)).get("issueSetCrmContacts");
        Object errors = result == null ? null : result.get("errors");
        if (errors instanceof List<?> list && !list.isEmpty()) {
            String text = String.join("; ", list.stream().map(String::valueOf).toList());
            if (UNAVAILABLE.stream().anyMatch(text.toLowerCase(Locale.ROOT)::contains)) {
                throw unavailable(text);
            }
            throw new CrmRefused("GitLab CRM refused issueSetCrmContacts: " + text);
        }
    }

    /** The full path of a project the bridge knows by number (GraphQL names projects by path), looked up once. */
    public String projectPath(String project) {
        if (project == null || !project.matches("[0-9]+")) {
            return project;
        }
        return projectPaths.computeIfAbsent(project, p -> String.valueOf(rest.get("/projects/" + p).get("path_with_namespace")));
    }

    /** A phone number's digits, for comparing numbers written differently. */
    public static String digits(Object phone) {
        return phone == null ? "" : phone.toString().replaceAll("[^0-9]", "");
    }

    private List<Map<String, Object>> search(String term) {
        return contacts(call(SEARCH, vars("group", path(), "search", term.strip())));
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> contacts(Map<String, Object> data) {
        Map<String, Object> g = (Map<String, Object>) data.get("group");
        if (g == null) {
            throw unavailable("group '" + group + "' does not exist or the token cannot see it");
        }
        groupId = Objects.toString(g.get("id"), groupId);
        Map<String, Object> contacts = (Map<String, Object>) g.get("contacts");
        List<Map<String, Object>> nodes = contacts == null ? null : (List<Map<String, Object>>) contacts.get("nodes");
        return nodes == null ? List.of() : new ArrayList<>(nodes);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> payload(Map<String, Object> data, String mutation) {
        Map<String, Object> result = (Map<String, Object>) data.get(mutation);
        Object errors = result == null ? null : result.get("errors");
        if (errors instanceof List<?> list && !list.isEmpty()) {
            throw new CrmRefused("GitLab CRM refused " + mutation + ": " + String.join("; ", list.stream().map(String::valueOf).toList()));
        }
        Map<String, Object> contact = result == null ? null : (Map<String, Object>) result.get("contact");
        if (contact == null) {
            throw new CrmRefused("GitLab CRM answered " + mutation + " without a contact");
        }
        return contact;
    }

    /** One GraphQL request; the answer's {@code data}, or a failure classified by its {@code errors}. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> call(String query, Map<String, Object> variables) {
        Map<String, Object> answer;
        try {
            answer = graphql.post("", Map.of("query", query, "variables", variables));
        } catch (ApiRejected e) {
            if (e.answer() != null && (e.answer().getStatusCode() == 401 || e.answer().getStatusCode() == 403)) {
                status.unavailable("GitLab GraphQL answered HTTP " + e.answer().getStatusCode() + " (check GITLAB_TOKEN and its api scope)");
            }
            throw e;
        }
        Object errors = answer.get("errors");
        if (errors instanceof List<?> list && !list.isEmpty()) {
            List<String> messages = list.stream().map(e -> e instanceof Map<?, ?> m ? String.valueOf(m.get("message")) : String.valueOf(e)).toList();
            String text = String.join("; ", messages);
            String lower = text.toLowerCase(Locale.ROOT);
            if (RETRYABLE.stream().anyMatch(lower::contains)) {
                throw new ApiClient.ApiCallFailed("GitLab GraphQL failed for now: " + text, null);
            }
            if (UNAVAILABLE.stream().anyMatch(lower::contains)) {
                throw unavailable(text);
            }
            throw new CrmRefused("GitLab GraphQL refused the request: " + text);
        }
        Object data = answer.get("data");
        if (!(data instanceof Map<?, ?>)) {
            throw new ApiClient.ApiCallFailed("GitLab GraphQL answered without data", null);
        }
        status.ok();
        return (Map<String, Object>) data;
    }

    private CrmRefused unavailable(String why) {
        String reason = "GitLab CRM is unavailable in group '" + group + "': " + why
                + " (enable customer relations on the top-level group; the token needs the api scope and the Developer role)";
        status.unavailable(reason);
        return new CrmRefused(reason);
    }

    /** The group's full path; a group configured by number is looked up once. */
    private String path() {
        if (group == null) {
            throw new MissingSetting("GITLAB_GROUP is not set");
        }
        if (groupPath == null) {
            groupPath = group.matches("[0-9]+") ? String.valueOf(rest.get("/groups/" + group).get("full_path")) : group;
        }
        return groupPath;
    }

    private String groupId() {
        if (group == null) {
            throw new MissingSetting("GITLAB_GROUP is not set");
        }
        if (groupId == null) {
            groupId = group.matches("[0-9]+") ? "gid://gitlab/Group/" + group : contactsGroupId();
        }
        return groupId;
    }

    @SuppressWarnings("unchecked")
    private String contactsGroupId() {
        Map<String, Object> g = (Map<String, Object>) call("query($group: ID!) { group(fullPath: $group) { id } }", vars("group", path())).get("group");
        if (g == null) {
            throw unavailable("group '" + group + "' does not exist or the token cannot see it");
        }
        return String.valueOf(g.get("id"));
    }

    private static Map<String, Object> vars(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
