package dev.bridge.errors;

import org.apache.camel.http.base.HttpOperationFailedException;

/** Finds the HTTP answer behind a failure, however the clients wrapped it. */
final class HttpAnswers {

    private HttpAnswers() {
    }

    static HttpOperationFailedException in(Throwable failure) {
        for (Throwable c = failure; c != null; c = c.getCause()) {
            if (c instanceof HttpOperationFailedException h) {
                return h;
            }
        }
        return null;
    }
}
