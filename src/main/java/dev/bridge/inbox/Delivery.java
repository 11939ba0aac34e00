package dev.bridge.inbox;

/**
 * One event as it is stored: where it came from, its dedupe key, what it is about.
 *
 * @param orderKey the synced pair it belongs to when the sender's payload says so (an issue carrying the
 *                 bridge's task marker); null means: the pair its entity is linked to, else the entity itself
 */
public record Delivery(String source, String deliveryId, String eventType, String entityKey, String orderKey, String payload) {
}
