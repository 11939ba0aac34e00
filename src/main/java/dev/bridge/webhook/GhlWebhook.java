package dev.bridge.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bridge.inbox.Delivery;
import dev.bridge.inbox.EntityKeys;
import dev.bridge.inbox.InboxWriter;
import dev.bridge.metrics.BridgeMetrics;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** POST /webhooks/ghl: HighLevel events, deduplicated on webhookId (or the body's hash). */
public final class GhlWebhook extends WebhookEndpoint {

    private static final Pattern CATEGORY = Pattern.compile("^[A-Z][a-z]+");

    private final GhlSignatures signatures;
    private final Duration maxAge;
    private final Clock clock;

    public GhlWebhook(GhlSignatures signatures, InboxWriter inbox, long maxBodyBytes, long acceptTimeoutMillis,
                      Duration maxAge, Clock clock, BridgeMetrics metrics) {
        super("ghl", inbox, maxBodyBytes, acceptTimeoutMillis, metrics);
        this.signatures = signatures;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    @Override
    protected void verify(Map<String, Object> headers, byte[] body) throws Rejection {
        signatures.verify(headers, body);
    }

    @Override
    protected Delivery read(Map<String, Object> headers, byte[] body, JsonNode json) throws Rejection {
        String type = string(json, "type");
        if (type == null) {
            throw new Rejection(400, "no event type: the field 'type' is missing");
        }
        String timestamp = string(json, "timestamp");
        if (timestamp == null) {
            // GHL's own examples carry none; accepted, but counted so operators see how many rely on dedupe alone
            metrics().withoutTimestamp(source());
        } else {
            Instant sent;
            try {
                sent = Instant.parse(timestamp);
            } catch (DateTimeParseException e) {
                throw new Rejection(400, "timestamp '" + bounded(timestamp, 40) + "' is not an ISO-8601 instant");
            }
            if (Duration.between(sent, clock.instant()).abs().compareTo(maxAge) > 0) {
                throw new Rejection(401, "timestamp " + timestamp + " is outside the accepted window of " + maxAge.toSeconds() + " s");
            }
        }
        String webhookId = text(json, "webhookId");
        String deliveryId = webhookId != null ? bounded(webhookId, 200) : "sha256:" + sha256(body);
        String id = text(json, "id");
        Matcher m = CATEGORY.matcher(type);
        String category = m.find() ? m.group().toLowerCase() : type.toLowerCase();
        String entity = id != null ? id : text(json, "locationId") != null ? text(json, "locationId") : deliveryId;
        // a contact's notes run one after another with the contact's own events: the first one makes the contact's issue
        String contactId = text(json, "contactId");
        String orderKey = "note".equals(category) && contactId != null ? bounded(EntityKeys.ghl("contact", contactId), 300) : null;
        return new Delivery(source(), deliveryId, "ghl." + bounded(type, 90), bounded(EntityKeys.ghl(category, entity), 300),
                orderKey, new String(body, StandardCharsets.UTF_8));
    }
}
