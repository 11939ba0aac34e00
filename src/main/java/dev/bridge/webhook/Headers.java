package dev.bridge.webhook;

import io.vertx.core.MultiMap;

import java.util.Map;
import java.util.TreeMap;

/** Webhook request headers, looked up without regard to case. */
final class Headers {

    private Headers() {
    }

    /** The request's own headers (first value of each), looked up without regard to case. */
    static Map<String, Object> of(MultiMap request) {
        Map<String, Object> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Map.Entry<String, String> e : request) {
            headers.putIfAbsent(e.getKey(), e.getValue());
        }
        return headers;
    }

    /** Header value, or null when absent, blank or the placeholder "N/A" some accounts send. */
    static String value(Map<String, Object> headers, String name) {
        Object v = headers.get(name);
        if (v == null) {
            for (Map.Entry<String, Object> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    v = e.getValue();
                    break;
                }
            }
        }
        if (v == null) {
            return null;
        }
        String s = v.toString().trim();
        return s.isEmpty() || "N/A".equalsIgnoreCase(s) ? null : s;
    }
}
