package dev.bridge.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GitLab (REST v4) for one project: create, search, read, update, close and reopen issues, and their comments, with
 * GitLab's response shapes and the PRIVATE-TOKEN header. The project answers to its id and to its path. GraphQL
 * answers for the CRM contacts of the project's group ({@link DemoCrm}); pipelines in {@link DemoPipelines}.
 */
final class DemoGitLab extends StandIn {

    /** made up for this run, like the webhook keys */
    static final String TOKEN = DemoKeys.randomToken();
    static final long PROJECT_ID = 42;
    static final String PROJECT_PATH = "demo/support";

    private static final Pattern PROJECT = Pattern.compile("/api/v4/projects/([^/]+)");
    private static final Pattern ISSUES = Pattern.compile("/api/v4/projects/([^/]+)/issues");
    private static final Pattern ISSUE = Pattern.compile("/api/v4/projects/([^/]+)/issues/(\\d+)");
    private static final Pattern NOTES = Pattern.compile("/api/v4/projects/([^/]+)/issues/(\\d+)/notes");
    private static final ObjectNode BOT = object().put("id", 18).put("username", "bridge-bot").put("name", "Bridge Bot")
            .put("state", "active");

    private final Map<Long, ObjectNode> issues = new LinkedHashMap<>();
    private final Map<Long, List<ObjectNode>> notes = new LinkedHashMap<>();
    private final IssueClock clock = new IssueClock();
    private final DemoCrm crm = new DemoCrm();
    private final DemoPipelines pipelines = new DemoPipelines(this::projectUrl);
    private long nextNoteId = 500;

    DemoGitLab(CallLog log) throws IOException {
        super("GitLab", log);
    }

    String projectUrl() {
        return baseUrl() + "/" + PROJECT_PATH;
    }

    /**
     * Someone changes an issue in GitLab's UI (title, description, due_date, labels, add_labels, remove_labels, state_event);
     * returns the issue as it was before, for the hook's {@code changes}.
     */
    synchronized ObjectNode change(long iid, JsonNode fields) throws Refusal {
        ObjectNode issue = issues.get(iid);
        if (issue == null) {
            throw new Refusal(404, "Issue Not Found");
        }
        ObjectNode before = issue.deepCopy();
        update(issue, fields);
        return before;
    }

    /** The group's CRM contacts as GitLab holds them now. */
    synchronized List<ObjectNode> crmContacts() {
        return crm.contacts();
    }

    /** Someone edits a CRM contact in GitLab's UI; returns it as it is now. */
    synchronized ObjectNode editCrmContact(String gid, String field, String value) {
        return crm.edit(gid, field, value);
    }

    /** The CRM contacts set on an issue of the project. */
    synchronized java.util.Set<String> crmContactsOn(long iid) {
        return crm.onIssue(PROJECT_PATH, iid);
    }

    synchronized List<ObjectNode> issues() {
        return issues.values().stream().map(ObjectNode::deepCopy).toList();
    }

    /** An issue as GitLab holds it now (API shape), or null. */
    synchronized ObjectNode issue(long iid) {
        ObjectNode issue = issues.get(iid);
        return issue == null ? null : issue.deepCopy();
    }

    synchronized List<ObjectNode> notes(long iid) {
        return notes.getOrDefault(iid, List.of()).stream().map(ObjectNode::deepCopy).toList();
    }

    /** The project's pipelines (triggered by the bridge, finished by the story). */
    DemoPipelines pipelines() {
        return pipelines;
    }

    /** A trigger's only credential is the token in its body (DemoPipelines checks it). */
    @Override
    protected boolean open(String method, String path) {
        return DemoPipelines.isTrigger(method, path);
    }

    @Override
    protected String authProblem(Headers headers) {
        return TOKEN.equals(headers.getFirst("PRIVATE-TOKEN")) ? null : "PRIVATE-TOKEN is not the demo's GITLAB_TOKEN";
    }

    @Override
    protected String detail(String method, String path, JsonNode body) {
        return path.equals("/api/graphql") ? DemoCrm.describe(body) : null;
    }

