package dev.bridge.inbox;

/** A claimed inbox row, handed to the flow that handles its event type. */
public record InboxRow(long id, String source, String deliveryId, String eventType, String entityKey, String payload, int attempt) {
}
