package dev.bridge.flows;

import dev.bridge.support.Await;
import dev.bridge.support.BridgeTest;
import dev.bridge.support.Stubs;
import dev.bridge.support.Webhooks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** GITLAB_PROJECT given as a path is URL-encoded exactly once: acme/support becomes acme%2Fsupport, never %252F. */
class GitLabProjectPathTest extends BridgeTest {


    @BeforeAll
    static void start() throws Exception {
        startBridge(p -> p.put("gitlab.project", "acme/support"));
    }

    @Test
    void a_project_path_is_encoded_once() throws Exception {
        String taskId = "pathTask000000000001";
        Stubs.ghlTaskUpdates(ghl, taskId, "Login broken for Acme", "x", false);
        gitlab.stubFor(post(urlEqualTo("/api/v4/projects/acme%2Fsupport/issues")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody(Stubs.issueJson(16, "Login broken for Acme", "opened", "d"))));

        assertEquals(200, webhooks.ghl(Webhooks.fixture("ghl/TaskCreate.json", Map.of("taskId", taskId))).statusCode());
        Await.until("issue created", () -> gitlab.findAll(anyRequestedFor(anyUrl())).size() >= 1);
        bridge.awaitInboxDrained();

        assertEquals("/api/v4/projects/acme%2Fsupport/issues", gitlab.findAll(anyRequestedFor(anyUrl())).get(0).getUrl());
        assertEquals(16L, bridge.count("SELECT gitlab_iid FROM links WHERE ghl_id = ?", taskId));
    }
}
