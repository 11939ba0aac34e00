package dev.bridge.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.bridge.inbox.Delivery;
import dev.bridge.inbox.InboxWriter;
import dev.bridge.metrics.BridgeMetrics;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import org.apache.camel.support.AsyncProcessorSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The answer rules shared by both webhook receivers: check size, authenticity and shape, then answer 2xx
 * only once the delivery is committed to the inbox, 429 when the inbox cannot take it, never 5xx.
 */
public abstract class WebhookEndpoint extends AsyncProcessorSupport {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookEndpoint.class);
    /** `{...} {}` or `{...}garbage` is malformed, not an object followed by noise. */
    protected static final ObjectMapper JSON = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private final String source;
    private final InboxWriter inbox;
    private final long maxBodyBytes;
    private final long acceptTimeoutMillis;
    private final BridgeMetrics metrics;

    protected WebhookEndpoint(String source, InboxWriter inbox, long maxBodyBytes, long acceptTimeoutMillis,
                              BridgeMetrics metrics) {
        this.source = source;
        this.metrics = metrics;
        this.inbox = inbox;
        this.maxBodyBytes = maxBodyBytes;
        this.acceptTimeoutMillis = acceptTimeoutMillis;
    }

    /** Checks authenticity and freshness and says what the delivery is; throws a Rejection for a 4xx. */
    protected abstract Delivery read(Map<String, Object> headers, byte[] body, JsonNode json) throws Rejection;

    /** Authenticity is checked before the body is parsed, so unsigned junk never reaches the parser. */
    protected abstract void verify(Map<String, Object> headers, byte[] body) throws Rejection;

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        Message in = exchange.getMessage();
        Delivery delivery;
        try {
            // the real request headers: platform-http also copies query parameters into the message headers
            Map<String, Object> headers = in instanceof HttpMessage http ? Headers.of(http.getRequest().headers()) : Map.of();
            String unsupported = ContentTypes.refusal(Headers.value(headers, "Content-Type"));
            if (unsupported != null) {
                throw new Rejection(415, unsupported);
            }
            byte[] body = in.getBody(byte[].class);
            if (body == null || body.length == 0) {
                throw new Rejection(400, "empty body: a JSON event is expected, sent with Content-Type: application/json");
            }
            if (body.length > maxBodyBytes) {
                throw new Rejection(413, "body is " + body.length + " bytes, the limit is " + maxBodyBytes);
            }
            verify(headers, body);
            JsonNode json;
            try {
                json = JSON.readTree(body);
            } catch (JsonProcessingException e) {
                throw new Rejection(400, "malformed JSON: " + e.getOriginalMessage());
            } catch (java.io.IOException e) {
                throw new Rejection(400, "unreadable body: " + e.getMessage());
            }
            if (json == null || !json.isObject()) {
                throw new Rejection(400, "malformed JSON: a JSON object is expected");
            }
            delivery = read(headers, body, json);
        } catch (Rejection r) {
            LOG.info("Refused {} webhook with {}: {}", source, r.status(), r.getMessage());
            answer(exchange, r.status(), "rejected", r.getMessage());
            callback.done(true);
            return true;
        } catch (RuntimeException e) {
            // never a 5xx: the event was not stored, so ask the sender to come back
            LOG.warn("Could not read a {} webhook, answered 429: {}", source, e.toString());
            answer(exchange, 429, "retry", "the event could not be read right now; send it again later");
            callback.done(true);
            return true;
        }
        // whether a flow handles the type is decided when the event is processed: a flow being reloaded loses nothing
        inbox.store(delivery).orTimeout(acceptTimeoutMillis, TimeUnit.MILLISECONDS).whenComplete((result, error) -> {
            if (error != null) {
                answer(exchange, 429, "retry", "the inbox cannot take the event right now; send it again later");
            } else {
                switch (result) {
                    case ACCEPTED -> answer(exchange, 200, "accepted", null);
                    case DUPLICATE -> answer(exchange, 200, "duplicate", "this delivery was already received");
                }
            }
            callback.done(false);
        });
        return false;
    }

    private void answer(Exchange exchange, int status, String outcome, String reason) {
        metrics.webhook(source, outcome);
        Message m = exchange.getMessage();
        m.getHeaders().clear();
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        m.setHeader(Exchange.CONTENT_TYPE, "application/json");
        m.setBody(answerBody(outcome, reason));
    }

    /** The JSON every answer carries: {"status":outcome} plus "reason" when there is one. */
    static String answerBody(String outcome, String reason) {
        StringBuilder sb = new StringBuilder("{\"status\":\"").append(outcome).append('"');
        if (reason != null) {
            try {
                sb.append(",\"reason\":").append(JSON.writeValueAsString(reason));
            } catch (JsonProcessingException e) {
                // a plain string always serialises
            }
        }
        return sb.append('}').toString();
    }

    protected String source() {
        return source;
    }

    protected BridgeMetrics metrics() {
        return metrics;
    }

    /** The field as a string, null when absent, null or blank; a number, object, array or boolean is malformed. */
    protected static String string(JsonNode node, String field) throws Rejection {
        JsonNode v = node.get(field);
        if (v != null && !v.isNull() && !v.isTextual()) {
            throw new Rejection(400, "malformed event: the field '" + field + "' must be a JSON string, not " + v.getNodeType().name().toLowerCase());
        }
        return text(node, field);
    }

    protected static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        String s = v.asText();
        return s.isBlank() ? null : s;
    }

    /** Keeps ids inside their columns: a long id is replaced by its hash. */
    protected static String bounded(String value, int max) {
        return value.length() <= max ? value : "sha256:" + sha256(value.getBytes(StandardCharsets.UTF_8));
    }

    protected static String sha256(byte[] bytes) {
        return dev.bridge.Sha256.hex(bytes);
    }
}
