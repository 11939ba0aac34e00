package dev.bridge.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The GitLab stand-in's CI pipelines: {@code POST /projects/:id/trigger/pipeline} (the trigger token, ref and
 * variables in the JSON body, no PRIVATE-TOKEN; GitLab's 201 answer), and, with PRIVATE-TOKEN, the pipelines listed
 * ({@code source}, {@code ref}, {@code updated_after}), one pipeline and its variables. A pipeline stays "created"
 * until the story (or a person, with --keep-running) finishes it. Part of {@link DemoGitLab}, which synchronizes the calls.
 */
final class DemoPipelines {

    /** The project's pipeline trigger token, made up for this run like the other secrets. */
    static final String TRIGGER_TOKEN = "glptt-" + DemoKeys.randomToken();
    static final String REF = "main";

    private static final Pattern TRIGGER = Pattern.compile("/api/v4/projects/([^/]+)/trigger/pipeline");
    private static final Pattern LIST = Pattern.compile("/api/v4/projects/([^/]+)/pipelines");
    private static final Pattern ONE = Pattern.compile("/api/v4/projects/([^/]+)/pipelines/(\\d+)(/variables)?");
    private static final String SHA = "c7f3a5b0e9d24f1a8b6e2d4c0f9a7e5b3d1c8a62";

    private final Supplier<String> projectUrl;
    private final Map<Long, ObjectNode> pipelines = new LinkedHashMap<>();
    private final Map<Long, Map<String, String>> variables = new LinkedHashMap<>();
    private long nextId = 1041;

    DemoPipelines(Supplier<String> projectUrl) {
        this.projectUrl = projectUrl;
    }

    static boolean isTrigger(String method, String path) {
        return method.equals("POST") && TRIGGER.matcher(path).matches();
    }

    synchronized List<ObjectNode> all() {
        return pipelines.values().stream().map(ObjectNode::deepCopy).toList();
    }

    /** A pipeline as GitLab holds it now (API shape), or null. */
    synchronized ObjectNode get(long id) {
        ObjectNode p = pipelines.get(id);
        return p == null ? null : p.deepCopy();
    }

    /** The variables the trigger gave the pipeline. */
    synchronized Map<String, String> variables(long id) {
        return Map.copyOf(variables.getOrDefault(id, Map.of()));
    }

