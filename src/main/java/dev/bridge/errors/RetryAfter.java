package dev.bridge.errors;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.http.base.HttpOperationFailedException;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * Runs when a flow step fails, before Camel waits to redeliver: a 429/503 with Retry-After (seconds or an
 * HTTP date) sets the wait to what the server asked for, capped; anything else keeps the back-off.
 */
public final class RetryAfter implements Processor {

    private final long maxMillis;

    public RetryAfter(long maxMillis) {
        this.maxMillis = maxMillis;
    }

    @Override
    public void process(Exchange exchange) {
        exchange.getMessage().removeHeader(Exchange.REDELIVERY_DELAY);
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (e == null) {
            e = exchange.getException();
        }
        HttpOperationFailedException http = HttpAnswers.in(e);
        if (http == null || http.getResponseHeaders() == null) {
            return;
        }
        String value = header(http.getResponseHeaders(), "Retry-After");
        if (value == null) {
            return;
        }
        Long millis = parse(value.trim());
        if (millis != null) {
            exchange.getMessage().setHeader(Exchange.REDELIVERY_DELAY, Math.max(0, Math.min(millis, maxMillis)));
        }
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
