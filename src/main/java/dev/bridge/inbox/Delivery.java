package dev.bridge.inbox;

/** One webhook delivery as it is stored: where it came from, its id, what it is about. */
public record Delivery(String source, String deliveryId, String eventType, String entityKey, String payload, boolean handled) {
}
