package dev.bridge.webhook;

import java.util.Map;

/** Webhook request headers, looked up without regard to case. */
final class Headers {

    private Headers() {
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
