package dev.bridge.errors;

import org.apache.camel.processor.errorhandler.RedeliveryPolicy;

/**
 * The one back-off of the bridge. Camel uses it for the few quick redeliveries of a blip (the error
 * handler refers to it as {@code bridgeRetryPolicy}); after those, the event goes back to the inbox and
 * waits there for the delay the same policy gives for its next attempt, until the retry horizon.
 */
public final class RetryPolicy extends RedeliveryPolicy {

    private final long horizonMillis;
    private final long maxInMemoryWaitMillis;
    private final long maxRetryAfterMillis;

    public RetryPolicy(int quickRedeliveries, long initialDelayMillis, double multiplier, long maxDelayMillis,
                       long horizonMillis, long maxInMemoryWaitMillis, long maxRetryAfterMillis) {
        setMaximumRedeliveries(quickRedeliveries);
        setRedeliveryDelay(initialDelayMillis);
        setUseExponentialBackOff(true);
        setBackOffMultiplier(multiplier);
        setMaximumRedeliveryDelay(maxDelayMillis);
        setUseCollisionAvoidance(true);
        setRetryAttemptedLogLevel(org.apache.camel.LoggingLevel.WARN);
        setRetriesExhaustedLogLevel(org.apache.camel.LoggingLevel.DEBUG);
        setLogStackTrace(false);
        setLogRetryStackTrace(false);
        setLogExhausted(false);
        this.horizonMillis = horizonMillis;
        this.maxInMemoryWaitMillis = maxInMemoryWaitMillis;
        this.maxRetryAfterMillis = maxRetryAfterMillis;
    }

    /** The wait before the inbox attempt that follows {@code failures} failed ones, continuing the quick redeliveries' sequence. */
    public long inboxDelay(int failures) {
        long delay = 0;
        int steps = Math.min(getMaximumRedeliveries() + failures, 64);
        for (int step = 1; step <= steps; step++) {
            delay = calculateRedeliveryDelay(delay, step);
        }
        if (delay >= getMaximumRedeliveryDelay()) {
            // at the cap Camel's jitter is cut off: spread waiting events below it, so they do not all return at once
            delay -= (long) (delay * getCollisionAvoidanceFactor() * java.util.concurrent.ThreadLocalRandom.current().nextDouble());
        }
        return delay;
    }

    public long horizonMillis() {
        return horizonMillis;
    }

    /** Longer waits than this are not slept in a worker: the event goes back to the inbox instead. */
    public long maxInMemoryWaitMillis() {
        return maxInMemoryWaitMillis;
    }

    public long maxRetryAfterMillis() {
        return maxRetryAfterMillis;
    }
}
