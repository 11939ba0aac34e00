package bench;

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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code StandIns <port> <contact-response.json>}: HighLevel and GitLab on one Vert.x event loop, just the
 * calls the TaskCreate flow makes. GET /_stats answers the counters, GET /_tasks the task ids that got an issue.
 */
public final class StandIns {

    static final String GHL_AUTH = "Bearer bench-ghl-token";
    static final String GITLAB_TOKEN = "bench-gitlab-token";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern MARKER = Pattern.compile("<!-- ghl-gitlab-bridge:task:(\\S+) -->");
    private static final Pattern CONTACT = Pattern.compile("/contacts/[^/]+");
    private static final Pattern TASK = Pattern.compile("/contacts/([^/]+)/tasks/([^/]+)");
    private static final String ISSUES = "/api/v4/projects/42/issues";

    private final Buffer contact;
    private final Map<String, ObjectNode> issueByTask = new ConcurrentHashMap<>();
    private final AtomicLong issuePosts = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong contactGets = new AtomicLong();
    private final AtomicLong taskPuts = new AtomicLong();
    private final AtomicLong issueSearches = new AtomicLong();
    private final AtomicLong unauthorized = new AtomicLong();
    private final AtomicLong unexpected = new AtomicLong();

    private StandIns(Buffer contact) {
        this.contact = contact;
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        StandIns s = new StandIns(Buffer.buffer(Files.readString(Path.of(args[1])).trim()));
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
        HttpMethod m = req.method();
        try {
            if (path.startsWith("/_")) {
                internal(req, path);
            } else if (path.startsWith("/api/v4/")) {
                if (!GITLAB_TOKEN.equals(req.getHeader("PRIVATE-TOKEN"))) {
                    unauthorized.incrementAndGet();
                    send(req, 401, "{\"message\":\"401 Unauthorized\"}");
                } else if (m == HttpMethod.POST && path.equals(ISSUES)) {
                    createIssue(req, body);
                } else if (m == HttpMethod.GET && path.equals(ISSUES)) {
                    // a retried create looks for its marker first: answer like GitLab's search would
                    issueSearches.incrementAndGet();
                    ObjectNode found = issueByTask.get(String.valueOf(req.getParam("search")));
                    send(req, 200, found == null ? "[]" : "[" + found + "]");
                } else {
                    notFound(req);
                }
            } else if (!GHL_AUTH.equals(req.getHeader("Authorization"))) {
                unauthorized.incrementAndGet();
                send(req, 401, "{\"message\":\"Unauthorized\"}");
            } else if (m == HttpMethod.GET && CONTACT.matcher(path).matches()) {
                contactGets.incrementAndGet();
                req.response().setStatusCode(200).putHeader("Content-Type", "application/json").end(contact);
            } else if (m == HttpMethod.PUT && TASK.matcher(path).matches()) {
                Matcher t = TASK.matcher(path);
                t.matches();
                taskPuts.incrementAndGet();
                ObjectNode task = body.length() == 0 ? JSON.createObjectNode() : (ObjectNode) JSON.readTree(body.getBytes());
                task.put("id", t.group(2)).put("contactId", t.group(1)).put("completed", false);
                send(req, 200, JSON.createObjectNode().set("task", task).toString());
            } else {
                notFound(req);
            }
        } catch (Exception e) {
            send(req, 400, "{\"message\":" + JSON.valueToTree(String.valueOf(e)) + "}");
        }
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
            send(req, 200, JSON.createObjectNode()
                    .put("issuePosts", issuePosts.get()).put("distinctTasks", issueByTask.size())
                    .put("duplicates", duplicates.get()).put("contactGets", contactGets.get())
                    .put("taskPuts", taskPuts.get()).put("issueSearches", issueSearches.get())
                    .put("unauthorized", unauthorized.get()).put("unexpected", unexpected.get()).toString());
        } else if (path.equals("/_tasks")) {
            req.response().putHeader("Content-Type", "text/plain").end(String.join("\n", issueByTask.keySet()));
        } else {
            notFound(req);
        }
    }

    private void notFound(HttpServerRequest req) {
        if (unexpected.incrementAndGet() <= 10) {
            System.out.println("unexpected call: " + req.method() + " " + req.uri());
        }
        send(req, 404, "{\"message\":\"404 Not Found\"}");
    }

    private static void send(HttpServerRequest req, int status, String json) {
        req.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(json);
    }
}
