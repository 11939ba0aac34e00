package dev.bridge.clients;

import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * The API refused the request for good (a 4xx other than 408 and 429): retrying cannot help, so the
 * error handler sends the event straight to dead letters. Retryable failures stay HttpOperationFailedException.
 */
public class ApiRejected extends RuntimeException {

    private final HttpOperationFailedException answer;

    public ApiRejected(String call, HttpOperationFailedException answer) {
        super(call + " was refused with HTTP " + answer.getStatusCode(), answer, false, false);
        this.answer = answer;
    }

    /** A refusal that came without an HTTP error status (a GraphQL answer's errors, say). */
    protected ApiRejected(String reason) {
        super(reason, null, false, false);
        this.answer = null;
    }

    /** The HTTP answer, or null when the refusal came in a 200 answer or from the bridge's own checks. */
    public HttpOperationFailedException answer() {
        return answer;
    }

    static boolean isPermanent(int status) {
        return status >= 400 && status < 500 && status != 408 && status != 429;
    }
}