    @Override
    protected JsonNode error(int status, String message) {
        return object().put("message", status == 401 ? "401 Unauthorized" : status == 404 ? "404 " + message : message);
    }

    @Override
    protected Answer answer(Request r) throws Refusal {
        Answer pipeline = pipelines.answer(r);
        if (pipeline != null) {
            return pipeline;
        }
        Matcher m;
        if (r.path().equals("/api/graphql") && r.method().equals("POST")) {
            return Answer.ok(200, crm.answer(r.body()));
        }
        if ((m = PROJECT.matcher(r.path())).matches() && r.method().equals("GET")) {
            project(m.group(1));
            return Answer.ok(200, object().put("id", PROJECT_ID).put("path_with_namespace", PROJECT_PATH).put("web_url", projectUrl()));
        }
        if ((m = NOTES.matcher(r.path())).matches()) {
            ObjectNode issue = issue(m.group(1), m.group(2));
            long iid = issue.get("iid").asLong();
            if (r.method().equals("GET")) {
                List<ObjectNode> list = new ArrayList<>(notes.getOrDefault(iid, List.of()));
                if (!"asc".equals(r.query().get("sort"))) {
                    Collections.reverse(list); // GitLab lists comments newest first unless asked otherwise
                }
                return Answer.ok(200, page(list, r.query()));
            }
            if (r.method().equals("POST")) {
                return Answer.ok(201, addNote(issue, r.body()));
            }
            return null;
        }
        if ((m = ISSUE.matcher(r.path())).matches() && r.method().equals("GET")) {
            return Answer.ok(200, issue(m.group(1), m.group(2)).deepCopy());
        }
        if ((m = ISSUE.matcher(r.path())).matches() && r.method().equals("PUT")) {
            ObjectNode issue = issue(m.group(1), m.group(2));
            update(issue, r.body() == null ? object() : r.body());
            return Answer.ok(200, issue.deepCopy());
        }
        if ((m = ISSUES.matcher(r.path())).matches()) {
            project(m.group(1));
            if (r.method().equals("POST")) {
                return Answer.ok(201, create(r.body() == null ? object() : r.body()));
            }
            if (r.method().equals("GET")) {
                return Answer.ok(200, page(search(r.query()), r.query()));
            }
        }
        return null;
    }

    private void project(String segment) throws Refusal {
        String id = StandIn.decode(segment);
        if (!id.equals(String.valueOf(PROJECT_ID)) && !id.equals(PROJECT_PATH)) {
            throw new Refusal(404, "Project Not Found");
        }
    }

    private ObjectNode issue(String project, String iid) throws Refusal {
        project(project);
        ObjectNode issue = issues.get(Long.parseLong(iid));
        if (issue == null) {
            throw new Refusal(404, "Issue Not Found");
        }
        return issue;
    }

    private ObjectNode create(JsonNode in) throws Refusal {
        if (in.path("title").asText("").isBlank()) {
            throw new Refusal(400, "title is missing");
        }
        long iid = issues.size() + 1;
        String now = clock.next().toString();
        String url = projectUrl() + "/-/issues/" + iid;
        ObjectNode issue = object().put("id", 8400 + iid).put("iid", iid).put("project_id", PROJECT_ID)
                .put("title", in.get("title").asText()).put("description", in.path("description").asText(null))
                .put("state", "opened").put("created_at", now).put("updated_at", now).putNull("closed_at").putNull("closed_by");
        issue.set("labels", DemoLabels.of(in.get("labels")));
        issue.putNull("milestone");
        issue.putArray("assignees");
        issue.set("author", BOT.deepCopy());
        issue.put("type", "ISSUE").put("user_notes_count", 0).put("due_date", blankToNull(in.get("due_date")))
                .put("confidential", false).put("discussion_locked", (String) null).put("issue_type", "issue").put("web_url", url);
        issue.putObject("references").put("short", "#" + iid).put("relative", "#" + iid).put("full", PROJECT_PATH + "#" + iid);
        issue.putObject("_links").put("self", baseUrl() + "/api/v4/projects/" + PROJECT_ID + "/issues/" + iid)
                .put("notes", baseUrl() + "/api/v4/projects/" + PROJECT_ID + "/issues/" + iid + "/notes")
                .put("project", baseUrl() + "/api/v4/projects/" + PROJECT_ID);
        issues.put(iid, issue);
        return issue.deepCopy();
    }

