package dev.bridge.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Builds and sends webhook deliveries the way GHL and GitLab send them, from the project's fixtures. */
public final class Webhooks {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final TestBridge bridge;

    public Webhooks(TestBridge bridge) {
        this.bridge = bridge;
    }

    /** A fixture with {{placeholders}} replaced; {{timestamp}} and {{webhookId}} are filled in when not given. */
    public static String fixture(String name, Map<String, String> values) {
        try (InputStream in = Webhooks.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> all = new LinkedHashMap<>();
            all.put("timestamp", Instant.now().toString());
            all.put("webhookId", UUID.randomUUID().toString());
            // GitLab's hook time format; each hook is newer than the last
            all.put("updatedAt", java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
                    .format(Instant.now().atZone(java.time.ZoneOffset.UTC)));
            all.putAll(values);
            for (Map.Entry<String, String> e : all.entrySet()) {
                text = text.replace("{{" + e.getKey() + "}}", e.getValue());
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public HttpResponse<String> ghl(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return post("/webhooks/ghl", bytes, Map.of("X-GHL-Signature", TestKeys.ed25519Sign(bytes)));
    }

    public HttpResponse<String> ghlRsa(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return post("/webhooks/ghl", bytes, Map.of("x-wh-signature", TestKeys.rsaSign(bytes)));
    }

    /** A GitLab 19 delivery: secret token plus Standard Webhooks signature. */
    public HttpResponse<String> gitlab(String event, String body) {
        return gitlab(event, body, UUID.randomUUID().toString());
    }

    public HttpResponse<String> gitlab(String event, String body, String webhookId) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        long ts = Instant.now().getEpochSecond();
        return post("/webhooks/gitlab", bytes, Map.of(
                "X-Gitlab-Event", event,
                "X-Gitlab-Token", TestKeys.GITLAB_SECRET,
                "webhook-id", webhookId,
                "Idempotency-Key", webhookId,
                "webhook-timestamp", String.valueOf(ts),
                "webhook-signature", TestKeys.gitlabSignature(webhookId, ts, bytes),
                "X-Gitlab-Event-UUID", UUID.randomUUID().toString()));
    }

    public HttpResponse<String> post(String path, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(bridge.url(path)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
