package dev.bridge.clients;

import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * The API refused the request for good (a 4xx other than 408 and 429): retrying cannot help, so the
 * error handler sends the event straight to dead letters. Retryable failures stay HttpOperationFailedException.
 */
public final class ApiRejected extends RuntimeException {

    private final HttpOperationFailedException answer;

    public ApiRejected(String call, HttpOperationFailedException answer) {
        super(call + " was refused with HTTP " + answer.getStatusCode(), answer, false, false);
        this.answer = answer;
    }

    public HttpOperationFailedException answer() {
        return answer;
    }

    static boolean isPermanent(int status) {
        return status >= 400 && status < 500 && status != 408 && status != 429;
    }
}
