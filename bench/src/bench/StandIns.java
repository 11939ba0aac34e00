package bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code StandIns <port> <contact-response.json> <TaskCreate.json>}: HighLevel and GitLab on one Vert.x event loop,
 * just the calls the TaskCreate flow (F1) and the ContactCreate flow (F6, GraphQL: {@link CrmStandIn}) make. Every
 * request is counted by kind (see {@link #KINDS}); anything else is answered 404 and logged. GET /_stats answers the
 * counters, GET /_tasks the task ids that got an issue, GET /_contacts the e-mails that got a CRM contact.
 */
public final class StandIns {

    static final String GHL_AUTH = "Bearer bench-ghl-token";
    static final String GITLAB_TOKEN = "bench-gitlab-token";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern MARKER = Pattern.compile("<!-- ghl-gitlab-bridge:task:(\\S+) -->");
    private static final Pattern CONTACT = Pattern.compile("/contacts/[^/]+");
    private static final Pattern TASK = Pattern.compile("/contacts/([^/]+)/tasks/([^/]+)");
    private static final Pattern TASK_SEARCH = Pattern.compile("/locations/[^/]+/tasks/search");
    private static final String ISSUES = "/api/v4/projects/42/issues";
    private static final String GRAPHQL = "/api/graphql";
    private static final Pattern GROUP = Pattern.compile("/api/v4/groups/[^/]+");
    /** The kinds of upstream request, in the order the report prints them; "other" is everything unknown. */
    static final List<String> KINDS = List.of("ghl GET contact", "ghl GET task", "ghl task search", "ghl PUT task",
            "gitlab POST issue", "gitlab GET search", "gitlab graphql search", "gitlab graphql create", "gitlab graphql group",
            "gitlab GET group", "other");

    private final Buffer contact;
    private final CrmStandIn crm = new CrmStandIn();
    private final JsonNode taskTemplate;
    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    /** Tasks that got at least one PUT: the drain waits for every accepted task, not for a number of PUTs. */
    private final Set<String> updatedTasks = ConcurrentHashMap.newKeySet();
    private final Map<String, ObjectNode> issueByTask = new ConcurrentHashMap<>();
    private final AtomicLong issuePosts = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong contactGets = new AtomicLong();
    private final AtomicLong taskPuts = new AtomicLong();
    private final AtomicLong issueSearches = new AtomicLong();
    private final AtomicLong unauthorized = new AtomicLong();
    private final AtomicLong unexpected = new AtomicLong();

    private StandIns(Buffer contact, JsonNode taskTemplate) {
        this.contact = contact;
        this.taskTemplate = taskTemplate;
        KINDS.forEach(k -> calls.put(k, new LongAdder()));
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        StandIns s = new StandIns(Buffer.buffer(Files.readString(Path.of(args[1])).trim()), JSON.readTree(Path.of(args[2]).toFile()));
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1).setInternalBlockingPoolSize(1));
        vertx.createHttpServer(new HttpServerOptions().setTcpNoDelay(true))
                .requestHandler(req -> req.body().onSuccess(body -> s.handle(req, body)))
                .listen(port, "127.0.0.1")
                .onSuccess(srv -> System.out.println("stand-ins listening on 127.0.0.1:" + srv.actualPort()))
                .onFailure(e -> {
                    e.printStackTrace();
                    System.exit(1);
                });
    }

    private void handle(HttpServerRequest req, Buffer body) {
        String path = req.path();
        if (path.startsWith("/_")) {
            internal(req, path);
            return;
        }
        JsonNode graphql = null;
        String kind;
        try {
            if (req.method() == HttpMethod.POST && path.equals(GRAPHQL)) {
                graphql = JSON.readTree(body.getBytes());
                kind = CrmStandIn.kind(graphql);
            } else {
                kind = kind(req.method(), path);
            }
        } catch (Exception e) {
            kind = "other";
        }
        calls.get(kind).increment();
        try {
            if (kind.equals("other")) {
                notFound(req);
            } else if (kind.startsWith("gitlab") ? !GITLAB_TOKEN.equals(req.getHeader("PRIVATE-TOKEN"))
                    : !GHL_AUTH.equals(req.getHeader("Authorization"))) {
                unauthorized.incrementAndGet();
                send(req, 401, "{\"message\":\"401 Unauthorized\"}");
            } else {
                switch (kind) {
                    case "gitlab POST issue" -> createIssue(req, body);
                    case "gitlab GET search" -> {
                        // a retried create looks for its marker first: answer like GitLab's search would
                        issueSearches.incrementAndGet();
                        ObjectNode found = issueByTask.get(String.valueOf(req.getParam("search")));
                        send(req, 200, found == null ? "[]" : "[" + found + "]");
                    }
                    case "ghl GET contact" -> {
                        contactGets.incrementAndGet();
                        req.response().setStatusCode(200).putHeader("Content-Type", "application/json").end(contact);
                    }
                    case "gitlab graphql search", "gitlab graphql create", "gitlab graphql group" -> send(req, 200, crm.answer(kind, graphql));
                    // only for a GITLAB_GROUP given by number (the bench sets a path)
                    case "gitlab GET group" -> send(req, 200, "{\"id\":26,\"full_path\":\"" + CrmStandIn.GROUP + "\"}");
                    case "ghl GET task" -> getTask(req, path);
                    case "ghl PUT task" -> putTask(req, path, body);
                    // the bench's webhooks carry contactId, so the bridge should never search; if it does, the count
                    // shows it, and an empty page makes the bridge retry as it would for a task not yet visible
                    case "ghl task search" -> send(req, 200, "{\"tasks\":[]}");
                    default -> notFound(req);
                }
            }
        } catch (Exception e) {
            send(req, 400, "{\"message\":" + JSON.valueToTree(String.valueOf(e)) + "}");
        }
    }

    /** One of {@link #KINDS}. */
    private static String kind(HttpMethod m, String path) {
        if (path.equals(ISSUES)) {
            return m == HttpMethod.POST ? "gitlab POST issue" : m == HttpMethod.GET ? "gitlab GET search" : "other";
        } else if (m == HttpMethod.GET && CONTACT.matcher(path).matches()) {
            return "ghl GET contact";
        } else if (TASK.matcher(path).matches()) {
            return m == HttpMethod.GET ? "ghl GET task" : m == HttpMethod.PUT ? "ghl PUT task" : "other";
        } else if (m == HttpMethod.POST && TASK_SEARCH.matcher(path).matches()) {
            return "ghl task search";
        } else if (m == HttpMethod.GET && GROUP.matcher(path).matches()) {
            return "gitlab GET group";
        }
        return "other";
    }

    /**
     * The task as the webhook created it (GHL's {@code {"task": Task}}): the bench's tasks differ only in id. The
     * stand-in keeps no PUT bodies (memory at 150k tasks), so a read after the bridge's write shows no link yet.
     */
    private void getTask(HttpServerRequest req, String path) {
        Matcher t = TASK.matcher(path);
        t.matches();
        ObjectNode task = JSON.createObjectNode().put("id", t.group(2))
                .put("title", taskTemplate.path("title").asText()).put("body", taskTemplate.path("body").asText())
                .put("assignedTo", taskTemplate.path("assignedTo").asText()).put("dueDate", taskTemplate.path("dueDate").asText())
                .put("completed", false).put("contactId", t.group(1));
        send(req, 200, JSON.createObjectNode().set("task", task).toString());
    }

    private void putTask(HttpServerRequest req, String path, Buffer body) throws Exception {
        Matcher t = TASK.matcher(path);
        t.matches();
        taskPuts.incrementAndGet();
        ObjectNode task = body.length() == 0 ? JSON.createObjectNode() : (ObjectNode) JSON.readTree(body.getBytes());
        updatedTasks.add(t.group(2));
        task.put("id", t.group(2)).put("contactId", t.group(1)).put("completed", false);
        send(req, 200, JSON.createObjectNode().set("task", task).toString());
    }

    private void createIssue(HttpServerRequest req, Buffer body) throws Exception {
        ObjectNode in = (ObjectNode) JSON.readTree(body.getBytes());
        String description = in.path("description").asText("");
        Matcher marker = MARKER.matcher(description);
        long iid = issuePosts.incrementAndGet();
        ObjectNode issue = JSON.createObjectNode()
                .put("id", 100_000 + iid).put("iid", iid).put("project_id", 42)
                .put("title", in.path("title").asText()).put("description", description).put("state", "opened")
                .put("due_date", in.path("due_date").asText(null))
                .put("web_url", "https://gitlab.example.com/acme/support/-/issues/" + iid);
        issue.putArray("labels").add(in.path("labels").asText("highlevel"));
        if (marker.find() && issueByTask.putIfAbsent(marker.group(1), issue) != null) {
            duplicates.incrementAndGet();
        }
        send(req, 201, issue.toString());
    }

    private void internal(HttpServerRequest req, String path) {
        if (path.equals("/_stats")) {
            ObjectNode stats = JSON.createObjectNode()
                    .put("issuePosts", issuePosts.get()).put("distinctTasks", issueByTask.size())
                    .put("duplicates", duplicates.get()).put("contactGets", contactGets.get())
                    .put("taskPuts", taskPuts.get()).put("updatedTasks", updatedTasks.size())
                    .put("issueSearches", issueSearches.get())
                    .put("unauthorized", unauthorized.get()).put("unexpected", unexpected.get());
            crm.stats(stats);
            ObjectNode byKind = stats.putObject("calls");
            KINDS.forEach(k -> byKind.put(k, calls.get(k).sum()));
            send(req, 200, stats.toString());
        } else if (path.equals("/_tasks")) {
            req.response().putHeader("Content-Type", "text/plain").end(String.join("\n", issueByTask.keySet()));
        } else if (path.equals("/_contacts")) {
            req.response().putHeader("Content-Type", "text/plain").end(crm.emails());
        } else {
            notFound(req);
        }
    }

    private void notFound(HttpServerRequest req) {
        // the first ones tell what the bridge asked for; after that a line per 1000 keeps the log small
        long n = unexpected.incrementAndGet();
        if (n <= 10 || n % 1000 == 0) {
            System.out.println("unexpected call #" + n + ", answered 404: " + req.method() + " " + req.uri());
        }
        send(req, 404, "{\"message\":\"404 Not Found\"}");
    }

    private static void send(HttpServerRequest req, int status, String json) {
        req.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(json);
    }
}
