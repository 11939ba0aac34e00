package dev.bridge.flows;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.bridge.support.Await;
import dev.bridge.support.BridgeTest;
import dev.bridge.support.Stubs;
import dev.bridge.support.Webhooks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** F1: a GHL TaskCreate becomes exactly one GitLab issue, linked, and the task gets the issue URL. */
class TaskToIssueFlowTest extends BridgeTest {


    @BeforeAll
    static void start() throws Exception {
        startBridge(p -> { });
    }

    @Test
    void task_create_becomes_one_issue_with_contact_block_and_the_task_gets_the_issue_url() throws Exception {
        String taskId = "UlRWGLSXh0ji5qbiGu4i";
        Stubs.gitlabCreate(gitlab, 14, "Login broken for Acme", "Customer cannot log in since Monday");
        String url = "https://gitlab.example.com/acme/support/-/issues/14";
        Stubs.ghlTaskUpdates(ghl, taskId, "Login broken for Acme", "Customer cannot log in since Monday\n\nGitLab issue: " + url, false);

        HttpResponse<String> answer = webhooks.ghl(Webhooks.fixture("ghl/TaskCreate.json", Map.of("taskId", taskId)));
        assertEquals(200, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("accepted"), answer.body());

        Await.until("GHL task updated", () -> ghl.findAll(putRequestedFor(urlPathEqualTo("/contacts/" + Stubs.CONTACT_ID + "/tasks/" + taskId))).size() == 1);
        bridge.awaitInboxDrained();

        ghl.verify(1, getRequestedFor(urlEqualTo("/contacts/" + Stubs.CONTACT_ID))
                .withHeader("Authorization", equalTo("Bearer pit-test-ghl-token-1234"))
                .withHeader("Version", equalTo("2021-07-28")));
        List<LoggedRequest> creates = gitlab.findAll(postRequestedFor(urlEqualTo("/api/v4/projects/42/issues")));
        assertEquals(1, creates.size());
        LoggedRequest create = creates.get(0);
        assertEquals("glpat-test-gitlab-token-1234", create.getHeader("PRIVATE-TOKEN"));
        assertTrue(create.getHeader("Content-Type").startsWith("application/json"));
        String expectedDescription = "Customer cannot log in since Monday\n\n"
                + "#### HighLevel contact\n"
                + "**Rubika Deo** rubika@deos.com · +18832327657\n"
                + "https://app.gohighlevel.com/v2/location/ve9EPM428h8vShlRW1KT/contacts/detail/CWBf1PR9LvvBkcYqiXlc\n\n"
                + "<!-- ghl-gitlab-bridge:task:" + taskId + " -->";
        gitlab.verify(postRequestedFor(urlEqualTo("/api/v4/projects/42/issues")).withRequestBody(equalToJson(
                "{\"title\":\"Login broken for Acme\",\"description\":" + Stubs.json(expectedDescription)
                        + ",\"due_date\":\"2026-12-24\",\"labels\":\"highlevel\"}")));
        ghl.verify(putRequestedFor(urlPathEqualTo("/contacts/" + Stubs.CONTACT_ID + "/tasks/" + taskId))
                .withHeader("Authorization", equalTo("Bearer pit-test-ghl-token-1234"))
                .withHeader("Version", equalTo("2021-07-28"))
                .withRequestBody(equalToJson("{\"body\":" + Stubs.json("Customer cannot log in since Monday\n\nGitLab issue: " + url) + "}")));
        assertEquals(14L, bridge.count("SELECT gitlab_iid FROM links WHERE kind = 'task' AND ghl_id = ?", taskId));
    }

    @Test
    void task_create_without_contact_id_is_looked_up_in_the_location_first() throws Exception {
        String taskId = "noContactTask0000001";
        Stubs.gitlabCreate(gitlab, 15, "Login broken for Acme", "Customer cannot log in since Monday");
        Stubs.ghlTaskUpdates(ghl, taskId, "Login broken for Acme", "x", false);
        ghl.stubFor(post(urlEqualTo("/locations/ve9EPM428h8vShlRW1KT/tasks/search"))
                .willReturn(Stubs.okJson(Webhooks.fixture("ghl/task-search-response.json", Map.of("taskId", taskId)))));

        assertEquals(200, webhooks.ghl(Webhooks.fixture("ghl/TaskCreate-no-contact.json", Map.of("taskId", taskId))).statusCode());
        Await.until("GHL task updated", () -> ghl.findAll(putRequestedFor(urlPathEqualTo("/contacts/" + Stubs.CONTACT_ID + "/tasks/" + taskId))).size() == 1);
        bridge.awaitInboxDrained();

        ghl.verify(1, postRequestedFor(urlEqualTo("/locations/ve9EPM428h8vShlRW1KT/tasks/search"))
                .withHeader("Version", equalTo("2021-07-28"))
                .withRequestBody(equalToJson("{\"query\":\"Login broken for Acme\",\"limit\":100,\"skip\":0}")));
        ghl.verify(1, getRequestedFor(urlEqualTo("/contacts/" + Stubs.CONTACT_ID)));
        gitlab.verify(1, postRequestedFor(urlEqualTo("/api/v4/projects/42/issues"))
                .withRequestBody(matchingJsonPath("$.description", containing("Customer cannot log in since Monday")))
                .withRequestBody(matchingJsonPath("$.due_date", equalTo("2026-12-24"))));
        ghl.verify(putRequestedFor(urlPathEqualTo("/contacts/" + Stubs.CONTACT_ID + "/tasks/" + taskId))
                .withRequestBody(equalToJson("{\"body\":" + Stubs.json("Customer cannot log in since Monday\n\nGitLab issue: https://gitlab.example.com/acme/support/-/issues/15") + "}")));
    }

    @Test
    void health_includes_the_inbox_and_metrics_are_in_prometheus_format() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        HttpResponse<String> health = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(bridge.managementUrl("/observe/health?exposureLevel=full"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode(), health.body());
        assertTrue(health.body().contains("\"inbox\""), health.body());
        assertEquals(401, webhooks.post("/webhooks/ghl", "{\"type\":\"TaskCreate\"}".getBytes(), Map.of("X-GHL-Signature", "AAAA")).statusCode());
        HttpResponse<String> metrics = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(bridge.managementUrl("/observe/metrics"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("camel_exchanges_total"), "Prometheus text");
        assertTrue(metrics.body().lines().anyMatch(l -> l.startsWith("bridge_webhooks_total{") && l.contains("outcome=\"rejected\"")
                && l.contains("source=\"ghl\"")), "webhooks counted by source and answer");
        assertTrue(metrics.body().contains("bridge_inbox_write_queue"), "write queue gauge");
        assertTrue(metrics.body().contains("bridge_flows_in_flight"), "flows gauge");
    }
}
