package dev.bridge.clients;

import dev.bridge.inbox.InboxDispatcher;
import org.apache.camel.Exchange;

/**
 * Whether a step may have run before for this event: a redelivery now, or any earlier claim of its inbox
 * row (a retry from the inbox, a replayed dead letter, a run cut short by a crash). The claim count is
 * never reset, so a replay always searches for what an earlier attempt may have done.
 */
public final class Retries {

    private Retries() {
    }

    public static boolean mayHaveRunBefore(Exchange exchange) {
        if (exchange == null) {
            return true;
        }
        Integer redelivery = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, Integer.class);
        Integer attempt = exchange.getMessage().getHeader(InboxDispatcher.ATTEMPT, Integer.class);
        return (redelivery != null && redelivery > 0) || attempt == null || attempt > 1;
    }
}
