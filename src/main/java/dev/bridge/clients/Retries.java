package dev.bridge.clients;

import dev.bridge.inbox.InboxDispatcher;
import org.apache.camel.Exchange;

/** Whether a step may have run before: a redelivery now, or an earlier claim of the same inbox row. */
final class Retries {

    private Retries() {
    }

    static boolean isRetry(Exchange exchange) {
        if (exchange == null) {
            return true;
        }
        Integer redelivery = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, Integer.class);
        Integer attempt = exchange.getMessage().getHeader(InboxDispatcher.ATTEMPT, Integer.class);
        return (redelivery != null && redelivery > 0) || (attempt != null && attempt > 1);
    }
}