    /** The pipeline's jobs ran: it ends {@code failed} or {@code success} (a retry of a failed one ends again). */
    synchronized ObjectNode finish(long id, String status) throws StandIn.Refusal {
        ObjectNode p = pipelines.get(id);
        if (p == null) {
            throw new StandIn.Refusal(404, "no pipeline " + id);
        }
        if (!status.equals("failed") && !status.equals("success")) {
            throw new StandIn.Refusal(400, "a pipeline ends failed or success");
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant started = now.minusSeconds(47);
        p.put("status", status).put("updated_at", now.toString()).put("started_at", started.toString()).put("finished_at", now.toString())
                .put("duration", 47).put("queued_duration", 2);
        String text = status.equals("success") ? "passed" : "failed";
        ((ObjectNode) p.get("detailed_status")).put("icon", "status_" + status).put("text", text).put("label", text).put("group", status)
                .put("tooltip", text);
        return p.deepCopy();
    }

    /** The answer to a pipeline call, or null when the call is about something else. */
    StandIn.Answer answer(StandIn.Request r) throws StandIn.Refusal {
        Matcher m;
        if ((m = TRIGGER.matcher(r.path())).matches() && r.method().equals("POST")) {
            project(m.group(1));
            return StandIn.Answer.ok(201, trigger(r.body()));
        }
        if ((m = LIST.matcher(r.path())).matches() && r.method().equals("GET")) {
            project(m.group(1));
            return StandIn.Answer.ok(200, list(r.query()));
        }
        if ((m = ONE.matcher(r.path())).matches() && r.method().equals("GET")) {
            project(m.group(1));
            long id = Long.parseLong(m.group(2));
            if (!pipelines.containsKey(id)) {
                throw new StandIn.Refusal(404, "Not found");
            }
            return StandIn.Answer.ok(200, m.group(3) == null ? get(id) : variablesOf(id));
        }
        return null;
    }

    private synchronized ObjectNode trigger(JsonNode body) throws StandIn.Refusal {
        if (body == null || !TRIGGER_TOKEN.equals(body.path("token").asText(null))) {
            throw new StandIn.Refusal(404, "Not Found"); // GitLab does not tell a wrong token from a missing project
        }
        if (body.path("ref").asText("").isBlank()) {
            throw new StandIn.Refusal(400, "ref is missing");
        }
        if (!REF.equals(body.get("ref").asText())) {
            throw new StandIn.Refusal(400, "Reference not found");
        }
        Map<String, String> given = new LinkedHashMap<>();
        JsonNode vars = body.path("variables");
        if (!vars.isMissingNode() && !vars.isObject()) {
            throw new StandIn.Refusal(400, "variables is invalid");
        }
        for (Map.Entry<String, JsonNode> v : vars.properties()) {
            if (!v.getValue().isValueNode()) {
                throw new StandIn.Refusal(400, "variables is invalid");
            }
            given.put(v.getKey(), v.getValue().asText());
        }
        long id = nextId++;
        String now = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        String url = projectUrl.get() + "/-/pipelines/" + id;
        ObjectNode p = StandIn.object().put("id", id).put("iid", id - 1000).put("project_id", DemoGitLab.PROJECT_ID).put("sha", SHA)
                .put("ref", REF).put("status", "created").put("source", "trigger").put("created_at", now).put("updated_at", now)
                .put("web_url", url).put("before_sha", "0000000000000000000000000000000000000000").put("tag", false).putNull("yaml_errors");
        p.set("user", DemoWebhooks.PERSON.deepCopy().put("state", "active"));
        p.putNull("started_at").putNull("finished_at").putNull("committed_at").putNull("duration").putNull("queued_duration").putNull("coverage");
        p.putObject("detailed_status").put("icon", "status_created").put("text", "created").put("label", "created").put("group", "created")
                .put("tooltip", "created").put("has_details", true).put("details_path", url.substring(url.indexOf("/", 8))).putNull("illustration");
        pipelines.put(id, p);
        variables.put(id, given);
        return p.deepCopy();
    }

    /** GET /pipelines: by id, newest first unless sort=asc, filtered by source, ref, status and updated_after; one page. */
    private synchronized ArrayNode list(Map<String, String> q) throws StandIn.Refusal {
        Instant after;
        try {
            after = q.containsKey("updated_after") ? Instant.parse(q.get("updated_after")) : Instant.EPOCH;
        } catch (RuntimeException e) {
            throw new StandIn.Refusal(400, "updated_after is invalid");
        }
        List<ObjectNode> found = new ArrayList<>(pipelines.values());
        found.removeIf(p -> !q.getOrDefault("source", p.get("source").asText()).equals(p.get("source").asText())
                || !q.getOrDefault("ref", p.get("ref").asText()).equals(p.get("ref").asText())
                || !q.getOrDefault("status", p.get("status").asText()).equals(p.get("status").asText())
                || Instant.parse(p.get("updated_at").asText()).isBefore(after));
        Comparator<ObjectNode> byId = Comparator.comparingLong(p -> p.get("id").asLong());
        found.sort("asc".equals(q.get("sort")) ? byId : byId.reversed());
        ArrayNode out = Templates.JSON.createArrayNode();
        for (ObjectNode p : found) {
            ObjectNode brief = out.addObject();
            for (String f : List.of("id", "iid", "project_id", "sha", "ref", "status", "source", "created_at", "updated_at", "web_url")) {
                brief.set(f, p.get(f).deepCopy());
            }
        }
        return out;
    }

    private synchronized ArrayNode variablesOf(long id) {
        ArrayNode out = Templates.JSON.createArrayNode();
        variables.getOrDefault(id, Map.of()).forEach((k, v) -> out.addObject().put("variable_type", "env_var").put("key", k).put("value", v)
                .put("raw", false));
        return out;
    }

    private static void project(String segment) throws StandIn.Refusal {
        String id = StandIn.decode(segment);
        if (!id.equals(String.valueOf(DemoGitLab.PROJECT_ID)) && !id.equals(DemoGitLab.PROJECT_PATH)) {
            throw new StandIn.Refusal(404, "Project Not Found");
        }
    }
}
