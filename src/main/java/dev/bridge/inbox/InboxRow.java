package dev.bridge.inbox;

import java.sql.Timestamp;

/**
 * A claimed inbox row, handed to the flow that handles its event type.
 *
 * @param attempt    claims of this row ever made, this one included; above 1, a step may have run before
 * @param failures   failed attempts since it was received or last replayed
 * @param retrySince when the current run of failures began, or null
 */
public record InboxRow(long id, String source, String deliveryId, String eventType, String entityKey, String payload, int attempt,
                       int failures, Timestamp retrySince, Timestamp receivedAt) {

    InboxRow withPayload(String payload) {
        return new InboxRow(id, source, deliveryId, eventType, entityKey, payload, attempt, failures, retrySince, receivedAt);
    }
}
