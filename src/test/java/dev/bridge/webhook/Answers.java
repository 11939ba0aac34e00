package dev.bridge.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bridge.support.TestKeys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sends raw requests (any Content-Type, any URL) and checks the receivers' JSON answers. */
public final class Answers {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final List<String> SECRETS = List.of(TestKeys.GITLAB_SECRET, TestKeys.GITLAB_SIGNING_TOKEN,
            TestKeys.GITLAB_SIGNING_TOKEN.substring("whsec_".length()), "pit-test-ghl-token-1234", "glpat-test-gitlab-token-1234",
            "test-admin-token");

    private Answers() {
    }

    /** POST with exactly these headers (Content-Type included); never a 5xx, never a secret in the answer. */
    public static HttpResponse<String> post(String url, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::setHeader);
        return checked(send(b.build()));
    }

    public static HttpResponse<String> post(String url, String body, Map<String, String> headers) {
        return post(url, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    public static HttpResponse<String> get(String url, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
        headers.forEach(b::setHeader);
        return checked(send(b.build()));
    }

    /** Exact status, a JSON object answer with that status field, and a reason on every refusal. */
    public static JsonNode assertAnswer(HttpResponse<String> r, int status, String outcome) throws IOException {
        assertEquals(status, r.statusCode(), r.body());
        JsonNode json = JSON.readTree(r.body());
        assertNotNull(json, "no JSON answer");
        assertTrue(json.isObject(), r.body());
        assertEquals(outcome, json.path("status").asText(), r.body());
        if (status >= 300) {
            assertFalse(json.path("reason").asText().isBlank(), "a refusal without a reason: " + r.body());
        }
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), r.headers().toString());
        return json;
    }

    public static void assertReason(JsonNode answer, String part) {
        assertTrue(answer.path("reason").asText().contains(part), "reason should mention '" + part + "': " + answer);
    }

    private static HttpResponse<String> checked(HttpResponse<String> r) {
        assertTrue(r.statusCode() < 500 || !r.uri().getPath().startsWith("/webhooks/"), "5xx answer: " + r.statusCode() + " " + r.body());
        for (String secret : SECRETS) {
            assertFalse(r.body() != null && r.body().contains(secret), "answer contains a secret: " + r.body());
        }
        return r;
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
