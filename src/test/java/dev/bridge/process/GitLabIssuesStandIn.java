package dev.bridge.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * GitLab's issues API of one project, as far as the bridge's marker logic needs it: POST stores the issue it is sent
 * (a new iid each time, the description kept as sent) and answers 201 with the issue; GET with {@code search=X}
 * answers the stored issues whose description contains X, the way {@code in=description} search does.
 */
final class GitLabIssuesStandIn implements ResponseDefinitionTransformerV2 {

    static final String NAME = "gitlab-issues-stand-in";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final long projectId;
    private final String token;
    private final List<ObjectNode> issues = new ArrayList<>();
    private final AtomicLong searches = new AtomicLong();

    private final int createDelayMillis;

    /**
     * @param createDelayMillis how long a create takes to answer after the issue is stored, as GitLab takes a while:
     *                          a caller that dies meanwhile has made an issue it never heard of
     */
    GitLabIssuesStandIn(long projectId, String token, int createDelayMillis) {
        this.projectId = projectId;
        this.token = token;
        this.createDelayMillis = createDelayMillis;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        Request request = event.getRequest();
        if (!token.equals(request.getHeader("PRIVATE-TOKEN"))) {
            return json(401, "{\"message\":\"401 Unauthorized\"}");
        }
        try {
            if (RequestMethod.POST.equals(request.getMethod())) {
                String issue = create(JSON.readTree(request.getBodyAsString())).toString();
                return new ResponseDefinitionBuilder().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody(issue).withFixedDelay(createDelayMillis).build();
            }
            if (RequestMethod.GET.equals(request.getMethod())) {
                searches.incrementAndGet();
                QueryParameter search = request.queryParameter("search");
                return json(200, search(search.isPresent() ? search.firstValue() : null).toString());
            }
        } catch (Exception e) {
            return json(400, "{\"message\":" + JSON.valueToTree(String.valueOf(e)) + "}");
        }
        return json(405, "{\"message\":\"405 Method Not Allowed\"}");
    }

    private synchronized ObjectNode create(JsonNode in) {
        if (in == null || !in.hasNonNull("title")) {
            throw new IllegalArgumentException("title is missing");
        }
        long iid = issues.size() + 1;
        ObjectNode issue = JSON.createObjectNode()
                .put("id", 100_000 + iid)
                .put("iid", iid)
                .put("project_id", projectId)
                .put("title", in.path("title").asText())
                .put("description", in.hasNonNull("description") ? in.get("description").asText() : null)
                .put("state", "opened")
                .put("due_date", in.hasNonNull("due_date") ? in.get("due_date").asText() : null)
                .put("web_url", "https://gitlab.example.com/acme/support/-/issues/" + iid);
        ArrayNode labels = issue.putArray("labels");
        if (in.hasNonNull("labels")) {
            for (String l : in.get("labels").asText().split(",")) {
                labels.add(l.trim());
            }
        }
        issues.add(issue);
        return issue.deepCopy();
    }

    private synchronized ArrayNode search(String term) {
        ArrayNode found = JSON.createArrayNode();
        for (ObjectNode issue : issues) {
            String description = issue.path("description").asText("");
            if (term == null || description.contains(term)) {
                found.add(issue.deepCopy());
            }
        }
        return found;
    }

    /** The descriptions of every issue created so far, in order of creation. */
    synchronized List<String> descriptions() {
        List<String> out = new ArrayList<>(issues.size());
        issues.forEach(i -> out.add(i.path("description").asText("")));
        return out;
    }

    synchronized int count() {
        return issues.size();
    }

    long searches() {
        return searches.get();
    }

    private static ResponseDefinition json(int status, String body) {
        return new ResponseDefinitionBuilder().withStatus(status).withHeader("Content-Type", "application/json").withBody(body).build();
    }
}
