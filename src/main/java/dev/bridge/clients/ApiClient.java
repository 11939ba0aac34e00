package dev.bridge.clients;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bridge.config.MissingSetting;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.http.HttpMethods;
import org.apache.camel.http.base.HttpOperationFailedException;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One JSON API over camel-http: base URL, auth headers, JSON in and out. Pooling and timeouts come from
 * camel.component.http.*; a non-2xx answer throws HttpOperationFailedException, and retrying it is the
 * job of the flows' shared error handler, so every call is retried the same way.
 */
public final class ApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProducerTemplate template;
    private final String endpoint;
    private final String baseUrl;
    private final Map<String, String> headers;
    private final String missingToken;
    private volatile Pacing pacing;
    private volatile java.util.function.BiPredicate<String, String> pacedCalls = (method, path) -> true;

    /**
     * @param missingToken when not null, calls fail with this reason (the token is not configured)
     */
    public ApiClient(CamelContext context, String baseUrl, Map<String, String> headers, String missingToken) {
        this.template = context.createProducerTemplate();
        this.baseUrl = baseUrl;
        // deleteWithBody: GHL takes the tags to remove as the body of DELETE /contacts/:id/tags
        this.endpoint = baseUrl + "?throwExceptionOnFailure=true&deleteWithBody=true";
        this.headers = headers;
        this.missingToken = missingToken;
    }

    /** Paces every request of this client (the API's own rate limit); none by default. */
    public ApiClient paced(Pacing pacing) {
        return paced(pacing, (method, path) -> true);
    }

    /** Paces the requests {@code which} picks by method and path (for example only comment creation). */
    public ApiClient paced(Pacing pacing, java.util.function.BiPredicate<String, String> which) {
        this.pacedCalls = which;
        this.pacing = pacing;
        return this;
    }

    public static String encode(String pathSegmentOrQueryValue) {
        return URLEncoder.encode(pathSegmentOrQueryValue, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public Map<String, Object> get(String path) {
        return asMap(call("GET", path, null));
    }

    public Object getAny(String path) {
        return call("GET", path, null);
    }

    public Map<String, Object> post(String path, Object body) {
        return asMap(call("POST", path, body));
    }

    public Map<String, Object> put(String path, Object body) {
        return asMap(call("PUT", path, body));
    }

    /** An answer and the one response header a caller asked for (a paging header such as X-Next-Page). */
    public record Answer(Object body, String header) {
    }

    /** GET with one response header, for lists paged by headers. */
    public Answer getWithHeader(String path, String header) {
        Exchange result = send("GET", path, null);
        return new Answer(json("GET", path, result), result.getMessage().getHeader(header, String.class));
    }

    /** Sends one request; {@code path} is already encoded and may carry a query string. */
    public Object call(String method, String path, Object body) {
        return json(method, path, send(method, path, body));
    }

    private Exchange send(String method, String path, Object body) {
        if (missingToken != null) {
            throw new MissingSetting(missingToken);
        }
        Pacing paced = pacing;
        if (paced != null && pacedCalls.test(method, path)) {
            paced.acquire();
        }
        Exchange result = template.send(endpoint, exchange -> {
            // the enum itself: a String would go through Camel's (slow) enum type conversion on every call
            exchange.getMessage().setHeader(Exchange.HTTP_METHOD, HttpMethods.valueOf(method));
            exchange.getMessage().setHeader(Exchange.HTTP_URI, baseUrl + path);
            headers.forEach(exchange.getMessage()::setHeader);
            if (body != null) {
                exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
                exchange.getMessage().setBody(JSON.writeValueAsString(body));
            }
        });
        if (result.getException() != null) {
            if (result.getException() instanceof HttpOperationFailedException http && ApiRejected.isPermanent(http.getStatusCode())) {
                throw new ApiRejected(method + " " + path.replaceAll("\\?.*", ""), http);
            }
            if (result.getException() instanceof RuntimeException re) {
                throw re;
            }
            throw new ApiCallFailed(method + " " + path.replaceAll("\\?.*", "") + " failed: " + result.getException().getMessage(),
                    result.getException());
        }
        return result;
    }

    private static Object json(String method, String path, Exchange result) {
        String text = result.getMessage().getBody(String.class);
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        try {
            return JSON.readValue(text, Object.class);
        } catch (Exception e) {
            throw new ApiCallFailed(method + " " + path + " answered with a body that is not JSON", e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object value) {
        if (value instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new ApiCallFailed("expected a JSON object, got " + (value instanceof List ? "an array" : String.valueOf(value)), null);
    }

    /** A map that leaves out null values, for request bodies where absent means "unchanged". */
    static Map<String, Object> fields(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            if (keyValues[i + 1] != null) {
                m.put((String) keyValues[i], keyValues[i + 1]);
            }
        }
        return m;
    }

    /** A call failed for a reason other than an HTTP status (I/O, timeouts, unreadable answers). */
    public static final class ApiCallFailed extends RuntimeException {
        public ApiCallFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
