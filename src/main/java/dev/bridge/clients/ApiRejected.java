package dev.bridge.clients;

import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * The API refused the request for good (a 4xx other than 408 and 429): retrying cannot help, so the
 * error handler sends the event straight to dead letters. Retryable failures stay HttpOperationFailedException.
 */
public class ApiRejected extends RuntimeException {

    private final HttpOperationFailedException answer;
    private final String meaning;

    public ApiRejected(String call, HttpOperationFailedException answer) {
        this(call, answer, null);
    }

    /** A refusal whose {@code meaning} (what this status means for this call, and the fix) goes into the dead letter's reason. */
    protected ApiRejected(String call, HttpOperationFailedException answer, String meaning) {
        super(call + " was refused with HTTP " + answer.getStatusCode() + (meaning == null ? "" : ": " + meaning), answer, false, false);
        this.answer = answer;
        this.meaning = meaning;
    }

    /** A refusal that came without an HTTP error status (a GraphQL answer's errors, say). */
    protected ApiRejected(String reason) {
        super(reason, null, false, false);
        this.answer = null;
        this.meaning = null;
    }

    /** What the status means for this call, or null when it speaks for itself. */
    public String meaning() {
        return meaning;
    }

    /** The HTTP answer, or null when the refusal came in a 200 answer or from the bridge's own checks. */
    public HttpOperationFailedException answer() {
        return answer;
    }

    static boolean isPermanent(int status) {
        return status >= 400 && status < 500 && status != 408 && status != 429;
    }
}
