package dev.bridge.errors;

import dev.bridge.inbox.InboxDispatcher;
import dev.bridge.inbox.InboxRow;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;

/**
 * Where an attempt ends when the quick redeliveries could not save it. A failure worth retrying goes back to
 * the inbox to wait for the policy's next delay (or the server's Retry-After), and holds back the later
 * events of its pair meanwhile; a permanent one, or one past the retry horizon, becomes a dead letter.
 */
public final class AttemptFailed {

    /** Exchange property for the dispatcher: wait this many ms, then try the event again. */
    public static final String RETRY_IN = "bridgeRetryInMs";
    /** Exchange property for the dispatcher: why the attempt failed (redacted). */
    public static final String LAST_ERROR = "bridgeLastError";

    private static final Logger LOG = LoggerFactory.getLogger(AttemptFailed.class);

    private final RetryPolicy policy;
    private final DeadLetters deadLetters;
    private final Redactor redactor;

    public AttemptFailed(RetryPolicy policy, DeadLetters deadLetters, Redactor redactor) {
        this.policy = policy;
        this.deadLetters = deadLetters;
        this.redactor = redactor;
    }

    public void handle(Exchange exchange) throws SQLException {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        InboxRow row = exchange.getProperty(InboxDispatcher.ROW_PROPERTY, InboxRow.class);
        if (row == null || !Failures.isTransient(cause)) {
            deadLetters.record(exchange);
            return;
        }
        Long asked = exchange.getProperty(RetryAfter.ASKED_WAIT, Long.class);
        long wait = asked != null ? asked : policy.inboxDelay(row.failures() + 1);
        long now = System.currentTimeMillis();
        long since = row.retrySince() != null ? row.retrySince().getTime() : now;
        String why = redactor.redact(Failures.describe(cause));
        if (now + wait - since > policy.horizonMillis()) {
            deadLetters.recordWithPreface(exchange, "retried for " + (now - since) / 60_000 + " min (" + (row.failures() + 1)
                    + " attempts), past the retry horizon of " + policy.horizonMillis() / 60_000 + " min; last failure: ");
            return;
        }
        exchange.setProperty(RETRY_IN, wait);
        exchange.setProperty(LAST_ERROR, why);
        LOG.warn("Event {} ({}) failed: {}; it waits in the inbox and is tried again in {} s (failure {})",
                row.id(), row.eventType(), why, Math.round(wait / 1000.0), row.failures() + 1);
    }
}
