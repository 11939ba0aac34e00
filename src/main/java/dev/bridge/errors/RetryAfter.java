package dev.bridge.errors;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.http.base.HttpOperationFailedException;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * Runs when a flow step fails, before Camel decides to redeliver. A failure no retry can fix ends the quick
 * redeliveries at once. A 429/503 with Retry-After (seconds or an HTTP date) sets the wait to what the server
 * asked for, capped; a wait longer than a worker should sleep also ends them, and the event waits in the inbox.
 */
public final class RetryAfter implements Processor {

    /** Exchange property: the wait the server asked for, in ms. */
    public static final String ASKED_WAIT = "bridgeRetryAfterMs";

    private final RetryPolicy policy;

    public RetryAfter(RetryPolicy policy) {
        this.policy = policy;
    }

    @Override
    public void process(Exchange exchange) {
        exchange.getMessage().removeHeader(Exchange.REDELIVERY_DELAY);
        exchange.removeProperty(ASKED_WAIT);
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (e == null) {
            e = exchange.getException();
        }
        if (!Failures.isTransient(e)) {
            exchange.getExchangeExtension().setRedeliveryExhausted(true);
            return;
        }
        Long millis = asked(e);
        if (millis == null) {
            return;
        }
        long wait = Math.max(0, Math.min(millis, policy.maxRetryAfterMillis()));
        exchange.setProperty(ASKED_WAIT, wait);
        if (wait > policy.maxInMemoryWaitMillis()) {
            exchange.getExchangeExtension().setRedeliveryExhausted(true);
        } else {
            exchange.getMessage().setHeader(Exchange.REDELIVERY_DELAY, wait);
        }
    }

    private static Long asked(Exception e) {
        return askedMillis(e);
    }

    /** The wait a 429/503 answer asked for (Retry-After, in ms; may be negative for a date past), or null. */
    public static Long askedMillis(Throwable e) {
        HttpOperationFailedException http = HttpAnswers.in(e);
        if (http == null || http.getResponseHeaders() == null) {
            return null;
        }
        String value = header(http.getResponseHeaders(), "Retry-After");
        return value == null ? null : parse(value.trim());
    }

    static Long parse(String value) {
        try {
            return Long.parseLong(value) * 1000;
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                return Duration.between(ZonedDateTime.now(at.getZone()), at).toMillis();
            } catch (Exception notADate) {
                return null;
            }
        }
    }

    private static String header(Map<String, String> headers, String name) {
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (h.getKey().equalsIgnoreCase(name)) {
                return h.getValue();
            }
        }
        return null;
    }
}
