package dev.bridge.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;

import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/** WireMock stand-ins for the GHL and GitLab APIs, answering with the project's fixture shapes. */
public final class Stubs {

    public static final String CONTACT_ID = "CWBf1PR9LvvBkcYqiXlc";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Stubs() {
    }

    public static WireMockExtension server() {
        return WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();
    }

    public static String json(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String issueJson(int iid, String title, String state, String description) {
        return Webhooks.fixture("gitlab/issue-response.json", Map.of("iid", String.valueOf(iid), "title", title, "state", state,
                "description", description == null ? "null" : json(description)));
    }

    public static String taskJson(String taskId, String title, String body, boolean completed) {
        return Webhooks.fixture("ghl/task-response.json", Map.of("taskId", taskId, "title", inner(title),
                "body", inner(body), "completed", String.valueOf(completed)));
    }

    /** A text as it goes between the quotes of a JSON string. */
    private static String inner(String text) {
        String quoted = json(text);
        return quoted.substring(1, quoted.length() - 1);
    }

    public static void ghlContact(WireMockExtension ghl) {
        ghl.stubFor(get(urlEqualTo("/contacts/" + CONTACT_ID)).willReturn(okJson(Webhooks.fixture("ghl/contact-response.json", Map.of()))));
    }

    /** GET of any task of the fixtures' contact: the task as the TaskCreate fixture describes it, with the id asked for. */
    public static void ghlTasks(WireMockExtension ghl) {
        ghl.stubFor(anyGhlTask());
    }

    /** The stub behind {@link #ghlTasks}, for stand-ins that are not a WireMockExtension. */
    public static com.github.tomakehurst.wiremock.client.MappingBuilder anyGhlTask() {
        return get(urlPathMatching("/contacts/" + CONTACT_ID + "/tasks/[^/]+")).atPriority(10)
                .willReturn(okJson(taskJson("{{request.pathSegments.[3]}}", "Login broken for Acme", "Customer cannot log in since Monday", false))
                        .withTransformers("response-template"));
    }

    /** GET of one task, as it is now in GHL. */
    public static void ghlTask(WireMockExtension ghl, String taskId, String title, String body, boolean completed) {
        ghl.stubFor(get(urlEqualTo("/contacts/" + CONTACT_ID + "/tasks/" + taskId)).atPriority(1)
                .willReturn(okJson(taskJson(taskId, title, body, completed))));
    }

    public static void ghlTaskUpdates(WireMockExtension ghl, String taskId, String title, String body, boolean completed) {
        ghl.stubFor(put(urlPathEqualTo("/contacts/" + CONTACT_ID + "/tasks/" + taskId))
                .willReturn(okJson(taskJson(taskId, title, body, completed))));
    }

    public static void gitlabCreate(WireMockExtension gitlab, int iid, String title, String description) {
        gitlab.stubFor(post(urlEqualTo("/api/v4/projects/42/issues"))
                .withHeader("PRIVATE-TOKEN", equalTo("glpat-test-gitlab-token-1234"))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody(issueJson(iid, title, "opened", description))));
    }

    public static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder okJson(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }
}