    /** PUT /issues/:iid: title, description, due_date (null or "" clears it), labels (DemoLabels), state_event close/reopen. */
    private void update(ObjectNode issue, JsonNode in) throws Refusal {
        String event = in.path("state_event").asText(null);
        if (event != null && !event.equals("close") && !event.equals("reopen")) {
            throw new Refusal(400, "state_event does not have a valid value");
        }
        for (String field : List.of("title", "description")) {
            if (in.has(field)) {
                issue.put(field, in.get(field).asText());
            }
        }
        if (in.has("due_date")) {
            issue.put("due_date", blankToNull(in.get("due_date")));
        }
        DemoLabels.apply(issue, in);
        String now = clock.next().toString();
        issue.put("updated_at", now);
        if (event != null) {
            boolean close = event.equals("close");
            issue.put("state", close ? "closed" : "opened").put("closed_at", close ? now : null);
            issue.set("closed_by", close ? BOT.deepCopy() : null);
        }
    }

    /** A comment written by a person in GitLab's UI (the demo's "comment" action). */
    synchronized ObjectNode commentAsPerson(long iid, String text, ObjectNode person) throws Refusal {
        ObjectNode issue = issues.get(iid);
        if (issue == null) {
            throw new Refusal(404, "no issue " + iid);
        }
        ObjectNode note = addNote(issue, object().put("body", text));
        note.set("author", person.deepCopy());
        notes.get(iid).get(notes.get(iid).size() - 1).set("author", person.deepCopy());
        return note;
    }

    private ObjectNode addNote(ObjectNode issue, JsonNode in) throws Refusal {
        if (in == null || in.path("body").asText("").isBlank()) {
            throw new Refusal(400, "body is missing");
        }
        String now = clock.next().toString();
        ObjectNode note = object().put("id", nextNoteId++).put("body", in.get("body").asText()).putNull("attachment");
        note.set("author", BOT.deepCopy());
        note.put("created_at", now).put("updated_at", now).put("system", false).put("noteable_id", issue.get("id").asLong())
                .put("noteable_type", "Issue").put("project_id", PROJECT_ID).put("noteable_iid", issue.get("iid").asLong())
                .put("resolvable", false).put("confidential", false).put("internal", false);
        notes.computeIfAbsent(issue.get("iid").asLong(), k -> new ArrayList<>()).add(note);
        issue.put("user_notes_count", notes.get(issue.get("iid").asLong()).size());
        return note.deepCopy();
    }

    /** GET /issues: search (in the description or title), state. */
    private List<ObjectNode> search(Map<String, String> q) {
        String term = q.getOrDefault("search", "").toLowerCase();
        String in = q.getOrDefault("in", "title,description");
        String state = q.getOrDefault("state", "all");
        return issues.values().stream()
                .filter(i -> state.equals("all") || i.get("state").asText().equals(state))
                .filter(i -> (in.contains("description") && i.path("description").asText().toLowerCase().contains(term))
                        || (in.contains("title") && i.get("title").asText().toLowerCase().contains(term)))
                .toList();
    }

    private static ArrayNode page(List<ObjectNode> items, Map<String, String> q) {
        int perPage = Math.min(100, Integer.parseInt(q.getOrDefault("per_page", "20")));
        int page = Integer.parseInt(q.getOrDefault("page", "1"));
        ArrayNode out = Templates.JSON.createArrayNode();
        items.stream().skip((long) (page - 1) * perPage).limit(perPage).forEach(i -> out.add(i.deepCopy()));
        return out;
    }

    private static String blankToNull(JsonNode value) {
        return value == null || value.isNull() || value.asText().isBlank() ? null : value.asText();
    }

    /** GitLab's hooks give times to the second: each change gets a later whole second, so no hook looks older than the last write. */
    private static final class IssueClock {
        private Instant last = Instant.EPOCH;

        Instant next() {
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            last = now.isAfter(last) ? now : last.plusSeconds(1);
            return last;
        }
    }
}
