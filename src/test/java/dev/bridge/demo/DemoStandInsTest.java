package dev.bridge.demo;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo's new stand-in parts refuse what GitLab and HighLevel refuse: a wrong trigger token, unknown fields, bad tags. */
class DemoStandInsTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static DemoGitLab gitlab;
    private static DemoGhl ghl;

    @BeforeAll
    static void start() throws Exception {
        CallLog log = new CallLog(new PrintStream(new ByteArrayOutputStream()));
        gitlab = new DemoGitLab(log);
        ghl = new DemoGhl(log);
    }

    @AfterAll
    static void stop() {
        gitlab.close();
        ghl.close();
    }

    private static HttpResponse<String> call(String method, String url, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(r::header);
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return Templates.JSON.readTree(r.body());
    }

    @Test
    void a_trigger_needs_the_runs_token_in_its_body_and_its_pipeline_is_found_with_the_api_token_only() throws Exception {
        String trigger = gitlab.baseUrl() + "/api/v4/projects/42/trigger/pipeline";
        assertEquals(404, call("POST", trigger, "{\"token\":\"glptt-wrong\",\"ref\":\"main\"}", Map.of()).statusCode());
        assertEquals(400, call("POST", trigger, "{\"token\":\"" + DemoPipelines.TRIGGER_TOKEN + "\",\"ref\":\"nope\"}", Map.of()).statusCode());
        HttpResponse<String> made = call("POST", trigger,
                "{\"token\":\"" + DemoPipelines.TRIGGER_TOKEN + "\",\"ref\":\"main\",\"variables\":{\"CUSTOMER_ID\":\"c1\"}}", Map.of());
        assertEquals(201, made.statusCode(), made.body());
        long id = json(made).get("id").asLong();
        assertEquals("created", json(made).get("status").asText());
        assertEquals("trigger", json(made).get("source").asText());

        String pipelines = gitlab.baseUrl() + "/api/v4/projects/42/pipelines";
        assertEquals(401, call("GET", pipelines + "?source=trigger&ref=main", null, Map.of()).statusCode());
        Map<String, String> auth = Map.of("PRIVATE-TOKEN", DemoGitLab.TOKEN);
        HttpResponse<String> listed = call("GET", pipelines + "?source=trigger&ref=main&updated_after=2020-01-01T00:00:00Z", null, auth);
        assertEquals(id, json(listed).get(0).get("id").asLong(), listed.body());
        HttpResponse<String> vars = call("GET", pipelines + "/" + id + "/variables", null, auth);
        assertEquals("CUSTOMER_ID", json(vars).get(0).get("key").asText(), vars.body());
        assertEquals("failed", gitlab.pipelines().finish(id, "failed").get("status").asText());
    }

    @Test
    void labels_are_added_and_removed_by_name_and_tags_one_by_one_with_nothing_else_in_the_body() throws Exception {
        Map<String, String> auth = Map.of("PRIVATE-TOKEN", DemoGitLab.TOKEN);
        HttpResponse<String> issue = call("POST", gitlab.baseUrl() + "/api/v4/projects/42/issues", "{\"title\":\"t\",\"labels\":\"a,b\"}", auth);
        long iid = json(issue).get("iid").asLong();
        HttpResponse<String> put = call("PUT", gitlab.baseUrl() + "/api/v4/projects/42/issues/" + iid,
                "{\"add_labels\":\"customer::vip,c\",\"remove_labels\":\"a\"}", auth);
        assertEquals("[\"b\",\"customer::vip\",\"c\"]", json(put).get("labels").toString());

        Map<String, String> ghlAuth = Map.of("Authorization", "Bearer " + DemoGhl.TOKEN, "Version", "2021-07-28");
        String tags = ghl.baseUrl() + "/contacts/" + ghl.contactId() + "/tags";
        assertEquals(422, call("POST", tags, "{\"tags\":[\"vip\"],\"replace\":true}", ghlAuth).statusCode());
        assertEquals(422, call("POST", tags, "{\"tags\":\"vip\"}", ghlAuth).statusCode());
        assertEquals(404, call("POST", ghl.baseUrl() + "/contacts/" + DemoContacts.SECOND_ID + "/tags", "{\"tags\":[\"vip\"]}", ghlAuth).statusCode(),
                "the second contact exists only once the story adds it");
        HttpResponse<String> added = call("POST", tags, "{\"tags\":[\"VIP\"]}", ghlAuth);
        assertEquals(201, added.statusCode());
        assertTrue(json(added).get("tags").toString().contains("\"vip\""), added.body());
        HttpResponse<String> removed = call("DELETE", tags, "{\"tags\":[\"vip\"]}", ghlAuth);
        assertEquals(200, removed.statusCode());
        assertFalse(json(removed).get("tags").toString().contains("\"vip\""), removed.body());

        String tasks = ghl.baseUrl() + "/contacts/" + ghl.contactId() + "/tasks";
        assertEquals(422, call("POST", tasks, "{\"title\":\"x\",\"dueDate\":\"2030-01-01T00:00:00Z\",\"contactId\":\"c\"}", ghlAuth).statusCode());
        HttpResponse<String> task = call("POST", tasks, "{\"title\":\"x\",\"dueDate\":\"2030-01-01T00:00:00Z\",\"completed\":false}", ghlAuth);
        assertEquals(201, task.statusCode(), task.body());
        String taskId = json(task).get("task").get("id").asText();
        assertTrue(call("GET", tasks, null, ghlAuth).body().contains(taskId));
    }
}
